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
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunGuardReport } from '../../lib/run/run-guard';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { COMMAND } from './support/run-command-line';
import { isolatedEnvironment, runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const live = (mock: RunningMock) => [...mock.store.jobExecutions.values()].filter((r) => !mock.store.isBeingDeleted(r)).map((r) => r.id);

/**
 * Forwards to the mock, except reads of the first job execution created through it (the run's
 * canary, made in global setup before any test), which `canaryRead` answers instead.
 */
async function proxyWithCanaryReads(mock: RunningMock, canaryRead: (res: http.ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  let canary: string | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (canary && req.method === 'GET' && req.url?.endsWith(`/job-executions/${canary}`)) return canaryRead(res);
      const upstream = http.request(`${mock.baseUrl}${req.url}`, { method: req.method, headers: { ...req.headers, connection: 'close' } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(body);
          if (!canary && req.method === 'POST' && /\/execute$/.test(req.url ?? '')) canary = JSON.parse(text.toString()).job_execution?.id;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(text);
        });
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
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
    await expect.poll(() => live(mock), { timeout: 10_000 }).toEqual([]);
    const created = mock.store.jobExecutions.size;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(mock.store.jobExecutions.size, 'nothing is created once the run has stopped').toBeLessThanOrEqual(created);
    expect(live(mock)).toEqual([]);
  } finally {
    await mock.close();
  }
});
