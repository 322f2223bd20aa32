/**
 * The end of the run reads again every job execution the run created, from the target: one that
 * read 404 during the run and is back at its end fails JEX-DEL-003 in the verdict, even when no
 * test watched it long enough (issue 10.1). The run's own records never stand in for that read.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunGuardReport } from '../../lib/run-data/run-guard-report';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { failedRequirements, runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const guardOf = (reportDir: string): RunGuardReport => JSON.parse(readFileSync(join(reportDir, 'run-guard.json'), 'utf8'));

test('a deletion rolled back after the tests looked is caught by the end-of-run read and fails JEX-DEL-003', async () => {
  const mock = await startMockServer({ defect: 'delete-rolled-back' });
  try {
    // The second-DELETE test alone: it sees its job execution read 404 and does not watch it stay.
    const run = await runConformanceSuite({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_STAY_GONE_MS: '1500' }, ['--grep', '@JEX-DEL-005']);
    expect(run.report?.verdict, run.output).toBe('NON-CONFORMANT');
    expect(failedRequirements(run)).toEqual(['JEX-DEL-003']);
    const delete003 = run.report!.requirements.find((r) => r.id === 'JEX-DEL-003')!;
    expect(delete003.reason).toMatch(/read 404 at .*and at the end of the run: GET \S+ answered 200/);
    const guard = guardOf(run.reportDir);
    // The test's job execution, and the closing check's (lib/run/closing-check), deleted after the tests.
    expect(guard.resurrected.map((r) => r.id)).toHaveLength(2);
    // Each is back, so a leak; and the closing check's last creation, whose DELETE was rolled back too.
    const resurrected = guard.resurrected.map((r) => r.id);
    expect(guard.leaks.map((l) => l.id).filter((id) => !resurrected.includes(id)), run.output).toHaveLength(1);
    expect(guard.leaks.map((l) => l.id)).toEqual(expect.arrayContaining(resurrected));
    expect(run.output).toContain('DELETED AND BACK AGAIN');
  } finally {
    await mock.close();
  }
});

test('the same run against a server whose deletions stay is CONFORMANT for what it ran, with nothing back and nothing leaked', async () => {
  const mock = await startMockServer({});
  try {
    const run = await runConformanceSuite({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_STAY_GONE_MS: '1500' }, ['--grep', '@JEX-DEL-005']);
    expect(failedRequirements(run), run.output).toEqual([]);
    const guard = guardOf(run.reportDir);
    expect([guard.resurrected, guard.leaks, guard.canary.outcome]).toEqual([[], [], 'survived']);
  } finally {
    await mock.close();
  }
});

test('a fixture whose own cleanup thought it removed is read again at the end: one that is still there is a leak, swept', async () => {
  // The DELETE answers 204 and is never carried out: the ledger records the cleanup as done.
  const mock = await startMockServer({ defect: 'delete-is-a-no-op' });
  try {
    const run = await runConformanceSuite({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_DELETE_TIMEOUT_MS: '500' }, ['--grep', '@JEX-AUTH-001']);
    const guard = guardOf(run.reportDir);
    // The test's fixture and the closing check's, whose DELETE is not carried out either.
    expect(guard.fixturesCreated, run.output).toBe(2);
    expect(guard.leaks.map((l) => l.sweep)).toEqual(['removed', 'removed']);
    expect(run.output).toMatch(/2 fixtures created, 2 leaked/);
  } finally {
    await mock.close();
  }
});
