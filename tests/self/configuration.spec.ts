/**
 * Bad configuration and dead targets end the run before any test, with one line and exit code 3;
 * secrets given in the configuration never reach the output.
 */
import { expect, test } from '@playwright/test';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { isolatedEnvironment, runConformanceSuite, runPlaywright } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const conformance = (env: Record<string, string>) => runPlaywright(['test', '--project=conformance', '--reporter=dot'], isolatedEnvironment(env));

const cases: { why: string; env: Record<string, string>; line: RegExp }[] = [
  { why: 'a missing token', env: { CONFORMANCE_BASE_URL: 'http://127.0.0.1:9', CONFORMANCE_PROJECT_ID: 'p' }, line: /^conformance: CONFORMANCE_AUTH_TOKEN is not set/ },
  { why: 'a malformed base URL', env: { CONFORMANCE_BASE_URL: 'not a url' }, line: /^conformance: CONFORMANCE_BASE_URL is not a URL: "not a url"$/ },
  {
    why: 'a base URL with a query',
    env: { ...seedEnvironment('http://127.0.0.1:9', 'sahara'), CONFORMANCE_BASE_URL: 'http://127.0.0.1:9/?region=eu' },
    line: /^conformance: CONFORMANCE_BASE_URL must not carry a query or a fragment, got "\?region=eu"; give the service root/,
  },
  {
    why: 'a base URL with a fragment',
    env: { ...seedEnvironment('http://127.0.0.1:9', 'sahara'), CONFORMANCE_BASE_URL: 'http://127.0.0.1:9/#x' },
    line: /^conformance: CONFORMANCE_BASE_URL must not carry a query or a fragment, got "#x"/,
  },
  ...(
    [
      ['CONFORMANCE_PROJECT_ID', '..'],
      ['CONFORMANCE_JOB_ID', 'a/b'],
      ['CONFORMANCE_CLUSTER_ID', '.'],
    ] as const
  ).map(([name, value]) => ({
    why: `${name}=${value}, which is not one path segment,`,
    env: { ...seedEnvironment('http://127.0.0.1:9', 'sahara'), [name]: value },
    line: new RegExp(`^conformance: ${name} must be a single path segment \\(not empty, "\\.", "\\.\\." .*\\), got ${JSON.stringify(value).replace(/[.]/g, '\\.')}$`),
  })),
  { why: 'an unknown profile', env: { CONFORMANCE_PROFILE: 'openstack' }, line: /^conformance: CONFORMANCE_PROFILE must be one of sahara, mrs, got "openstack"$/ },
  { why: 'a bad timeout', env: { CONFORMANCE_DELETE_TIMEOUT_MS: 'soon' }, line: /^conformance: CONFORMANCE_DELETE_TIMEOUT_MS must be a positive whole number/ },
  {
    why: 'an unreachable target',
    env: { ...seedEnvironment('http://127.0.0.1:9', 'sahara') },
    line: /^conformance: cannot reach the target at http:\/\/127\.0\.0\.1:9: connect ECONNREFUSED 127\.0\.0\.1:9$/,
  },
];

for (const c of cases) {
  test(`${c.why} stops the run with one line and exit code 3`, async () => {
    const { exitCode, output } = await conformance(c.env);
    expect(exitCode, output).toBe(3);
    const lines = output.trim().split('\n').filter((l) => l.trim());
    expect(lines, output).toHaveLength(1);
    expect(lines[0]).toMatch(c.line);
    expect(output).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
}

test('a token the target refuses stops the run with one line naming it, and never prints the token', async () => {
  const mock = await startMockServer();
  try {
    const secret = 'not-a-valid-token-0123456789';
    const { exitCode, output } = await conformance({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_AUTH_TOKEN: secret });
    expect(exitCode, output).toBe(3);
    expect(output.trim()).toMatch(/^conformance: the target refused CONFORMANCE_AUTH_TOKEN for CONFORMANCE_PROJECT_ID=\w+ \(401 on GET .*\): the token is not valid, or it is valid for another project than CONFORMANCE_PROJECT_ID/);
    expect(output).not.toContain(secret);
  } finally {
    await mock.close();
  }
});

test('a run with a finding and a failure prints neither token anywhere in its output or report', async () => {
  const mock = await startMockServer({ quirks: new Set(['sahara16']), defect: 'no-token-accepted' });
  try {
    const env = seedEnvironment(mock.baseUrl, 'sahara');
    const run = await runConformanceSuite(env);
    expect(run.report?.verdict).toBe('NON-CONFORMANT');
    const { readFileSync } = await import('node:fs');
    const report = readFileSync(`${run.reportDir}/report.json`, 'utf8');
    for (const token of [env.CONFORMANCE_AUTH_TOKEN!, env.CONFORMANCE_OTHER_AUTH_TOKEN!]) {
      expect(run.output).not.toContain(token);
      expect(report).not.toContain(token);
    }
  } finally {
    await mock.close();
  }
});

test('a target that accepts connections but never answers stops the run within the request timeout, one line, exit 3', async () => {
  const net = await import('node:net');
  const server = net.createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    const started = Date.now();
    const { exitCode, output } = await conformance({ ...seedEnvironment(url, 'sahara'), CONFORMANCE_REQUEST_TIMEOUT_MS: '1000' });
    expect(exitCode, output).toBe(3);
    expect(output.trim()).toBe(`conformance: cannot reach the target at ${url}: no complete response within 1000 ms`);
    expect(Date.now() - started).toBeLessThan(30_000);
  } finally {
    server.close();
  }
});

test('judged by the wrong profile, the failures come with one hint naming the right one; a defect judged by the right profile gets none', async () => {
  const mrsMock = await startMockServer({ profile: 'mrs' });
  const saharaMock = await startMockServer({ defect: 'no-token-accepted' });
  try {
    const [wrong, right] = await Promise.all([
      runConformanceSuite(seedEnvironment(mrsMock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-006|@JEX-PROT-001']),
      runConformanceSuite(seedEnvironment(saharaMock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-006|@JEX-AUTH-001']),
    ]);
    expect(wrong.report?.verdict, wrong.output).toBe('NON-CONFORMANT');
    const hints = wrong.output.split('\n').filter((line) => line.startsWith('Hint: '));
    expect(hints, wrong.output).toHaveLength(1);
    expect(hints[0]).toMatch(/^Hint: \d+ error answer\(s\) of the failed tests are in MRS's \(error_code such as MRS\.0011, error_msg\) dialect and none in the sahara profile's; if the target is an MRS deployment, run with --profile mrs$/);
    expect(right.report?.verdict, right.output).toBe('NON-CONFORMANT');
    expect(right.output).not.toContain('Hint: ');
  } finally {
    await mrsMock.close();
    await saharaMock.close();
  }
});
