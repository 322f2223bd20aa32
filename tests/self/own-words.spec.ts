/**
 * Messages in the suite's own words (issue 24, item 6): a run whose MUSTs fail tells the user
 * what the target answered and what was expected, in that order, and never in the test
 * framework's words ("expect(received).toContain(expected)", "Expected value: ... / Received
 * array: ..."). Each broken mock breaks one kind of check - a status, the bytes of a 204, the
 * error envelope - and every output of its run is read: the console, report.json, report.md,
 * report.html, junit.xml, the run's log and Playwright's error contexts under test-results/.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportedMessage } from '../../lib/failure-message';
import type { DefectName } from '../../mock/defects';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import type { ConformanceReport } from '../../reporters/report-model';
import { runCommandLine, SHORT_WAITS, type CommandLineRun } from './support/run-command-line';
import { filesUnder } from './support/secret-scan';

/** What the test framework writes about a failed matcher; none of it is the suite's to say. */
const FRAMEWORK_TEXT = [
  /expect\(/,
  /\b(?:toMatch|toBe|toEqual|toStrictEqual|toContain|toContainEqual|toBeUndefined|toBeDefined|toHaveLength)\b/,
  /Expected (?:value|substring|pattern|length)|Received (?:array|string|value|length|object)|\bReceived:|\bExpected:/,
  /\/\/ (?:deep|Object\.is) equality/,
];

interface BrokenRun {
  defect: DefectName;
  /** Only the tests of these requirements run: the outputs stay small and the run short. */
  grep: string[];
  /** The failed MUST whose reason is read, and how it must read. */
  failed: string;
  reads: RegExp;
  run?: CommandLineRun;
}

/** A check over several client families names each that failed it by its label (lib/assertions/checks expectEach). */
const DELETE_PATH = String.raw`(?:\d+ of \d+ failed: \[[^\]]+\] )?DELETE /v1\.1/\S+/job-executions/\S+`;
const broken: BrokenRun[] = [
  // Another project's DELETE of a private job execution is answered 204 instead of 404; the
  // foreign-token test adds a finding (the mock's HTML 401, as real Sahara answers it).
  { defect: 'other-tenant-deletes-private', grep: ['JEX-TEN-001', 'JEX-AUTH-003'], failed: 'JEX-TEN-001', reads: new RegExp(`^${DELETE_PATH} answered 204 \\(no body\\), expected 404`) },
  { defect: 'delete-204-with-body-after-head', grep: ['JEX-DEL-002'], failed: 'JEX-DEL-002', reads: new RegExp(`^${DELETE_PATH} answered 204 .*, expected `) },
  { defect: 'not-found-body-not-envelope', grep: ['JEX-DEL-006'], failed: 'JEX-DEL-006', reads: new RegExp(`^${DELETE_PATH} answered 404 \\{"message":.*, expected `) },
];

/** Every output of a run a user reads, as [where, text]. */
function outputsOf(run: CommandLineRun): [string, string][] {
  const files = ['report.json', 'report.md', 'report.html', 'junit.xml', 'run.log'].filter((f) => existsSync(join(run.reportDir, f)));
  const resultsDir = join(run.reportDir, 'test-results');
  const contexts = existsSync(resultsDir) ? filesUnder(resultsDir).filter((f) => /\.(md|txt)$/.test(f)) : [];
  return [
    ['console', run.stdout + run.stderr],
    ...files.map((f): [string, string] => [f, readFileSync(join(run.reportDir, f), 'utf8')]),
    ...contexts.map((f): [string, string] => [f.slice(run.reportDir.length + 1), readFileSync(f, 'utf8')]),
  ];
}

/** Each line of an output that carries framework text, with where it is. */
function frameworkTextIn(outputs: [string, string][]): string[] {
  return outputs.flatMap(([where, text]) =>
    text
      .split('\n')
      .filter((line) => FRAMEWORK_TEXT.some((pattern) => pattern.test(line)))
      .map((line) => `${where}: ${line.trim().slice(0, 200)}`),
  );
}

test.describe('a run whose MUSTs fail reports them in the suite\'s words', () => {
  test.describe.configure({ mode: 'default' });

  test.beforeAll(async () => {
    await Promise.all(
      broken.map(async (b) => {
        const mock = await startMockServer({ defect: b.defect });
        try {
          b.run = await runCommandLine(b.grep.flatMap((id) => ['--grep', id]), { ...seedEnvironment(mock.baseUrl, 'sahara'), ...SHORT_WAITS });
        } finally {
          await mock.close();
        }
      }),
    );
  });

  test('each broken mock fails its MUST, and the failure reads "answered <what came>, expected <what should have>"', () => {
    for (const b of broken) {
      const run = b.run!;
      expect(run.exitCode, `${b.defect}: ${run.stdout}${run.stderr}`).toBe(1);
      const failed = run.report?.requirements.find((r) => r.id === b.failed);
      expect(failed?.outcome, b.defect).toBe('failed');
      expect(failed?.reason, b.defect).toMatch(b.reads);
      // The same words everywhere a user reads them.
      const reason = failed!.reason!;
      const answered = reason.slice(0, reason.indexOf(', expected'));
      expect(run.stdout, b.defect).toContain(`FAIL ${b.failed}`);
      expect(run.stdout, b.defect).toContain(answered);
      for (const file of ['report.md', 'junit.xml']) expect(readFileSync(join(run.reportDir, file), 'utf8'), `${b.defect}: ${file}`).toContain(answered.slice(0, 60));
    }
    // The status mismatch in particular: what the target answered comes before what was expected.
    const status = broken[0]!.run!.report as ConformanceReport;
    const reason = status.requirements.find((r) => r.id === 'JEX-TEN-001')!.reason!;
    expect(reason.indexOf('answered 204')).toBeGreaterThanOrEqual(0);
    expect(reason.indexOf('answered 204')).toBeLessThan(reason.indexOf('expected 404'));
  });

  test('no output of those runs carries the test framework\'s matcher text', () => {
    for (const b of broken) {
      const outputs = outputsOf(b.run!);
      // The scan reads what it should: Playwright's error context of each failed test among them.
      expect(outputs.some(([where]) => where.endsWith('error-context.md')), `${b.defect}: ${outputs.map(([w]) => w).join(', ')}`).toBe(true);
      expect(frameworkTextIn(outputs), b.defect).toEqual([]);
    }
  });
});

test('the scan finds framework text where it is: a matcher line, an "Expected value" or a "Received array" line', () => {
  expect(frameworkTextIn([['planted', 'ok\nexpect(received).toContain(expected) // deep equality']])).toHaveLength(1);
  expect(frameworkTextIn([['planted', 'Expected value: 401\nReceived array: [404]']])).toHaveLength(2);
  expect(frameworkTextIn([['planted', 'DELETE /v1.1/p/job-executions/x answered 401 (no body), expected 404']])).toEqual([]);
});

test('a message that still carries matcher text reaches a report as the message of its own, and without one as received before expected', () => {
  const withMessage = new Error(
    'DELETE /v1.1/p/job-executions/x answered 401 <html></html>; expected 404\n\nexpect(received).toContain(expected) // deep equality\n\nExpected value: 401\nReceived array: [404]',
  );
  expect(reportedMessage(withMessage)).toBe('DELETE /v1.1/p/job-executions/x answered 401 <html></html>; expected 404');
  const coloured = new Error('\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22mtoBe\u001b[2m(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m) // Object.is equality\u001b[22m\n\nExpected: \u001b[32m0\u001b[39m\nReceived: \u001b[31m2\u001b[39m');
  expect(reportedMessage(coloured)).toBe('received 2, expected 0');
  expect(frameworkTextIn([['reported', reportedMessage(coloured)]])).toEqual([]);
  expect(reportedMessage(new Error('a message of our own\nover two lines'))).toBe('a message of our own over two lines');
  expect(reportedMessage('not an error')).toBe('not an error');
});
