#!/usr/bin/python3
"""Client-driven differential driver: the same fixed sequence of python-saharaclient (v1.1) and
`openstack dataprocessing job` calls against one target, one JSON line per call.

  python3 drive_client.py --env reference-target/var/conformance.env --out real.jsonl
  python3 drive_client.py --env /tmp/mock.env --out mock.jsonl      # npm run mock -- --write-env
  python3 compare.py real.jsonl mock.jsonl

Covers every job-execution call saharaclient 4.0.2 offers (create with each option, get, list
with limit/marker/sort_by/reverse/search_opts, update is_public/is_protected, delete), the errors
each raises, the fixture reads (jobs, clusters, data sources), a second tenant, and the CLI's
job list/show/delete. Everything it creates is deleted at the end (a job execution deleted while
PENDING is held TOBEKILLED by real Sahara for ~300 s and then removed by Sahara itself: the end
reports it as being deleted; --pending-timeout S waits for it instead).
"""
import argparse
import sys
import time
import uuid

from normalise import Labels
from recorder import Recorder
from targets import forged_token, load_target, token_with_other_url
from waiters import wait_until_gone, wait_until_settled
import cli_calls

UNKNOWN_ID = 'deadbeef-0000-4000-8000-000000000000'
# Stand-ins for data sources on a target that cannot create them (the mock has no /data-sources).
FALLBACK_INPUT_ID = 'd5d5d5d5-0000-4000-8000-0000000000a1'
FALLBACK_OUTPUT_ID = 'd5d5d5d5-0000-4000-8000-0000000000a2'
JOB_CONFIGS = {'configs': {'edp.test.config': 'v1'}, 'args': ['arg-1', 'arg-2'], 'params': {'param-1': 'p1'}}




class Driver:
    def __init__(self, target, out, with_pending=True, pending_timeout_s=0.0):
        self.t = target
        self.a, self.b = target.primary, target.other
        self.labels = Labels()
        self.rec = Recorder(out, self.labels)
        self.alive = {}  # label -> raw id of every job execution created and not yet gone
        self.data_sources = {}
        self.with_pending = with_pending and bool(target.pending_cluster_id)
        self.pending_timeout_s = pending_timeout_s
        run = uuid.uuid4().hex[:8]
        self.run_suffix = run
        for raw, label in ((self.a.project_id, '<project-a>'), (self.b.project_id, '<project-b>'),
                           (target.job_id, '<job-a>'), (target.other_job_id, '<job-b>'),
                           (target.cluster_id, '<cluster-a>'), (target.other_cluster_id, '<cluster-b>'),
                           (target.pending_cluster_id, '<cluster-pending>'), (UNKNOWN_ID, '<unknown-id>'),
                           (run, '<run>')):
            self.labels.add(raw, label)

    # -- helpers ---------------------------------------------------------------------------
    # Keys a periodic task adds some time after the resource exists (Sahara 16's health check
    # writes `verification` to an Active cluster minutes after it became Active): timing, not contract.
    LATE_KEYS = ('verification',)

    def pick(self, resource, fields):
        data = resource.to_dict()
        keys = sorted(k for k in data.keys() if k not in self.LATE_KEYS)
        return self.labels.value({'keys': keys, **{f: data.get(f) for f in fields if f in data}})

    def je(self, label):
        return self.alive.get(label) or self.labels.raw(label) or UNKNOWN_ID

    def created(self, label):
        def result(value):
            self.labels.add_job_execution(value.id, label)
            self.alive[label] = value.id
            return self.rec.describe_resource(value)
        return result

    def create(self, name, label, side=None, **kwargs):
        side = side or self.a
        args = dict(job_id=self.t.job_id, cluster_id=self.t.cluster_id)
        args.update(kwargs)
        return self.rec.call('create ' + name, side, lambda: side.client.job_executions.create(**args),
                             result=self.created(label))

    def create_refused(self, name, label, **kwargs):
        """A creation the server should refuse; one it accepts is removed at once (and recorded as
        accepted), so that it does not reappear in every later list and comparison."""
        outcome = self.create(name, label, **kwargs)
        if outcome.ok:
            wait_until_settled(self.a, outcome.value.id)
            self.remove(label)
        return outcome

    def remove(self, label, pending_timeout_s=30.0):
        """Deletes one of ours, unprotecting it first if need be, and waits until it reads 404."""
        raw = self.alive.get(label)
        if raw is None:
            return True
        for attempt in range(2):
            try:
                self.a.client.job_executions.delete(raw)
                break
            except Exception as e:
                if getattr(e, 'error_code', None) == 404:
                    break
                if attempt == 0:
                    try:
                        self.a.client.job_executions.update(raw, is_protected=False)
                    except Exception:
                        pass
        timeout = max(pending_timeout_s, 30.0) if label == 'je-pending' else 30.0
        gone, _, _ = wait_until_gone(self.a, raw, timeout_s=timeout, interval_s=0.2 if timeout <= 30 else 5.0)
        if gone:
            self.alive.pop(label, None)
        return gone

    def get(self, name, label_or_raw, side=None):
        side = side or self.a
        raw = self.je(label_or_raw) if not label_or_raw.startswith('raw:') else label_or_raw[4:]
        return self.rec.call(name, side, lambda: side.client.job_executions.get(raw))

    def update(self, name, label, side=None, **changes):
        side = side or self.a
        return self.rec.call(name, side, lambda: side.client.job_executions.update(self.je(label), **changes))

    def delete(self, name, label_or_raw, side=None):
        side = side or self.a
        raw = self.je(label_or_raw) if not label_or_raw.startswith('raw:') else label_or_raw[4:]
        return self.rec.call(name, side, lambda: side.client.job_executions.delete(raw))

    def listing(self, name, side=None, reference=None, paged=False, restrict=False, **kwargs):
        side = side or self.a
        return self.rec.call(name, side, lambda: side.client.job_executions.list(**kwargs),
                             result=lambda page: self.rec.describe_list(page, reference, paged, restrict))

    def record_gone(self, name, label, timeout_s=15.0):
        gone, seen, seconds = wait_until_gone(self.a, self.je(label), timeout_s=timeout_s)
        if gone:
            self.alive.pop(label, None)
        self.rec.write({'call': name, 'result': {'gone': gone},
                        'note': {'reads before 404': compress(seen), 'seconds': seconds}})

    # -- the sequence ----------------------------------------------------------------------
    def run(self):
        try:
            self.quiet_project()
            self.fixture()
            self.creations()
            self.reads()
            self.lists()
            self.visibility()
            self.protection()
            self.cli()
            self.updates()
            self.deletions()
        finally:
            self.cleanup()
        return self.rec.count

    def quiet_project(self):
        """The lists compare pages, so project A must hold nothing but this run's job executions.
        One an earlier run deleted while PENDING is held TOBEKILLED by real Sahara for ~300 s - and
        for good if Sahara was stopped meanwhile (the cancellation lives in the process). Such a
        deletion, already accepted, is sent again once and waited for (bounded by
        --pending-timeout, at least 420 s); anything else stays and is recorded in the first
        record, so that a comparison names it instead of differing on every page."""
        deadline = time.monotonic() + max(self.pending_timeout_s, 420.0)
        waited, resent = 0.0, set()
        while True:
            present = self.a.client.job_executions.list()
            held = [item for item in present if (item.info or {}).get('status') == 'TOBEKILLED']
            if not held or time.monotonic() >= deadline:
                break
            for item in held:
                if item.id not in resent:
                    resent.add(item.id)
                    try:
                        self.a.client.job_executions.delete(item.id)
                    except Exception:
                        pass
            time.sleep(5.0)
            waited += 5.0
        self.rec.write({'call': 'project A before the run', 'result': {'job executions present': len(present)},
                        'note': {'seconds waited for earlier deletions': waited, 'deletions sent again': len(resent),
                                 'still held': len(held)}})

    def fixture(self):
        a, t = self.a, self.t
        self.rec.call('jobs.get (fixture job)', a, lambda: a.client.jobs.get(t.job_id),
                      result=lambda v: self.pick(v, ('id', 'type', 'tenant_id', 'is_public', 'is_protected', 'interface')))
        self.rec.call('jobs.get (other project job)', a, lambda: a.client.jobs.get(t.other_job_id))
        self.rec.call('jobs.get (unknown id)', a, lambda: a.client.jobs.get(UNKNOWN_ID))
        cluster_fields = ('id', 'status', 'plugin_name', 'hadoop_version', 'tenant_id', 'is_public', 'is_protected')
        self.rec.call('clusters.get (fixture cluster)', a, lambda: a.client.clusters.get(t.cluster_id),
                      result=lambda v: self.pick(v, cluster_fields))
        if t.pending_cluster_id:
            self.rec.call('clusters.get (pending cluster)', a, lambda: a.client.clusters.get(t.pending_cluster_id),
                          result=lambda v: self.pick(v, cluster_fields))
        self.rec.call('clusters.get (unknown id)', a, lambda: a.client.clusters.get(UNKNOWN_ID))
        for label, fallback, direction in (('<ds-in>', FALLBACK_INPUT_ID, 'in'), ('<ds-out>', FALLBACK_OUTPUT_ID, 'out')):
            outcome = self.rec.call(
                'data_sources.create (hdfs, %s)' % direction, a,
                lambda d=direction: a.client.data_sources.create(
                    'client-differential-%s-%s' % (d, self.run_suffix), 'client-differential fixture', 'hdfs',
                    'hdfs://localhost/client-differential/%s' % d),
                result=lambda v, l=label: (self.labels.add(v.id, l), self.pick(v, ('id', 'type', 'url', 'name')))[1])
            raw = outcome.value.id if outcome.ok else fallback
            self.labels.add(raw, label)
            if outcome.ok:
                self.data_sources[label] = raw

    def creations(self):
        t = self.t
        self.create('(job_id, cluster_id only)', 'je-minimal')
        self.create('(configs)', 'je-configs', configs=JOB_CONFIGS)
        self.create('(input_id, output_id)', 'je-io', input_id=self.labels.raw('<ds-in>'), output_id=self.labels.raw('<ds-out>'))
        self.create('(interface={})', 'je-iface', interface={})
        self.create('(is_public=True, is_protected=True)', 'je-flags', is_public=True, is_protected=True)
        self.create_refused('(interface with an argument the job lacks)', 'je-x-iface', interface={'no-such-arg': '1'})
        self.create_refused('(unknown job id)', 'je-x-job', job_id=UNKNOWN_ID)
        self.create_refused('(unknown cluster id)', 'je-x-cluster', cluster_id=UNKNOWN_ID)
        self.create_refused('(cluster id not a UUID)', 'je-x-abc', cluster_id='abc')
        self.create_refused("(other project's cluster)", 'je-x-ocluster', cluster_id=t.other_cluster_id)
        self.create_refused("(other project's job)", 'je-x-ojob', job_id=t.other_job_id)
        self.create_refused('(unknown input_id, output_id)', 'je-x-io', input_id=UNKNOWN_ID, output_id=UNKNOWN_ID)
        self.create_refused('(configs not an object)', 'je-x-configs', configs=['not', 'an', 'object'])
        if self.with_pending:
            self.create('(on a cluster that is not Active)', 'je-pending', cluster_id=t.pending_cluster_id)
        for label in list(self.alive):
            if label == 'je-pending':
                continue
            state, reads = wait_until_settled(self.a, self.alive[label])
            self.rec.write({'call': 'settle ' + label, 'result': {'state': state}, 'note': {'reads': reads}})

    def reads(self):
        for label in list(self.alive):
            self.get('get ' + label, label)
        self.get('get (unknown id)', 'raw:' + UNKNOWN_ID)
        self.get('get ("abc")', 'raw:abc')
        self.get("other project gets je-minimal (private)", 'je-minimal', side=self.b)

    def lists(self):
        full = self.listing('list ()')
        reference = [item.id for item in full.value] if full.ok else []
        if len(reference) < 4:
            return
        first, second, before_last = reference[0], reference[1], reference[-2]

        def paged(name, **kwargs):
            self.listing(name, reference=reference, paged=True, **kwargs)

        paged('list (limit=2)', limit=2)
        paged('list (limit=2, marker=2nd)', limit=2, marker=second)
        paged('list (limit=2, marker=2nd from last)', limit=2, marker=before_last)
        paged('list (marker=1st)', marker=first)
        paged('list (marker=2nd)', marker=second)
        paged('list (limit=all)', limit=len(reference))
        for limit in (0, -1, 'abc'):
            paged('list (limit=%r)' % (limit,), limit=limit)
        paged('list (marker=unknown id)', marker=UNKNOWN_ID)
        paged('list (marker="abc")', marker='abc')
        self.listing('list (sort_by=id)', reference=reference, sort_by='id')
        self.listing('list (sort_by=id, reverse=True)', reference=reference, sort_by='id', reverse=True)
        self.listing('list (reverse=True alone)', reference=reference, reverse=True)
        for key in ('status', 'cluster', 'job_template', 'created_at', 'bogus'):
            self.listing('list (sort_by=%s)' % key, reference=reference, sort_by=key)
        filtered = {}
        for opts in ({'status': 'succeeded'}, {'status': 'pending'}, {'cluster_id': self.t.cluster_id},
                     {'job_id': self.t.job_id}, {'bogus': 'x'}):
            outcome = self.listing('list (search_opts=%s)' % self.labels.value(opts), reference=reference,
                                   restrict=True, search_opts=opts)
            filtered[opts.get('status')] = [item.id for item in outcome.value] if outcome.ok else []
        # A filtered page is positioned in the same server's filtered list.
        self.listing("list (search_opts={'status': 'succeeded'}, limit=2)", reference=filtered['succeeded'],
                     paged=True, search_opts={'status': 'succeeded'}, limit=2)

    def visibility(self):
        b = self.b
        self.update('update je-minimal (is_public=True)', 'je-minimal', is_public=True)
        self.get('other project gets je-minimal (public)', 'je-minimal', side=b)
        self.listing('other project lists', side=b)
        self.delete('other project deletes je-minimal (public)', 'je-minimal', side=b)
        self.update('other project updates je-minimal (public, is_public=False)', 'je-minimal', side=b, is_public=False)
        self.update('update je-minimal (is_public=False)', 'je-minimal', is_public=False)
        self.get('other project gets je-minimal (private again)', 'je-minimal', side=b)
        self.delete('other project deletes je-configs (private)', 'je-configs', side=b)
        self.update('other project updates je-configs (private)', 'je-configs', side=b, is_public=True)
        self.get('get je-minimal with a token of project a on the URL of project b', 'je-minimal',
                 side=token_with_other_url(self.a, self.b.project_id))
        self.get('get je-minimal with a forged token', 'je-minimal', side=forged_token(self.a))

    def protection(self):
        self.update('update je-configs (is_protected=True)', 'je-configs', is_protected=True)
        self.delete('delete je-configs (protected)', 'je-configs')
        self.update('update je-configs (protected; is_public=True)', 'je-configs', is_public=True)
        self.update('update je-configs (protected; is_public=False)', 'je-configs', is_public=False)
        self.update('update je-configs (protected; is_protected=True again)', 'je-configs', is_protected=True)
        self.update('update je-configs (protected; no fields)', 'je-configs')

    def cli(self):
        a, rec = self.a, self.rec
        cli_calls.run_cli(rec, 'cli: job list', a, ['list', '-f', 'json'], cli_calls.parse_list)
        cli_calls.run_cli(rec, 'cli: job list --long', a, ['list', '--long', '-f', 'json'], cli_calls.parse_list)
        cli_calls.run_cli(rec, 'cli: job list --status succeeded', a, ['list', '--status', 'succeeded', '-f', 'json'], cli_calls.parse_list)
        cli_calls.run_cli(rec, 'cli: job show je-minimal', a, ['show', self.je('je-minimal'), '-f', 'json'], cli_calls.parse_show)
        cli_calls.run_cli(rec, 'cli: job show (unknown id)', a, ['show', UNKNOWN_ID, '-f', 'json'], cli_calls.parse_show)
        cli_calls.run_cli(rec, 'cli: job delete je-configs (protected)', a, ['delete', self.je('je-configs')], cli_calls.parse_text)
        cli_calls.run_cli(rec, 'cli: job delete (unknown id)', a, ['delete', UNKNOWN_ID], cli_calls.parse_text)
        cli_calls.run_cli(rec, 'cli: job delete je-iface', a, ['delete', self.je('je-iface')], cli_calls.parse_text)
        self.record_gone('read until gone je-iface (after cli delete)', 'je-iface')

    def updates(self):
        self.update('update je-configs (is_protected=False)', 'je-configs', is_protected=False)
        self.update('update je-io (no fields)', 'je-io')
        self.update('update je-io (is_public=None)', 'je-io', is_public=None)
        self.update('update je-io (is_public=False)', 'je-io', is_public=False)
        self.update('update je-flags (is_protected=False)', 'je-flags', is_protected=False)
        self.rec.call('update (unknown id)', self.a, lambda: self.a.client.job_executions.update(UNKNOWN_ID, is_public=False))
        if self.with_pending:
            self.update('update je-pending (is_public=False; cluster not Active)', 'je-pending', is_public=False)

    def deletions(self):
        self.delete('delete je-io', 'je-io')
        self.record_gone('read until gone je-io', 'je-io')
        self.delete('delete je-io again', 'je-io')
        self.delete('delete (unknown id)', 'raw:' + UNKNOWN_ID)
        self.delete('delete ("abc")', 'raw:abc')
        if self.with_pending:
            self.delete('delete je-pending (PENDING)', 'je-pending')
            # Real Sahara flips it to TOBEKILLED a moment after the 204 and keeps it ~300 s.
            wait_until_settled(self.a, self.je('je-pending'), timeout_s=10.0)
            self.get('get je-pending after its delete (settled)', 'je-pending')
            self.delete('delete je-pending again (being deleted)', 'je-pending')

    def cleanup(self):
        """Removes what is left, then the data sources. An execution whose DELETE was accepted and
        that the server holds TOBEKILLED is left to it (real Sahara removes it ~300 s later),
        unless --pending-timeout asks to wait."""
        being_deleted = []
        if self.pending_timeout_s <= 0:
            for label in list(self.alive):
                state, _ = wait_until_settled(self.a, self.alive[label], timeout_s=0.0)
                if state == 'TOBEKILLED':
                    being_deleted.append(label)
                    self.alive.pop(label)
        left = [label for label in list(self.alive) if not self.remove(label, self.pending_timeout_s)]
        ds_left = []
        for label, raw in self.data_sources.items():
            try:
                self.a.client.data_sources.delete(raw)
            except Exception:
                ds_left.append(label)
        self.rec.write({'call': 'cleanup', 'result': {'left': sorted(left), 'data_sources_left': sorted(ds_left),
                                                      'being_deleted': sorted(being_deleted)}})


def compress(seen):
    out = []
    for kind in seen:
        if out and out[-1][0] == kind:
            out[-1][1] += 1
        else:
            out.append([kind, 1])
    return ['%s x%d' % (k, n) if n > 1 else k for k, n in out]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--env', required=True, help='env file: the suite\'s (mock --write-env, or var/conformance.env)')
    parser.add_argument('--auth', choices=('keystone', 'token'), help='default: keystone when the file has OS_AUTH_URL and OS_PASSWORD')
    parser.add_argument('--out', required=True, help='JSON lines, one per call')
    parser.add_argument('--no-pending', action='store_true', help='skip the execution on the non-Active cluster (and its ~300 s TOBEKILLED)')
    parser.add_argument('--pending-timeout', type=float, default=0.0,
                        help='seconds to wait at the end for a job execution held TOBEKILLED to vanish (default: leave it to the server)')
    args = parser.parse_args(argv)
    target = load_target(args.env, args.auth)
    with open(args.out, 'w', encoding='utf-8') as out:
        count = Driver(target, out, with_pending=not args.no_pending, pending_timeout_s=args.pending_timeout).run()
    print('drive_client: %d calls recorded against %s (auth %s) -> %s' % (count, target.primary.endpoint.rsplit('/', 1)[0], target.auth, args.out))
    return 0


if __name__ == '__main__':
    sys.exit(main())
