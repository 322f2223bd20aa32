#!/usr/bin/python3
"""Loads the running reference Sahara to count its platform faults (README, "Sahara 16 on
bookworm"): N clients each loop create -> (1 s) -> read -> list -> delete -> read until 404,
for S seconds, then print one JSON line: requests, answers that never came, 5xx answers,
cycles, and the fault lines Sahara logged meanwhile. Everything it creates it deletes.

    python3 reference-target/bin/stress_sahara.py SECONDS CLIENTS
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
VAR = os.path.join(HERE, '..', 'var')
env = dict(line.strip().split('=', 1) for line in open(os.path.join(VAR, 'conformance.env')) if '=' in line)
base = '%s/v1.1/%s' % (env['CONFORMANCE_BASE_URL'], env['CONFORMANCE_PROJECT_ID'])
counts = {'requests': 0, 'no_answer': 0, 'server_errors': 0, 'cycles': 0}
lock = threading.Lock()


def count(key):
    with lock:
        counts[key] += 1


def call(method, path, body=None):
    request = urllib.request.Request(
        base + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={'X-Auth-Token': env['CONFORMANCE_AUTH_TOKEN'], 'Content-Type': 'application/json', 'Accept': 'application/json'})
    count('requests')
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as answer:
        if answer.code >= 500:
            count('server_errors')
        return answer.code, answer.read()
    except OSError:
        count('no_answer')
        return 0, b''


def cycle():
    body = {'cluster_id': env['CONFORMANCE_CLUSTER_ID'], 'job_configs': {'configs': {}, 'args': [], 'params': {'conformance_run_id': 'stress'}}}
    status, created = call('POST', '/jobs/%s/execute' % env['CONFORMANCE_JOB_ID'], body)
    if status != 202:
        time.sleep(0.5)
        return
    job_execution = '/job-executions/' + json.loads(created)['job_execution']['id']
    time.sleep(1.0)  # past PENDING: a job execution deleted while it starts stays for minutes
    call('GET', job_execution)
    call('GET', '/job-executions')
    call('DELETE', job_execution)
    for _ in range(50):
        if call('GET', job_execution)[0] == 404:
            break
        time.sleep(0.1)
    count('cycles')


def fault_lines(path, pattern):
    try:
        with open(path, errors='replace') as log:
            return sum(pattern in line for line in log)
    except FileNotFoundError:
        return 0


def faults():
    return {
        'greenlet_switch_errors': fault_lines(os.path.join(VAR, 'log', 'sahara-all.out'), 'returned NULL without setting an exception'),
        'lost_flask_contexts': fault_lines(os.path.join(VAR, 'log', 'sahara.log'), 'RuntimeError: Working outside of request context'),
    }


def main():
    seconds, clients = float(sys.argv[1]), int(sys.argv[2])
    before = faults()
    deadline = time.time() + seconds
    threads = [threading.Thread(target=lambda: [cycle() for _ in iter(lambda: time.time() < deadline, False)]) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = faults()
    print(json.dumps({**counts, **{name: after[name] - before[name] for name in after}}))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: stress_sahara.py SECONDS CLIENTS')
    main()
