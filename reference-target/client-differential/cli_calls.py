"""`openstack dataprocessing job ...` (python3-openstackclient + saharaclient's osc plugin).

The CLI is given a token and Sahara's URL: `--os-auth-type admin_token --os-endpoint URL`, with
the token in OS_TOKEN (never on the command line). admin_token is keystoneauth's name for the
token_endpoint plugin: it returns that endpoint for every service, so the plugin's
Client(sahara_url=None) talks to it as it stands; the same works for the mock (no Keystone)
and for real Sahara (a Keystone token). Every other OS_* variable is removed so that no
clouds.yaml or OS_CLOUD of the caller's shell interferes.
"""
import json
import os
import subprocess

from normalise import describe, short_message

CLI_TIMEOUT_S = 120


def command_line(side, args):
    return ['openstack', '--os-auth-type', 'admin_token', '--os-endpoint', side.endpoint,
            '--os-data-processing-api-version', '1.1', 'dataprocessing', 'job'] + list(args)


def run_cli(recorder, name, side, args, parse):
    labels = recorder.labels
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['OS_TOKEN'] = side.token()
    argv = command_line(side, args)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=CLI_TIMEOUT_S)
        rc, stdout, stderr = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        rc, stdout, stderr = None, '', 'timed out after %ss' % CLI_TIMEOUT_S
    shown = [labels.text(a) for a in argv]
    stderr_lines = [line for line in stderr.splitlines() if line.strip()]
    record = {'call': name, 'exit': rc, 'error': None if rc == 0 else {'exit': rc},
              'note': {'argv': ' '.join(shown[:1] + ['...'] + shown[5:]),
                       'stderr': short_message(labels, ' '.join(stderr_lines)) if stderr_lines else None}}
    if rc == 0:
        result, ids = parse(labels, stdout)
        record['result'] = result
        record['ids'] = ids
    recorder.write(record)
    return rc, stdout


def parse_list(labels, stdout):
    rows = json.loads(stdout)
    ids = []
    for row in rows:
        label = labels.label(row.get('Id'))
        ids.append(label if label and labels.is_job_execution(label) else '<foreign>')
    columns = sorted({key for row in rows for key in row})
    own = {label: labels.value(row) for label, row in zip(ids, rows) if label != '<foreign>'}
    return {'columns': columns, 'own_rows': own, 'foreign': ids.count('<foreign>')}, ids


def parse_show(labels, stdout):
    return describe(labels, json.loads(stdout)), None


def parse_text(labels, stdout):
    return {'stdout': [labels.text(line) for line in stdout.splitlines() if line.strip()]}, None
