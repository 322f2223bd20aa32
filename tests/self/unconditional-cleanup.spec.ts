/**
 * Cleanup is unconditional and one bad answer never decides the verdict (issue 16, items 4-5): a
 * command line killed with -9 still has its run stopped and swept, and the canary's final read -
 * never answered, or answered with an empty 500 - makes JEX-DEL-009 inconclusive, never failed,
 * with the run guard's record written and no stack trace.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuiteConfig } from '../../lib/config';
import { RunGuard } from '../../lib/run/run-guard';
import type { RunGuardReport } from '../../lib/run-data/run-guard-report';
import { RunLedger } from '../../lib/run-data/run-ledger';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { COMMAND } from './support/run-command-line';
import { canaryWatcher, tamperingProxy, type TamperingProxy } from './support/tampering-proxy';
import { isolatedEnvironment, runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const live = (mock: RunningMock) => [...mock.store.jobExecutions.values()].filter((r) => !mock.store.isBeingDeleted(r)).map((r) => r.id);

/** The mock, except reads of the run's canary, which `canaryRead` answers instead. */
function proxyWithCanaryReads(mock: RunningMock, canaryRead: (res: http.ServerResponse) => void): Promise<TamperingProxy> {
  const canary = canaryWatcher();
  return tamperingProxy(
    mock,
    (req, res) => {
      const id = canary.id();
      if (!id || req.method !== 'GET' || !req.url.endsWith(`/job-executions/${id}`)) return false;
      canaryRead(res);
      return true;
    },
    canary.observe,
  );
}

const canaryAnswers: { what: string; answer: (res: http.ServerResponse) => void }[] = [
  { what: 'never answered', answer: () => undefined },
  { what: 'answered with an empty 500', answer: (res) => res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': 0 }).end() },
];

for (const c of canaryAnswers) {
  test(`a canary whose final read is ${c.what} leaves JEX-DEL-009 inconclusive, and the run guard still records and sweeps`, async () => {
    const mock = await startMockServer();
    const proxy = await proxyWithCanaryReads(mock, c.answer);
    try {
      const run = await runConformanceSuite({ ...seedEnvironment(proxy.url, 'sahara'), CONFORMANCE_REQUEST_TIMEOUT_MS: '1000' }, ['--grep', '@JEX-DEL-001']);
      const guard = JSON.parse(readFileSync(join(run.reportDir, 'run-guard.json'), 'utf8')) as RunGuardReport;
      expect(guard.canary.outcome, run.output).toBe('unknown');
      expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-009')?.outcome, run.output).toBe('inconclusive');
      expect(run.report?.verdict).toBe('INCOMPLETE');
      expect(run.output).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
      expect(live(mock), 'the canary is removed all the same').toEqual([]);
    } finally {
      await proxy.close();
      await mock.close();
    }
  });
}

test('kill -9 of the command line: the run it started stops, cleans up and sweeps instead of testing on orphaned', async () => {
  // Executions that keep running make every fixture a live object when the command line dies.
  const mock = await startMockServer({ jobDurationMs: 600_000 });
  const reportDir = mkdtempSync(join(tmpdir(), 'kill9-run-'));
  try {
    const env = isolatedEnvironment({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_REPORT_DIR: reportDir, CONFORMANCE_SETTLE_MS: '10000' });
    // A file, not a pipe, so that what the orphaned run says after the command line died is kept.
    const log = join(reportDir, 'output.log');
    const out = openSync(log, 'w');
    const cli = spawn(process.execPath, [COMMAND], { env, stdio: ['ignore', out, out] });
    closeSync(out);
    await expect.poll(() => mock.store.jobExecutions.size, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(3);
    cli.kill('SIGKILL');
    // The orphaned run notices within half a second, stops its tests and runs the sweep.
    await expect.poll(() => existsSync(join(reportDir, 'run-guard.json')), { timeout: 90_000, intervals: [250] }).toBe(true);
    expect(readFileSync(log, 'utf8')).toMatch(new RegExp(`conformance: the command line \\(pid ${cli.pid}\\) is gone; cleaning up`));
    // What the sweep saw and did, should something be left: its leaks and problems say why.
    const guardRecord = readFileSync(join(reportDir, 'run-guard.json'), 'utf8');
    await expect.poll(() => live(mock), { timeout: 10_000, message: `left on the target after the sweep; run-guard.json: ${guardRecord}` }).toEqual([]);
    const created = mock.store.jobExecutions.size;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(mock.store.jobExecutions.size, 'nothing is created once the run has stopped').toBeLessThanOrEqual(created);
    expect(live(mock)).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('a job execution of the run that lands on the target after the sweep first listed the project is still removed', async () => {
  // A worker stopped while its POST was on its way: the ledger says a creation was sent and never
  // answered, and the target acts on it late - here just after the sweep's first list read (when it
  // removes the canary). Without listing again, that job execution would outlive the run.
  const mock = await startMockServer();
  const dir = mkdtempSync(join(tmpdir(), 'late-creation-'));
  const config = loadSuiteConfig({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_RUN_ID: 'run-late-creation', CONFORMANCE_REQUEST_TIMEOUT_MS: '3000', CONFORMANCE_STAY_GONE_MS: '100' });
  const ledger = new RunLedger(join(dir, 'ledger.jsonl'));
  const someoneElses = mock.store.createJobExecution({ tenantId: config.primary.projectId, jobId: config.fixture.jobId!, clusterId: config.fixture.clusterId!, inputId: null, outputId: null, jobConfigs: { params: { conformance_run_id: 'run-of-someone-else' } }, isPublic: false, isProtected: false });
  try {
    const guard = await RunGuard.start(config, ledger);
    const canary = live(mock).find((id) => id !== someoneElses.id);
    const markDeleted = mock.store.markDeleted.bind(mock.store);
    let lateId: string | undefined;
    mock.store.markDeleted = (record, ...rest) => {
      markDeleted(record, ...rest);
      if (lateId || record.id !== canary) return;
      ledger.recordCreating();
      lateId = mock.store.createJobExecution({ tenantId: record.tenantId, jobId: record.jobId, clusterId: record.clusterId, inputId: null, outputId: null, jobConfigs: { params: { conformance_run_id: config.runId } }, isPublic: false, isProtected: false }).id;
    };
    const report = await guard.finish(dir);
    expect(lateId, 'the late creation was made').toBeDefined();
    expect(report.leaks.find((l) => l.id === lateId), JSON.stringify(report)).toMatchObject({ sweep: 'removed' });
    expect(live(mock), 'only the job execution of another run is left').toEqual([someoneElses.id]);
  } finally {
    await mock.close();
  }
});
