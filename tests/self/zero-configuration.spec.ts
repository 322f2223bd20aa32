/**
 * Zero configuration (issue 24): with nothing but the target and two projects' credentials, the
 * run finds an Active cluster, makes its own Shell job and removes it at the end - also after a
 * failed run, and through `cleanup RUN_ID` after a killed one; the running path is made on the
 * found cluster when the target keeps the job running, on CONFORMANCE_PENDING_CLUSTER_ID otherwise,
 * or is "not configured" with the setting named; discovery that cannot succeed stops the run with
 * exit 3 and the setting to fix; and a dry run shows what the run would need, never a pass.
 */
import { expect, test } from '@playwright/test';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type MockStart, type RunningMock } from '../../mock/server';
import { resourceNameOf, runResourceDescription } from '../../lib/target-fixtures/provisioning';
import { COMMAND, run, runCommandLine, SHORT_WAITS } from './support/run-command-line';
import { isolatedEnvironment } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

/** The mock's seed as a user with nothing but the target and two projects would give it. */
function twoProjectsOnly(mock: RunningMock): Record<string, string> {
  const env = seedEnvironment(mock.baseUrl, 'sahara');
  for (const name of ['CONFORMANCE_JOB_ID', 'CONFORMANCE_CLUSTER_ID', 'CONFORMANCE_PENDING_CLUSTER_ID', 'CONFORMANCE_OTHER_JOB_ID', 'CONFORMANCE_OTHER_CLUSTER_ID']) delete env[name];
  return env;
}

/** What the mock holds that a run made besides job executions: jobs, job binaries and internal binaries named conformance-... */
function runResourcesLeft(mock: RunningMock): string[] {
  const jobs = [...mock.store.jobs.values()].filter((j) => j.created?.name.startsWith('conformance-')).map((j) => `job ${j.created!.name}`);
  const binaries = [...mock.store.jobBinaries.values(), ...mock.store.jobBinaryInternals.values()].filter((b) => b.name.startsWith('conformance-')).map((b) => `binary ${b.name}`);
  return [...jobs, ...binaries];
}

const liveJobExecutions = (mock: RunningMock) => [...mock.store.jobExecutions.values()].filter((r) => !mock.store.isBeingDeleted(r)).length;

async function withMock(options: MockStart, body: (mock: RunningMock) => Promise<void>): Promise<void> {
  const mock = await startMockServer(options);
  try {
    await body(mock);
  } finally {
    await mock.close();
  }
}

test('two projects and nothing else: the run finds the cluster, makes its own job, removes it, and names the one setting JEX-DEL-008 needs', async () => {
  await withMock({}, async (mock) => {
    const run = await runCommandLine([], twoProjectsOnly(mock));
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/conformance: cluster \S+ \(mock-cluster-7c1d2e3f, plugin fake 0\.1, Active\): the only Active cluster of the project/);
    expect(output).toMatch(/conformance: made Shell job \S+ \(conformance-run-\d+-\d+; job binary \S+, internal binary \S+\), removed at the end of the run/);
    expect(output).toMatch(/own job and binaries: 3 of 3 removed/);
    // The fake plugin finishes every job at once: without a waiting cluster JEX-DEL-008 cannot run.
    expect(run.exitCode, output).toBe(2);
    const running = run.report?.requirements.find((r) => r.id === 'JEX-DEL-008');
    expect(running?.outcome).toBe('skipped');
    expect(running?.skipKind).toBe('not-configured');
    expect(running?.reason).toMatch(/^not configured: CONFORMANCE_PENDING_CLUSTER_ID, a cluster of the project where job executions stay running/);
    expect(run.report?.requirements.filter((r) => r.outcome === 'failed' && r.level === 'MUST')).toEqual([]);
    expect(runResourcesLeft(mock)).toEqual([]);
    expect(liveJobExecutions(mock)).toBe(0);
  });
});

test('with CONFORMANCE_PENDING_CLUSTER_ID beside the two projects the verdict is complete', async () => {
  await withMock({}, async (mock) => {
    const run = await runCommandLine([], { ...twoProjectsOnly(mock), CONFORMANCE_PENDING_CLUSTER_ID: seedEnvironment(mock.baseUrl, 'sahara').CONFORMANCE_PENDING_CLUSTER_ID! });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.report?.verdict).toBe('CONFORMANT');
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('a target that keeps the run\'s own job running: JEX-DEL-008 runs on the cluster it found', async () => {
  await withMock({ jobDurationMs: 600_000 }, async (mock) => {
    const run = await runCommandLine(['--grep', '@JEX-DEL-008'], twoProjectsOnly(mock));
    const running = run.report?.requirements.find((r) => r.id === 'JEX-DEL-008');
    expect(running?.outcome, run.stdout + run.stderr).toBe('passed');
    expect(JSON.stringify(run.report)).toMatch(/running job execution \(on cluster 7c1d2e3f-[^)]*\) gone/);
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('the same path on a target whose running job executions never go: JEX-DEL-008 fails, and what cannot be removed is named with the cleanup command', async () => {
  await withMock({ jobDurationMs: 600_000, defect: 'running-delete-never-completes' }, async (mock) => {
    const run = await runCommandLine(['--grep', '@JEX-DEL-008'], { ...twoProjectsOnly(mock), ...SHORT_WAITS });
    expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-008')?.outcome, run.stdout + run.stderr).toBe('failed');
    expect(run.exitCode).toBe(1);
    // Its job executions stay, so Sahara's rule keeps the job: said, with the way to remove it later.
    expect(run.stdout).toMatch(/own job and binaries: 1 of 3 removed \(STILL PRESENT: job \S+, job-binary \S+; remove them with npx sahara-conformance cleanup run-\S+\)/);
  });
});

test('no Active cluster: exit 3 naming CONFORMANCE_CLUSTER_ID, and nothing is made', async () => {
  await withMock({}, async (mock) => {
    for (const cluster of mock.store.clusters.values()) cluster.active = false;
    const run = await runCommandLine([], twoProjectsOnly(mock));
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/no Active cluster in project \w+ \(GET \.\.\.\/clusters\): it has .*Waiting.*; create one, or set CONFORMANCE_CLUSTER_ID/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('several Active clusters: the first by name, said on the first lines; CONFORMANCE_CLUSTER_NAME picks another, and a name that fits none is exit 3', async () => {
  await withMock({}, async (mock) => {
    const tenantId = seedEnvironment(mock.baseUrl, 'sahara').CONFORMANCE_PROJECT_ID!;
    mock.store.clusters.set('aaaaaaaa-0000-4000-8000-000000000001', { id: 'aaaaaaaa-0000-4000-8000-000000000001', tenantId, active: true, name: 'aaa-first' });
    mock.store.clusters.set('ffffffff-0000-4000-8000-000000000002', { id: 'ffffffff-0000-4000-8000-000000000002', tenantId, active: true, name: 'zzz-last' });
    const first = await runCommandLine(['--grep', '@JEX-DEL-001'], twoProjectsOnly(mock));
    expect(first.stdout).toMatch(/conformance: cluster aaaaaaaa-0000-4000-8000-000000000001 \(aaa-first, plugin fake 0\.1, Active\): the first by name of 3 Active clusters \(aaa-first, mock-cluster-7c1d2e3f, zzz-last\); CONFORMANCE_CLUSTER_NAME chooses another/);
    const named = await runCommandLine(['--grep', '@JEX-DEL-001'], { ...twoProjectsOnly(mock), CONFORMANCE_CLUSTER_NAME: 'zzz-last' });
    expect(named.stdout).toMatch(/conformance: cluster ffffffff-0000-4000-8000-000000000002 \(zzz-last, .*\), named by CONFORMANCE_CLUSTER_NAME/);
    expect(named.report?.requirements.find((r) => r.id === 'JEX-DEL-001')?.outcome).toBe('passed');
    const wrong = await runCommandLine([], { ...twoProjectsOnly(mock), CONFORMANCE_CLUSTER_NAME: 'no-such-cluster' });
    expect(wrong.exitCode).toBe(3);
    expect(wrong.stderr).toMatch(/CONFORMANCE_CLUSTER_NAME=no-such-cluster names no Active cluster of project \w+ .*: aaa-first, mock-cluster-7c1d2e3f, zzz-last/);
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('a job type the target refuses: exit 3 with its answer and the setting to give, and the job it made is removed', async () => {
  await withMock({ unsupportedJobTypes: ['Shell'] }, async (mock) => {
    const run = await runCommandLine([], twoProjectsOnly(mock));
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/the target would not create the run's canary job execution.*doesn't support job type 'Shell'.*check CONFORMANCE_JOB_ID \(a job the cluster's plugin runs; the run's own Shell job was refused\)/);
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('a failed run still removes the job template and binaries it made', async () => {
  await withMock({ defect: 'not-found-as-html' }, async (mock) => {
    const run = await runCommandLine(['--grep-invert', '@long'], twoProjectsOnly(mock));
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/own job and binaries: 3 of 3 removed/);
    expect(runResourcesLeft(mock)).toEqual([]);
  });
});

test('cleanup RUN_ID removes a killed run\'s job and binaries by their name, and nothing of another run', async () => {
  await withMock({}, async (mock) => {
    const tenantId = seedEnvironment(mock.baseUrl, 'sahara').CONFORMANCE_PROJECT_ID!;
    const make = (runId: string) => {
      const internal = mock.store.createBinary(mock.store.jobBinaryInternals, { tenantId, name: resourceNameOf('job-binary-internal', runId), description: '', size: 10 });
      const binary = mock.store.createBinary(mock.store.jobBinaries, { tenantId, name: resourceNameOf('job-binary', runId), description: runResourceDescription(runId), url: `internal-db://${internal.id}` });
      mock.store.createJob(tenantId, { name: resourceNameOf('job', runId), type: 'Shell', mains: [binary.id], description: runResourceDescription(runId) });
    };
    make('run-killed-1');
    make('run-other-2');
    const env = seedEnvironment(mock.baseUrl, 'sahara');
    const dry = await run(COMMAND, ['cleanup', 'run-killed-1', '--dry-run'], isolatedEnvironment(env));
    expect(dry.stdout).toMatch(/3 job\/binary resource\(s\) of run run-killed-1 \(dry run: nothing deleted\)/);
    expect(runResourcesLeft(mock)).toHaveLength(6);
    const cleanup = await run(COMMAND, ['cleanup', 'run-killed-1'], isolatedEnvironment(env));
    expect(cleanup.exitCode, cleanup.stdout + cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(/deleted job \S+\n\s+deleted job-binary \S+\n\s+deleted job-binary-internal \S+/);
    expect(runResourcesLeft(mock).sort()).toEqual(['binary conformance-run-other-2.sh', 'binary conformance-run-other-2.sh', 'job conformance-run-other-2']);
  });
});

test('a dry run with two projects only shows what it would find and make, and JEX-DEL-008 as "would need", never as passed', async () => {
  await withMock({}, async (mock) => {
    const { CONFORMANCE_OTHER_PROJECT_ID: _p, CONFORMANCE_OTHER_AUTH_TOKEN: _t, ...oneProject } = twoProjectsOnly(mock);
    const run = await runCommandLine(['--dry-run', '--grep', 'JEX-DEL-008', '--grep', 'JEX-TEN-001'], oneProject);
    const output = run.stdout + run.stderr;
    expect(run.exitCode, output).toBe(0);
    expect(output).toContain('Dry run: what the run would use, find and make on the target:');
    expect(output).toMatch(/cluster: would find one with status Active \(GET \/v1\.1\/<project>\/clusters\)/);
    expect(output).toMatch(/job: would make its own Shell job/);
    expect(output).toMatch(/MISSING: a second project/);
    expect(output).toMatch(/creates\s+POST\s+\/v1\.1\/\{project_id\}\/jobs\n/);
    expect(output).toMatch(/creates\s+PUT\s+\/v1\.1\/\{project_id\}\/job-binary-internals\/\{name\}/);
    // Neither test is shown as passing: both are skipped with what they would need.
    expect(output).toMatch(/WOULD NEED\s+CONFORMANCE_PENDING_CLUSTER_ID, a cluster of the project where job executions stay running \(e\.g\. one that is not Active\): unless the target keeps the run's own job running/);
    expect(output).toMatch(/WOULD NEED\s+a second project/);
    expect(output).toMatch(/2 test\(s\) would be skipped/);
    expect(output).not.toMatch(/✓.*@JEX-DEL-008/);
    expect(output).not.toMatch(/✓.*@JEX-TEN-001/);
    expect(mock.store.jobs.size, 'the target hears nothing of a dry run').toBe(2);
  });
});
