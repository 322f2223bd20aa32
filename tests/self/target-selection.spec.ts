/**
 * Never certify the wrong target (issue 10, item 6): configuration that names a target but no
 * base URL stops the run instead of certifying the embedded mock; the console verdict line and
 * report.json name what was certified; a base URL that does not serve the API, names another
 * project than the run's, or will not create the run's canary stops the run before any test.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSuiteConfig } from '../../lib/config';
import { preflight } from '../../lib/run/preflight';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { isolatedEnvironment, runConformanceSuite, runPlaywright } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const { a, b } = SEED_PROJECTS;
const MISSING_BASE_URL = 'but CONFORMANCE_BASE_URL is not: the run would certify the embedded mock instead of your target; set CONFORMANCE_BASE_URL (or --base-url), or unset';

/** The suite with only `env` configured, reports in a fresh folder; its exit code and non-empty output lines. */
async function conformance(env: Record<string, string>, args: string[] = []): Promise<{ exitCode: number; output: string; lines: string[] }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'target-selection-'));
  const run = await runPlaywright(['test', '--project=conformance', '--reporter=dot', ...args], isolatedEnvironment({ CONFORMANCE_REPORT_DIR: reportDir, ...env }));
  return { ...run, lines: run.output.split('\n').filter((l) => l.trim()) };
}

function envFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'target-env-')), '.env.staging');
  writeFileSync(file, content);
  return file;
}

/** A server on 127.0.0.1 that answers every request the same way, and counts them. */
async function fixedServer(status: number, headers: Record<string, string>, body: string): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.writeHead(status, headers).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests: () => requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const withoutBaseUrl: { why: string; env: () => Record<string, string>; args?: string[]; named: string }[] = [
  { why: 'a project id', env: () => ({ CONFORMANCE_PROJECT_ID: a.projectId }), named: 'CONFORMANCE_PROJECT_ID is set' },
  // An openrc left in the shell beside a static token: no secret, so no catalog to take the address from.
  { why: 'an OS_AUTH_URL beside a static token', env: () => ({ OS_AUTH_URL: 'http://keystone.example.net:5000/v3', CONFORMANCE_AUTH_TOKEN: a.token }), named: 'CONFORMANCE_AUTH_TOKEN, OS_AUTH_URL are set' },
  { why: 'an env file given explicitly', env: () => ({ CONFORMANCE_ENV_FILE: envFile('CONFORMANCE_PROFILE=sahara\n') }), named: 'CONFORMANCE_ENV_FILE is set' },
  {
    why: 'fixture ids and a token from an env file',
    env: () => ({ CONFORMANCE_ENV_FILE: envFile(`CONFORMANCE_JOB_ID=${a.jobId}\nCONFORMANCE_AUTH_TOKEN=${a.token}\n`) }),
    named: 'CONFORMANCE_AUTH_TOKEN, CONFORMANCE_ENV_FILE, CONFORMANCE_JOB_ID are set',
  },
  { why: 'a project id in a dry run', env: () => ({ CONFORMANCE_PROJECT_ID: a.projectId, CONFORMANCE_DRY_RUN: '1' }), named: 'CONFORMANCE_PROJECT_ID is set' },
];

for (const c of withoutBaseUrl) {
  test(`${c.why} without a base URL stops the run with one line naming it, exit 3, instead of certifying the embedded mock`, async () => {
    const run = await conformance(c.env(), c.args);
    expect(run.exitCode, run.output).toBe(3);
    expect(run.lines, run.output).toEqual([`conformance: ${c.named} ${MISSING_BASE_URL} ${c.named.endsWith('are set') ? 'them' : 'it'} to certify the mock`]);
    expect(run.output).not.toContain(a.token);
  });
}

test('an OS_AUTH_URL alone is taken as OpenStack credentials and names the missing secret, not the base URL', async () => {
  const run = await conformance({ OS_AUTH_URL: 'http://keystone.example.net:5000/v3' });
  expect(run.exitCode, run.output).toBe(3);
  expect(run.lines, run.output).toEqual(['conformance: OS_AUTH_URL is set but none of OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET (with _ID or _NAME), OS_TOKEN is: the suite cannot get a token without one']);
});

test('with nothing target-specific configured the embedded mock is certified, and the verdict line and report.json say so', async () => {
  const run = await runConformanceSuite({}, ['--grep', '@JEX-DEL-006']);
  expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-006')?.outcome, run.output).toBe('passed');
  expect(run.output).toContain('\nVerdict: INCOMPLETE for the embedded mock\n');
  expect((run.report as unknown as { target: unknown }).target).toMatchObject({ name: 'the embedded mock', embeddedMock: true, baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
});

test('a base URL run names the URL in the verdict line and report.json', async () => {
  const mock = await startMockServer();
  try {
    const run = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-006']);
    expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-006')?.outcome, run.output).toBe('passed');
    expect(run.output).toContain(`\nVerdict: INCOMPLETE for ${mock.baseUrl}\n`);
    expect((run.report as unknown as { target: unknown }).target).toMatchObject({ name: mock.baseUrl, baseUrl: mock.baseUrl, embeddedMock: false });
  } finally {
    await mock.close();
  }
});

test("the Keystone catalogue form <root>/v1.1/<project>/ is accepted as the base URL, names the service root, and supplies the project", async () => {
  const mock = await startMockServer();
  try {
    const { CONFORMANCE_PROJECT_ID, ...rest } = seedEnvironment(mock.baseUrl, 'sahara');
    const run = await runConformanceSuite({ ...rest, CONFORMANCE_BASE_URL: `${mock.baseUrl}/v1.1/${CONFORMANCE_PROJECT_ID}/` }, ['--grep', '@JEX-DEL-006']);
    expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-006')?.outcome, run.output).toBe('passed');
    expect(run.output).toContain(`\nVerdict: INCOMPLETE for ${mock.baseUrl}\n`);
    expect((run.report as unknown as { target: unknown }).target).toMatchObject({ name: mock.baseUrl, baseUrl: mock.baseUrl });
  } finally {
    await mock.close();
  }
});

test('the catalogue form is normalised to the service root with or without a trailing slash, keeping a path prefix', () => {
  const env = seedEnvironment('http://sahara.example.net:8386', 'sahara');
  for (const [given, root] of [
    [`http://sahara.example.net:8386/v1.1/${a.projectId}`, 'http://sahara.example.net:8386/'],
    [`http://sahara.example.net:8386/v1.1/${a.projectId}/`, 'http://sahara.example.net:8386/'],
    [`https://cloud.example.net/data-processing/v1.1/${a.projectId}`, 'https://cloud.example.net/data-processing'],
    ['http://sahara.example.net:8386/v1.1', 'http://sahara.example.net:8386/'],
  ] as const) {
    const config = loadSuiteConfig({ ...env, CONFORMANCE_BASE_URL: given });
    expect(config.baseUrl.href, given).toBe(root);
    expect(config.primary.projectId, given).toBe(a.projectId);
  }
});

test("a catalogue-form base URL naming another project than CONFORMANCE_PROJECT_ID stops the run naming both, exit 3", async () => {
  const mock = await startMockServer();
  try {
    const run = await conformance({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_BASE_URL: `${mock.baseUrl}/v1.1/${b.projectId}` });
    expect(run.exitCode, run.output).toBe(3);
    expect(run.lines, run.output).toEqual([
      `conformance: CONFORMANCE_BASE_URL names project ${b.projectId} but CONFORMANCE_PROJECT_ID is ${a.projectId}: give the base URL without /v1.1/<project> or make the two agree`,
    ]);
  } finally {
    await mock.close();
  }
});

test('a base URL with a wrong path prefix (404) stops the run naming the URL tried and the fix, exit 3', async () => {
  const mock = await startMockServer();
  try {
    const run = await conformance({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_BASE_URL: `${mock.baseUrl}/sahara` });
    expect(run.exitCode, run.output).toBe(3);
    expect(run.lines, run.output).toHaveLength(1);
    expect(run.lines[0]).toMatch(new RegExp(`^conformance: GET ${mock.baseUrl}/sahara/v1\\.1/${a.projectId}/job-executions\\?limit=1 answered 404 \\(application/json\\) ".+": CONFORMANCE_BASE_URL must be the service root such as http://host:8386, not including /v1\\.1/<project>`));
    expect(run.output).not.toContain(a.token);
    expect(mock.store.jobExecutions.size, 'nothing may be created before the preflight passes').toBe(0);
  } finally {
    await mock.close();
  }
});

const notTheApi: { what: string; status: number; type: string; body: string; answered: RegExp }[] = [
  { what: 'an HTML page', status: 200, type: 'text/html', body: '<!doctype html><html><head><title>Welcome to nginx!</title></head><body>Welcome</body></html>', answered: /answered 200 \(text\/html\) "<!doctype html><html><head><title>Welcome to nginx!/ },
  { what: 'JSON without a job_executions array', status: 200, type: 'application/json', body: '{"versions": [{"id": "v1.1"}]}', answered: /answered 200 \(application\/json\) "\{\\"versions\\": .*, not a JSON object with a job_executions array/ },
  { what: 'text that is not JSON', status: 200, type: 'text/plain', body: 'OK', answered: /answered 200 \(text\/plain\) "OK", not a JSON object/ },
];

for (const c of notTheApi) {
  test(`a base URL that answers ${c.what} stops the run naming the URL and what it answered, exit 3`, async () => {
    const server = await fixedServer(c.status, { 'Content-Type': c.type }, c.body);
    try {
      const run = await conformance(seedEnvironment(server.url, 'sahara'));
      expect(run.exitCode, run.output).toBe(3);
      expect(run.lines, run.output).toHaveLength(1);
      expect(run.lines[0]).toContain(`conformance: GET ${server.url}/v1.1/${a.projectId}/job-executions?limit=1 answered`);
      expect(run.lines[0]).toMatch(c.answered);
      expect(run.lines[0]).toMatch(/: CONFORMANCE_BASE_URL must be the service root/);
    } finally {
      await server.close();
    }
  });
}

test('preflight sends a list read that answered 5xx again: an every-other-500 list passes, an always-500 one fails after 5 attempts', async () => {
  const flaky = await startMockServer({ variant: 'list-server-errors' });
  const failing = await fixedServer(500, { 'Content-Type': 'application/json' }, '');
  try {
    await preflight(loadSuiteConfig(seedEnvironment(flaky.baseUrl, 'sahara')));
    const refused = preflight(loadSuiteConfig(seedEnvironment(failing.url, 'sahara')));
    await expect(refused).rejects.toThrow(`GET ${failing.url}/v1.1/${a.projectId}/job-executions?limit=1 answered 500 (application/json) with no body 5 times`);
    expect(failing.requests()).toBe(5);
  } finally {
    await flaky.close();
    await failing.close();
  }
});

test("a target that will not create the run's canary stops the run before any test, quoting its answer, exit 3", async () => {
  const mock = await startMockServer();
  try {
    const missingJob = '00000000-0000-4000-8000-000000000000';
    const run = await conformance({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_JOB_ID: missingJob });
    expect(run.exitCode, run.output).toBe(3);
    expect(run.lines, run.output).toHaveLength(1);
    expect(run.lines[0]).toMatch(/^conformance: the target would not create the run's canary job execution, so no test could create its own: /);
    expect(run.lines[0]).toContain(`POST /v1.1/${a.projectId}/jobs/${missingJob}/execute answered 404`);
    expect(run.lines[0]).toMatch(/; check CONFORMANCE_JOB_ID \(a job of the project\) and CONFORMANCE_CLUSTER_ID/);
    expect(run.output).not.toContain(a.token);
    expect(mock.store.jobExecutions.size).toBe(0);
  } finally {
    await mock.close();
  }
});
