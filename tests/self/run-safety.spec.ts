/**
 * Safe against a shared target: the suite removes everything it created when tests fail and when
 * it is stopped with SIGTERM mid-run, the canary survives, and the ownership guard refuses to
 * destroy what the run did not create - before a byte is sent.
 */
import { expect, test } from '@playwright/test';
import { HttpTransport } from '../../lib/transport/http-transport';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuiteConfig } from '../../lib/config';
import { loadContract } from '../../lib/contract/contract';
import { ExchangeLog } from '../../lib/client/exchange-log';
import { JobExecutionApi } from '../../lib/client/job-execution-api';
import { OwnershipRegistry, OwnershipViolation } from '../../lib/client/ownership';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { isolatedEnvironment, runConformanceSuite } from './support/run-suite';
import { COMMAND } from './support/run-command-line';

test.describe.configure({ mode: 'parallel' });

const remaining = (mock: RunningMock) => [...mock.store.jobExecutions.values()].filter((r) => !mock.store.isBeingDeleted(r)).map((r) => r.id);

function runGuardReport(reportDir: string): { canary: { outcome: string }; fixturesCreated: number; leaks: { id: string; sweep: string }[] } {
  return JSON.parse(readFileSync(join(reportDir, 'run-guard.json'), 'utf8'));
}

test('a run whose tests fail leaves nothing behind, and its canary survives', async () => {
  const mock = await startMockServer({ defect: 'no-token-accepted' });
  try {
    const run = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep-invert', '@long']);
    expect(run.report?.verdict, run.output).toBe('NON-CONFORMANT');
    const guard = runGuardReport(run.reportDir);
    expect(guard.canary.outcome).toBe('survived');
    expect(guard.fixturesCreated).toBeGreaterThan(5);
    expect(guard.leaks).toEqual([]);
    expect(remaining(mock)).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('SIGTERM in the middle of a run: cleanup and the sweep still run, nothing is left behind', async () => {
  // Executions that keep running make every fixture a live object when the signal arrives.
  const mock = await startMockServer({ jobDurationMs: 600_000 });
  const reportDir = mkdtempSync(join(tmpdir(), 'sigterm-run-'));
  try {
    const env = isolatedEnvironment({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_SETTLE_MS: '10000', CONFORMANCE_CLEANUP_GRACE_MS: '120000' });
    const child = spawn(process.execPath, [require.resolve('@playwright/test/cli'), 'test', '--project=conformance', '--reporter=line'], { env, cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await expect.poll(() => mock.store.jobExecutions.size, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(3);
    // Long settle windows keep the run busy, so the signal lands mid-run even on a loaded machine.
    const liveAtSignal = mock.store.jobExecutions.size;
    child.kill('SIGTERM');
    const code = await exited;
    expect(code, output).not.toBe(0);
    expect(output).toContain('SIGTERM received; cleaning up');
    expect(liveAtSignal).toBeGreaterThan(3);
    expect(remaining(mock), output).toEqual([]);
    expect(runGuardReport(reportDir).canary.outcome).toBe('survived');
  } finally {
    await mock.close();
  }
});

test('the ownership guard refuses a DELETE or PATCH of an id this run did not create, sending nothing', async () => {
  let connections = 0;
  const server = net.createServer((s) => {
    connections += 1;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const config = loadSuiteConfig({ ...seedEnvironment(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'sahara') });
  const http = new HttpTransport(config.baseUrl, config.connection);
  try {
    const ownership = new OwnershipRegistry();
    const api = new JobExecutionApi({ http, config, contract: loadContract('sahara'), tenant: config.primary, log: new ExchangeLog(), ownership });
    const somebodyElses = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
    await expect(api.deleteJobExecution(somebodyElses)).rejects.toThrow(OwnershipViolation);
    await expect(api.updateJobExecution(somebodyElses, { is_protected: false })).rejects.toThrow(/this run did not create it/);
    await expect(api.sendUnsupportedMethod('PUT', somebodyElses)).rejects.toThrow(OwnershipViolation);
    expect(connections).toBe(0);
    // An id the suite invented to provoke a 404 may be sent (this server hangs up, so the outcome
    // is ambiguous and the client reads the object back: more than one connection).
    await expect(api.deleteJobExecution(ownership.unknownId())).rejects.toThrow(/no complete answer to DELETE/);
    expect(connections).toBeGreaterThanOrEqual(1);
  } finally {
    http.close();
    server.close();
  }
});

test('the cleanup command removes the leftovers of the named run, and nothing else', async () => {
  const mock = await startMockServer();
  try {
    const { a } = SEED_PROJECTS;
    const make = (runId: string) =>
      mock.store.createJobExecution({ tenantId: a.projectId, jobId: a.jobId, clusterId: a.clusterId, inputId: null, outputId: null, jobConfigs: { params: { conformance_run_id: runId } }, isPublic: false, isProtected: runId === 'old-run' }).id;
    const [leftover, protectedLeftover, another] = [make('old-run'), make('old-run'), make('other-run')];
    const env = isolatedEnvironment(seedEnvironment(mock.baseUrl, 'sahara'));
    const child = spawn(process.execPath, [COMMAND, 'cleanup', 'old-run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    expect(await new Promise((r) => child.once('exit', r)), output).toBe(0);
    expect(output).toContain('2 job execution(s) of run old-run');
    expect(remaining(mock)).toEqual([another]);
    expect(output).toContain(leftover);
    expect(output).toContain(protectedLeftover);
  } finally {
    await mock.close();
  }
});

test('the cleanup command piped into a reader that quits early (head) says nothing on stderr and still removes every leftover', async () => {
  const mock = await startMockServer();
  try {
    const { a } = SEED_PROJECTS;
    for (let i = 0; i < 40; i++) {
      mock.store.createJobExecution({ tenantId: a.projectId, jobId: a.jobId, clusterId: a.clusterId, inputId: null, outputId: null, jobConfigs: { params: { conformance_run_id: 'piped-run' } }, isPublic: false, isProtected: false });
    }
    const env = isolatedEnvironment(seedEnvironment(mock.baseUrl, 'sahara'));
    // pipefail: the exit code is the cleanup command's, not head's.
    const pipeline = `set -o pipefail; "${process.execPath}" "${COMMAND}" cleanup piped-run | head -c 1 >/dev/null`;
    const child = spawn('bash', ['-c', pipeline], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    expect(await new Promise((r) => child.once('exit', r)), stderr).toBe(0);
    expect(stderr).toBe('');
    expect(remaining(mock)).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('a target that deletes the canary is caught even when no test looked: JEX-DEL-009 fails', async () => {
  const mock = await startMockServer({ defect: 'collateral-deletion' });
  try {
    // Only the 204 test runs; the collateral-deletion test (JEX-DEL-009) is not selected.
    const run = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-001']);
    expect(runGuardReport(run.reportDir).canary.outcome, run.output).toBe('gone');
    const requirement = run.report?.requirements.find((r) => r.id === 'JEX-DEL-009');
    expect(requirement?.outcome, run.output).toBe('failed');
    expect(requirement?.reason).toMatch(/the run's canary .* was gone after the last/);
    expect(run.report?.verdict).toBe('NON-CONFORMANT');
  } finally {
    await mock.close();
  }
});
