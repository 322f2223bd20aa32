/**
 * A failed start leaves the previous reports alone (issue 24, item 5): the command line runs into
 * a fresh folder and replaces the report folder's run files only when the run wrote report.json.
 * A run that cannot start (exit 3) leaves every file of the previous run as it was, byte for
 * byte, and says where its own run.log is; the next run that completes replaces them. A dry run
 * writes nothing there.
 */
import { expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunGuardReport } from '../../lib/run-data/run-guard-report';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { lastLines, runCommandLine, SHORT_WAITS } from './support/run-command-line';
import { tamperingProxy } from './support/tampering-proxy';

test.describe.configure({ mode: 'parallel' });

/** Every file below `dir` with its bytes, by path relative to it. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string, prefix: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else files.set(`${prefix}${name}`, readFileSync(path));
    }
  };
  walk(dir, '');
  return files;
}

/** A dead target: global setup keeps its run.log, then cannot reach it (exit 3). */
const deadTarget = (() => {
  const { CONFORMANCE_BASE_URL: _url, ...credentials } = seedEnvironment('http://127.0.0.1:9', 'sahara');
  return { args: ['--base-url', 'http://127.0.0.1:9'], env: credentials };
})();

/** The run's line naming its log: the last line of its output. */
function namedRunLog(output: string): string {
  const match = /this run's log: (\S+run\.log)$/.exec(lastLines(output, 1)[0] ?? '');
  expect(match, output).not.toBeNull();
  return match![1]!;
}

test('a run that cannot start leaves the previous run\'s reports byte for byte and names its own run.log; the next completed run replaces them', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reports-kept-')), 'conformance-report');
  const first = await runCommandLine(['--grep', 'JEX-DEL-006', '--report-dir', dir]);
  expect(first.exitCode, first.stdout + first.stderr).toBe(2);
  for (const file of ['report.json', 'report.html', 'junit.xml', 'run-guard.json', 'run.log']) expect(existsSync(join(dir, file)), file).toBe(true);
  // What a later run must not take away: an earlier run's kept ledger, a file of the user's.
  writeFileSync(join(dir, 'ledger-run-earlier.jsonl'), '{"event":"created","id":"left-behind"}\n');
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');
  const before = snapshot(dir);

  const failed = await runCommandLine([...deadTarget.args, '--report-dir', dir], deadTarget.env);
  expect(failed.exitCode, failed.stdout + failed.stderr).toBe(3);
  expect(failed.stderr).toContain('conformance: cannot reach the target at http://127.0.0.1:9');
  const after = snapshot(dir);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), `${file} changed`).toBe(true);
  // Its own log, kept where the output says, beside (not in) the report folder.
  const runLog = namedRunLog(failed.stdout);
  expect(runLog.startsWith(`${dir}/`)).toBe(false);
  expect(readFileSync(runLog, 'utf8')).toContain('cannot reach the target at http://127.0.0.1:9');
  expect(failed.stdout).toContain(`the reports in ${dir} are the previous run's, left as they were`);

  const next = await runCommandLine(['--grep', 'JEX-DEL-007', '--report-dir', dir]);
  expect(next.exitCode, next.stdout + next.stderr).toBe(2);
  expect(lastLines(next.stdout, 1)).toEqual([`Reports: ${dir}`]);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { runId: string; runGuard?: { runId: string } };
  expect(report.runId).not.toBe(first.report!.runId);
  expect(report.runGuard?.runId).toBe(report.runId);
  expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain(report.runId);
  // The settings it records name the report folder, not the one the run wrote into.
  expect(JSON.parse(readFileSync(join(dir, 'run-configuration.json'), 'utf8'))).toMatchObject({ CONFORMANCE_REPORT_DIR: dir });
  expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  expect(existsSync(join(dir, 'ledger-run-earlier.jsonl'))).toBe(true);
  // Nothing of the run's own folder, or of the failed start's, is left beside it.
  expect(readdirSync(join(dir, '..'))).toEqual(['conformance-report']);
});

test('a run that cannot start in a folder without reports names the run.log it left there', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reports-kept-')), 'conformance-report');
  const failed = await runCommandLine([...deadTarget.args, '--report-dir', dir], deadTarget.env);
  expect(failed.exitCode, failed.stdout + failed.stderr).toBe(3);
  expect(namedRunLog(failed.stdout)).toBe(join(dir, 'run.log'));
  expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain('cannot reach the target at http://127.0.0.1:9');
  expect(existsSync(join(dir, 'report.json'))).toBe(false);
});

test('a completed run that keeps its ledger (fixtures still on the target) names it where it is after the reports replaced the previous ones', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reports-kept-')), 'conformance-report');
  const first = await runCommandLine(['--grep', 'JEX-DEL-006', '--report-dir', dir]);
  expect(first.exitCode, first.stdout + first.stderr).toBe(2);
  // Every DELETE refused: the sweep cannot remove the fixtures, so the ledger is kept.
  const mock = await startMockServer();
  const proxy = await tamperingProxy(mock, (req, res) => {
    if (req.method !== 'DELETE') return false;
    res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error_code":"INTERNAL","error_message":"no"}');
    return true;
  });
  try {
    const run = await runCommandLine(['--grep', 'JEX-DEL-001', '--report-dir', dir], { ...seedEnvironment(proxy.url, 'sahara'), ...SHORT_WAITS });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const guard = JSON.parse(readFileSync(join(dir, 'run-guard.json'), 'utf8')) as RunGuardReport;
    expect(guard.ledgerKept, JSON.stringify(guard)).toBe(join(dir, `ledger-${guard.runId}.jsonl`));
    expect(existsSync(guard.ledgerKept!)).toBe(true);
    expect(run.report?.runGuard?.ledgerKept).toBe(guard.ledgerKept);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain(`ledger kept: ${guard.ledgerKept}`);
    expect(run.stdout).toContain(`The run's ledger moved with its reports: ${guard.ledgerKept}`);
  } finally {
    await proxy.close();
    await mock.close();
  }
});

test('a dry run leaves the previous reports byte for byte and nothing beside them', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reports-kept-')), 'conformance-report');
  const first = await runCommandLine(['--grep', 'JEX-DEL-006', '--report-dir', dir]);
  expect(first.exitCode, first.stdout + first.stderr).toBe(2);
  const before = snapshot(dir);
  const dry = await runCommandLine(['--dry-run', '--grep', 'JEX-DEL-001', '--report-dir', dir]);
  expect(dry.exitCode, dry.stdout + dry.stderr).toBe(0);
  expect(lastLines(dry.stdout, 1)).toEqual(['Dry run: no verdict, nothing was sent to the target (exit code 0)']);
  const after = snapshot(dir);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), `${file} changed`).toBe(true);
  expect(readdirSync(join(dir, '..'))).toEqual(['conformance-report']);
});
