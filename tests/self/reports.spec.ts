/**
 * The certification reports (issue 4): one folder with report.json (valid against its schema),
 * report.html, report.md, junit.xml and badge.svg; a verdict that is also the exit code; evidence
 * and a curl line for failures; cross-tenant requirements skipped, with the reason, when no
 * second tenant is configured. Each run goes through the command line, as a user's would.
 */
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { join } from 'node:path';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { loadCatalogue } from '../../lib/requirements';
import type { ExchangeRecord } from '../../lib/client/exchange-log';
import { judgedExchangeIndex } from '../../reporters/evidence';
import type { ConformanceReport } from '../../reporters/report-model';
import { reportSchemaErrors } from './support/report-schema';
import { lastLines, ROOT, runCommandLine, SHORT_WAITS, type CommandLineRun } from './support/run-command-line';

const REPORT_FILES = ['report.json', 'report.html', 'report.md', 'junit.xml', 'badge.svg'];
const catalogue = loadCatalogue();
const read = (run: CommandLineRun, file: string) => readFileSync(join(run.reportDir, file), 'utf8');
const requirement = (report: ConformanceReport | undefined, id: string) => report?.requirements.find((r) => r.id === id);
/** The JUnit schema CI test views agree on (tests/self/support/junit.xsd), checked by xmllint. */
async function junitSchemaErrors(xml: string): Promise<string[]> {
  const schema = readFileSync(join(__dirname, 'support', 'junit.xsd'), 'utf8');
  const result = await validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit.xsd', contents: schema } });
  return result.errors.map((e) => e.rawMessage);
}
const junitCases = (xml: string) => [...xml.matchAll(/<testcase [^>]*name="(JEX-[A-Z]+-\d{3}) [^"]*"[^>]*>([\s\S]*?)<\/testcase>/g)].map((m) => ({ id: m[1]!, inner: m[2]! }));

test('npm run conformance certifies the embedded mock: exit 0, every report in one folder, verdict and folder last', async () => {
  const run = await runCommandLine([], {}, { viaNpm: true });
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  expect(lastLines(run.stdout, 2)).toEqual([`Verdict: CONFORMANT for the embedded mock (profile sahara, exit code 0)`, `Reports: ${run.reportDir}`]);
  for (const file of REPORT_FILES) expect(read(run, file).length, file).toBeGreaterThan(0);
  const report = run.report!;
  expect(reportSchemaErrors(report)).toEqual([]);
  expect(report.verdict).toBe('CONFORMANT');
  expect(report.requirements.map((r) => r.id)).toEqual(catalogue.requirements.map((r) => r.id));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(report.suite.version).toBe(pkg.version);
  expect(report.suite.specSha256).toBe(createHash('sha256').update(readFileSync(join(ROOT, report.suite.specFile))).digest('hex'));
  expect(report.suite.catalogueVersion).toBe(catalogue.version);
  expect(report.target).toMatchObject({ embeddedMock: true, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  // The mock answers with X-Openstack-Request-Id, as Sahara does: its presence is reported.
  expect(report.target.serverHeaders).toContainEqual({ name: 'x-openstack-request-id' });
  expect(report.requirements.every((r) => r.tests.length > 0 && r.durationMs >= 0)).toBe(true);
  // This run's safety record (not an earlier run's): the canary survived, nothing leaked.
  expect(report.runGuard).toMatchObject({ runId: report.runId, canary: { outcome: 'survived' }, leaks: [] });
  expect(read(run, 'report.md')).toMatch(/^\| Run safety \| Run run-\S+: canary survived; \d+ fixtures created, 0 leaked \|$/m);
  // CI test views stay green on a CONFORMANT run; its findings (the mock imitates Sahara's HTML 401) are there to read.
  const junit = read(run, 'junit.xml');
  expect(report.findings.length).toBeGreaterThan(0);
  expect(junit).not.toMatch(/<failure|<error/);
  expect(junit).toContain('failures="0" errors="0"');
  expect(await junitSchemaErrors(junit)).toEqual([]);
  for (const f of report.findings) expect(junitCases(junit).find((c) => c.id === f.requirement)?.inner).toContain('<system-out>FINDING');
  expect(report.suite.commit).toMatch(/^[0-9a-f]{40}(-modified)?$/);
  // A clean end leaves no ledger behind.
  expect(readdirSync(run.reportDir).filter((f) => f.startsWith('ledger-'))).toEqual([]);
  expect(report.runGuard?.ledgerKept).toBeUndefined();
});

test('the JUnit schema check can fail: two outcomes in one case, a count that is not a number, a case without a name', async () => {
  const suite = (cases: string, failures = '0') => `<testsuites tests="1" failures="${failures}" errors="0"><testsuite name="s" tests="1" failures="${failures}" errors="0">${cases}</testsuite></testsuites>`;
  expect(await junitSchemaErrors(suite('<testcase name="a"/>'))).toEqual([]);
  expect(await junitSchemaErrors(suite('<testcase name="a"><failure message="m"/><error message="e"/></testcase>'))).not.toEqual([]);
  expect(await junitSchemaErrors(suite('<testcase name="a"/>', 'some'))).not.toEqual([]);
  expect(await junitSchemaErrors(suite('<testcase classname="c"/>'))).not.toEqual([]);
});

test.describe('against a mock that deletes without a token (and frames its 204 like Sahara 16)', () => {
  test.describe.configure({ mode: 'default' });
  let mock: RunningMock;
  let run: CommandLineRun;
  test.beforeAll(async () => {
    mock = await startMockServer({ defect: 'no-token-accepted', quirks: new Set(['sahara16']) });
    run = await runCommandLine([], { ...seedEnvironment(mock.baseUrl, 'sahara'), ...SHORT_WAITS });
  });
  test.afterAll(async () => mock?.close());

  test('report.json is valid, says NON-CONFORMANT and names the failed requirement; the exit code is 1', () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(lastLines(run.stdout, 2)[0]).toMatch(/^Verdict: NON-CONFORMANT for \S.* \(profile sahara, exit code 1\)$/);
    expect(reportSchemaErrors(run.report)).toEqual([]);
    expect(run.report?.verdict).toBe('NON-CONFORMANT');
    expect(requirement(run.report, 'JEX-AUTH-001')).toMatchObject({ outcome: 'failed', level: 'MUST', source: expect.stringContaining('mrs_02_0009') });
    expect(run.report?.target).toMatchObject({ baseUrl: mock.baseUrl, embeddedMock: false });
  });

  test('the failed requirement carries its evidence and a curl line that repeats the judged request', () => {
    const failed = requirement(run.report, 'JEX-AUTH-001')!;
    const evidence = failed.evidence[0]!;
    const judged = evidence.exchanges[evidence.judgedExchange!]!;
    expect(judged).toMatchObject({ method: 'DELETE', status: 204 });
    expect(judged.requestHeaders['X-Auth-Token']).toBeUndefined();
    // The DELETE is read on the wire: its head and the bytes after it are kept as received.
    expect(judged.rawHead).toMatch(/^HTTP\/1\.1 204/);
    expect(judged.bytesAfterHeadBase64).toBeDefined();
    // The DELETE as the official clients send it (lib/client/official-client-request.ts).
    expect(failed.reproduction).toBe(`curl -i -X DELETE '${mock.baseUrl}${judged.path}' -H 'User-Agent: python-saharaclient' -H 'Accept-Encoding: gzip, deflate' -H 'Accept: */*' -H 'Connection: keep-alive' -H 'Content-Length: 0'`);
  });

  test('a finding is listed with its requirement, and its curl line carries the token as $TOKEN', () => {
    const finding = run.report?.findings.find((f) => f.requirement === 'JEX-DEL-101');
    expect(finding, JSON.stringify(run.report?.findings)).toMatchObject({ level: 'SHOULD', message: expect.stringContaining('Transfer-Encoding') });
    const framing = requirement(run.report, 'JEX-DEL-101')!;
    expect(framing.outcome).toBe('failed');
    const project = seedEnvironment(mock.baseUrl, 'sahara').CONFORMANCE_PROJECT_ID!;
    expect(framing.reproduction).toMatch(new RegExp(`^curl -i -X DELETE '.*' -H 'Accept: \\*/\\*' -H 'Connection: keep-alive' -H "X-Auth-Token: \\$TOKEN" -H 'Content-Length: 0'  # TOKEN: a token of project ${project}$`));
  });

  test('junit.xml has one test case per requirement: failed MUSTs are failures, findings stay green in system-out; valid JUnit', async () => {
    const xml = read(run, 'junit.xml');
    const cases = junitCases(xml);
    expect(cases.map((c) => c.id)).toEqual(catalogue.requirements.map((r) => r.id));
    for (const { id, inner } of cases) {
      const r = requirement(run.report, id)!;
      const element = r.outcome === 'failed' ? (r.level === 'MUST' ? '<failure' : '<system-out>FINDING') : { passed: '', skipped: '<skipped', inconclusive: '<error' }[r.outcome];
      if (element) expect(inner, id).toContain(element);
      else expect(inner.trim(), id).toBe('');
      if (r.level !== 'MUST') expect(inner, id).not.toContain('<failure');
    }
    const failedMusts = run.report!.requirements.filter((r) => r.outcome === 'failed' && r.level === 'MUST').length;
    expect(failedMusts).toBeGreaterThan(0);
    expect(xml).toContain(`failures="${failedMusts}"`);
    expect(xml).toMatch(/<failure message="DELETE [^"]* answered 204/);
    expect(xml).toMatch(/<system-out>FINDING \(SHOULD, not a failure\): [^<]*Transfer-Encoding/);
    expect(await junitSchemaErrors(xml)).toEqual([]);
  });

  test('report.md and badge.svg state the verdict; report.md carries the curl line', () => {
    const markdown = read(run, 'report.md');
    expect(markdown.split('\n')[0]).toBe('# NON-CONFORMANT: job-execution DELETE conformance (profile sahara)');
    for (const r of catalogue.requirements) expect(markdown).toMatch(new RegExp(`^\\| ${r.id} \\| ${r.level} \\|`, 'm'));
    expect(markdown).toContain(requirement(run.report, 'JEX-AUTH-001')!.reproduction!);
    const badge = read(run, 'badge.svg');
    expect(badge).toMatch(/<text[^>]*>sahara conformance<\/text>/);
    expect(badge).toMatch(/<text[^>]*>NON-CONFORMANT<\/text>/);
  });

  test('the schema refuses reports that break it (a wrong verdict, no spec hash, a URL with a query, a token in a header, a failure without reason)', () => {
    const broken = (mutate: (r: ConformanceReport) => void) => {
      const copy = JSON.parse(JSON.stringify(run.report)) as ConformanceReport;
      mutate(copy);
      return reportSchemaErrors(copy);
    };
    expect(broken(() => {})).toEqual([]);
    expect(broken((r) => ((r as { verdict: string }).verdict = 'PASS'))).not.toEqual([]);
    expect(broken((r) => delete (r.suite as Partial<ConformanceReport['suite']>).specSha256)).not.toEqual([]);
    expect(broken((r) => (r.target.baseUrl = `${mock.baseUrl}?token=abc`))).not.toEqual([]);
    expect(broken((r) => (r.requirements.find((q) => q.evidence.length)!.evidence[0]!.exchanges[0]!.requestHeaders['X-Auth-Token'] = 'mock-dev-token-project-a'))).not.toEqual([]);
    expect(broken((r) => delete r.requirements.find((q) => q.outcome === 'failed')!.reason)).not.toEqual([]);
  });
});

test('without a second tenant the cross-tenant MUSTs are skipped as not configured; the verdict is INCOMPLETE, exit 2', async () => {
  const mock = await startMockServer();
  try {
    const { CONFORMANCE_OTHER_PROJECT_ID, CONFORMANCE_OTHER_AUTH_TOKEN, ...oneTenant } = seedEnvironment(mock.baseUrl, 'sahara');
    const run = await runCommandLine([], oneTenant);
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(lastLines(run.stdout, 2)[0]).toMatch(/^Verdict: INCOMPLETE for \S.* \(profile sahara, exit code 2\)$/);
    expect(reportSchemaErrors(run.report)).toEqual([]);
    expect(run.report?.verdict).toBe('INCOMPLETE');
    const notConfigured = run.report!.requirements.filter((r) => r.skipKind === 'not-configured');
    // The tests that declare needsOtherTenant: a foreign token, the other tenant deleting ours, and its refusals compared.
    expect(notConfigured.map((r) => r.id).sort()).toEqual(['JEX-AUTH-003', 'JEX-TEN-001', 'JEX-TEN-002', 'JEX-TEN-003']);
    for (const r of notConfigured) {
      expect(r).toMatchObject({ level: 'MUST', outcome: 'skipped' });
      expect(r.reason).toMatch(/^not configured: a second project \(CONFORMANCE_OTHER_OS_CLOUD, or CONFORMANCE_OTHER_PROJECT_ID and CONFORMANCE_OTHER_AUTH_TOKEN\)/);
    }
    expect(run.report!.requirements.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(read(run, 'junit.xml')).toContain('<skipped message="not configured: a second project');
  } finally {
    await mock.close();
  }
});

test('a cross-tenant failure\'s curl line sends $OTHER_TOKEN and names the second project whose token to export', async () => {
  const mock = await startMockServer({ defect: 'other-tenant-deletes-private' });
  try {
    const target = seedEnvironment(mock.baseUrl, 'sahara');
    const run = await runCommandLine(['--grep', 'JEX-TEN-001'], { ...target, ...SHORT_WAITS });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const failed = requirement(run.report, 'JEX-TEN-001')!;
    expect(failed.outcome).toBe('failed');
    const evidence = failed.evidence[0]!;
    expect(evidence.exchanges[evidence.judgedExchange!]!.tenant).toEqual({ role: 'other', projectId: target.CONFORMANCE_OTHER_PROJECT_ID });
    expect(failed.reproduction).toMatch(/ -H "X-Auth-Token: \$OTHER_TOKEN"/);
    expect(failed.reproduction).not.toContain('$TOKEN');
    expect(failed.reproduction).toMatch(new RegExp(`  # OTHER_TOKEN: a token of the second project \\(${target.CONFORMANCE_OTHER_PROJECT_ID}\\), not TOKEN$`));
    expect(reportSchemaErrors(run.report)).toEqual([]);
    expect(read(run, 'report.md')).toContain(failed.reproduction!);
  } finally {
    await mock.close();
  }
});

test('the judged answer is the one the failure names, made before the check failed (not cleanup repeating it)', () => {
  const path = '/v1.1/p/job-executions/x';
  const records: ExchangeRecord[] = [
    { method: 'DELETE', path, requestHeaders: {}, status: 204 },
    { method: 'GET', path, requestHeaders: { 'X-Auth-Token': '[REDACTED]' }, status: 404 },
    { method: 'DELETE', path, requestHeaders: { 'X-Auth-Token': '[REDACTED]' }, status: 204 }, // cleanup, after the failure
  ];
  const reason = `DELETE ${path} answered 204 (no body); expected 401`;
  expect(judgedExchangeIndex(records, reason, 2)).toBe(0);
  expect(judgedExchangeIndex(records, reason)).toBe(2); // without knowing when it failed, cleanup would be picked
  expect(judgedExchangeIndex(records, `GET ${path} answered 404 {}`, 2)).toBe(1);
  expect(judgedExchangeIndex(records, 'no answer named', 2)).toBe(1);
});
