/**
 * Sharded runs (issue 12, item 1): shards run with --shard i/n, each with its canary, ledger and
 * sweep; `merge` makes one verdict of their folders. Checked: the merged outcomes equal an
 * unsharded run's; a defect seen by one shard makes the merge NON-CONFORMANT (and that shard
 * exit 1); a missing shard makes it INCOMPLETE, named; folders of different runs are refused.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../../reporters/report-model';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { COMMAND, run, SHORT_WAITS } from './support/run-command-line';
import { isolatedEnvironment } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const outcomes = (report: ConformanceReport) => Object.fromEntries(report.requirements.map((r) => [r.id, r.outcome]));
/** Each test's duration in a report, by requirement and test (the run guard's own checks take no time). */
const testDurations = (report: ConformanceReport) => Object.fromEntries(report.requirements.flatMap((r) => r.tests.filter((t) => t.testId !== 'run-guard').map((t) => [`${r.id} ${t.testId}`, t.durationMs])));
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ConformanceReport;

/** The suite against `mock` with the given arguments and a fresh report folder. */
async function suite(mock: RunningMock, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'shard-'));
  const envFile = join(dir, 'target.env');
  writeFileSync(envFile, Object.entries({ ...seedEnvironment(mock.baseUrl, 'sahara'), ...SHORT_WAITS }).map(([k, v]) => `${k}=${v}`).join('\n'));
  const result = await run(process.execPath, [COMMAND, '--env-file', envFile, '--report-dir', join(dir, 'report'), '--workers', '1', ...args], isolatedEnvironment({}));
  return { ...result, dir: join(dir, 'report') };
}

const merge = (dirs: string[]) => {
  const out = join(mkdtempSync(join(tmpdir(), 'merged-')), 'report');
  return run(process.execPath, [COMMAND, 'merge', ...dirs, '--report-dir', out], isolatedEnvironment({})).then((r) => ({ ...r, dir: out }));
};

test('three shards merged give the unsharded run\'s outcome for every requirement, with every shard\'s canary; a missing shard makes it INCOMPLETE, named', async () => {
  const mock = await startMockServer();
  try {
    const [whole, ...shards] = await Promise.all([suite(mock, []), ...[1, 2, 3].map((i) => suite(mock, ['--shard', `${i}/3`]))]);
    expect(whole.exitCode, whole.stdout + whole.stderr).toBe(0);
    for (const [i, s] of shards.entries()) {
      expect(s.exitCode, s.stdout + s.stderr).toBe(0);
      expect(s.stdout).toContain(`Shard ${i + 1}/3: no MUST requirement failed in this shard's tests`);
      expect(readReport(s.dir).shard).toEqual({ current: i + 1, total: 3 });
    }
    const merged = await merge(shards.map((s) => s.dir));
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(0);
    const report = readReport(merged.dir);
    expect(report.verdict).toBe('CONFORMANT');
    expect(outcomes(report)).toEqual(outcomes(readReport(whole.dir)));
    expect(report.runGuard?.shards?.map((s) => [s.shard, s.canary?.outcome])).toEqual([['1/3', 'survived'], ['2/3', 'survived'], ['3/3', 'survived']]);
    expect(report.runGuard?.fixturesCreated).toBe(shards.reduce((n, s) => n + readReport(s.dir).runGuard!.fixturesCreated, 0));
    // The merged run's times are the shards': the earliest start, the latest end, each test's duration as its shard measured it.
    const shardReports = shards.map((s) => readReport(s.dir));
    expect(report.startedAt).toBe(shardReports.map((r) => r.startedAt).sort()[0]);
    expect(report.finishedAt).toBe(shardReports.map((r) => r.finishedAt).sort().at(-1));
    expect(report.durationMs).toBe(Date.parse(report.finishedAt) - Date.parse(report.startedAt));
    expect(testDurations(report)).toEqual(Object.assign({}, ...shardReports.map(testDurations)));

    const partial = await merge([shards[0]!.dir, shards[2]!.dir]);
    expect(partial.exitCode, partial.stdout + partial.stderr).toBe(2);
    expect(partial.stdout).toContain('merge: shard(s) 2/3 of 3 are missing');
    expect(readReport(partial.dir).runGuard?.missingShards).toEqual(['2/3']);

    // Many runs, one page: the fleet table of the merged run, the unsharded one and a shard.
    const out = mkdtempSync(join(tmpdir(), 'fleet-'));
    const summary = await run(process.execPath, [COMMAND, 'summary', merged.dir, whole.dir, shards[0]!.dir, '--out', out], isolatedEnvironment({}));
    expect(summary.exitCode, summary.stderr).toBe(0);
    const rows = summary.stdout.split('\n').filter((l) => l.startsWith(`| ${mock.baseUrl} `));
    expect(rows.map((r) => r.split(' | ')[2])).toEqual(['CONFORMANT', 'CONFORMANT', 'INCOMPLETE (shard 1/3 only)']);
    expect(rows.every((r) => / \| sahara \| .* \| none \| \d+ \| \d+\.\d+\.\d+ \([0-9a-f]{12}(-modified)?\) \| /.test(r)), rows.join('\n')).toBe(true);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('2 CONFORMANT, 0 NON-CONFORMANT, 1 INCOMPLETE');
    expect(readFileSync(join(out, 'summary.html'), 'utf8')).toContain('<td style="color:#1a7f37;font-weight:bold">CONFORMANT</td>');

    // Not shards of one run: refused with one line.
    const mixed = await merge([shards[0]!.dir, whole.dir]);
    expect(mixed.exitCode).toBe(3);
    expect(mixed.stderr.trim()).toMatch(/^sahara-conformance: merge: .* holds the report of a run that was not sharded \(no --shard\)$/);
    const twice = await merge([shards[0]!.dir, shards[0]!.dir]);
    expect(twice.exitCode).toBe(3);
    expect(twice.stderr).toMatch(/merge: shard 1\/3 is given twice/);
  } finally {
    await mock.close();
  }
});

test('a defect seen by one shard: that shard exits 1, and the merged verdict is NON-CONFORMANT on the requirement', async () => {
  const mock = await startMockServer({ defect: 'no-token-accepted' });
  try {
    const shards = await Promise.all([1, 2].map((i) => suite(mock, ['--shard', `${i}/2`])));
    const failing = shards.filter((s) => readReport(s.dir).requirements.some((r) => r.id === 'JEX-AUTH-001' && r.outcome === 'failed'));
    expect(failing).toHaveLength(1);
    expect(failing[0]!.exitCode, failing[0]!.stdout).toBe(1);
    const merged = await merge(shards.map((s) => s.dir));
    expect(merged.exitCode, merged.stdout + merged.stderr).toBe(1);
    const report = readReport(merged.dir);
    expect(report.verdict).toBe('NON-CONFORMANT');
    expect(report.requirements.find((r) => r.id === 'JEX-AUTH-001')?.outcome).toBe('failed');
  } finally {
    await mock.close();
  }
});
