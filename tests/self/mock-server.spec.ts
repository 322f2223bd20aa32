/**
 * The mock behaves like real Sahara (docs/real-sahara.md) and every answer it gives is one the
 * contract documents for its profile.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadOpenApiDocument } from '../../lib/contract/openapi-document';
import type { ObservedResponse } from '../../lib/contract/observed-response';
import { ResponseValidator } from '../../lib/contract/response-validator';
import { exchangeOnFreshConnection } from '../../lib/transport/wire-exchange';
import type { MockOptions } from '../../mock/options';
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';

const doc = loadOpenApiDocument();
const { a, b } = SEED_PROJECTS;

/** A tiny client that sends over the wire and checks every answer against the contract. */
function client(mock: RunningMock) {
  const validator = new ResponseValidator(doc, mock.options.profile);
  return async (operationId: string, method: string, path: string, token: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = token ? { 'X-Auth-Token': token } : {};
    const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const r = await exchangeOnFreshConnection({ method, url: new URL(path, mock.baseUrl), headers, body: payload, timeoutMs: 2000, graceMs: 20 });
    const observed: ObservedResponse = { operationId, method, path, requestHeaders: {}, status: r.status, headers: r.headers, body: r.body, durationMs: r.durationMs };
    const problems = validator.validate(observed).map((p) => p.message);
    const json = /json/.test(r.headers['content-type'] ?? '') && r.body.length ? JSON.parse(r.body.toString()) : undefined;
    return { status: r.status, headers: r.headers, json, text: r.body.toString(), problems, rawAfterHead: r.bytesAfterHead.toString() };
  };
}

async function withMock(options: Partial<MockOptions>, run: (mock: RunningMock, call: ReturnType<typeof client>) => Promise<void>) {
  const mock = await startMockServer(options);
  try {
    await run(mock, client(mock));
  } finally {
    await mock.close();
  }
}

const jePath = (project: string, id: string) => `/v1.1/${project}/job-executions/${id}`;
const execute = (call: ReturnType<typeof client>, clusterId = a.clusterId) =>
  call('executeJob', 'POST', `/v1.1/${a.projectId}/jobs/${a.jobId}/execute`, a.token, { cluster_id: clusterId, job_configs: { configs: {}, args: [], params: {} } });

test('create, read, list, delete, then 404: every answer documented by the contract', async () => {
  await withMock({}, async (_mock, call) => {
    const created = await execute(call);
    expect([created.status, created.problems]).toEqual([202, []]);
    const id = created.json.job_execution.id as string;
    const read = await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token);
    expect([read.status, read.problems, read.json.job_execution.id]).toEqual([200, [], id]);
    const list = await call('listJobExecutions', 'GET', `/v1.1/${a.projectId}/job-executions`, a.token);
    expect(list.json.job_executions.map((je: { id: string }) => je.id)).toContain(id);
    const deleted = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token);
    expect([deleted.status, deleted.problems, deleted.rawAfterHead]).toEqual([204, [], '']);
    const gone = await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token);
    expect([gone.status, gone.problems, gone.json.error_name]).toEqual([404, [], 'NOT_FOUND']);
    const again = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token);
    expect([again.status, again.problems]).toEqual([404, []]);
  });
});

test('tenants are isolated: private hidden (404), public refused (400 DELETION_FAILED), mismatched URL is an HTML 401', async () => {
  await withMock({}, async (_mock, call) => {
    const id = (await execute(call)).json.job_execution.id as string;
    const hidden = await call('deleteJobExecution', 'DELETE', jePath(b.projectId, id), b.token);
    expect([hidden.status, hidden.json.error_name, hidden.problems]).toEqual([404, 'NOT_FOUND', []]);
    const shared = await call('updateJobExecution', 'PATCH', jePath(a.projectId, id), a.token, { is_public: true });
    expect([shared.status, shared.problems]).toEqual([202, []]);
    const refused = await call('deleteJobExecution', 'DELETE', jePath(b.projectId, id), b.token);
    expect([refused.status, refused.json.error_name, refused.problems]).toEqual([400, 'DELETION_FAILED', []]);
    const mismatch = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), b.token);
    expect([mismatch.status, mismatch.headers['content-type'], mismatch.problems]).toEqual([401, 'text/html; charset=UTF-8', []]);
    const anonymous = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), undefined);
    expect([anonymous.status, anonymous.problems]).toEqual([401, []]);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Keystone uri=/);
    const stillThere = await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token);
    expect(stillThere.status).toBe(200);
  });
});

test('a protected job execution is refused until unprotected', async () => {
  await withMock({}, async (_mock, call) => {
    const id = (await execute(call)).json.job_execution.id as string;
    await call('updateJobExecution', 'PATCH', jePath(a.projectId, id), a.token, { is_protected: true });
    const refused = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token);
    expect([refused.status, refused.json.error_name]).toEqual([400, 'DELETION_FAILED']);
    await call('updateJobExecution', 'PATCH', jePath(a.projectId, id), a.token, { is_protected: false });
    expect((await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token)).status).toBe(204);
  });
});

test('a running job execution goes through TOBEKILLED for the delete delay, and a repeat DELETE then answers 204', async () => {
  await withMock({ deleteDelayMs: 300 }, async (_mock, call) => {
    const id = (await execute(call, a.pendingClusterId)).json.job_execution.id as string;
    expect((await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token)).json.job_execution.info.status).toBe('PENDING');
    expect((await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token)).status).toBe(204);
    const killing = await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token);
    expect([killing.status, killing.json.job_execution.info.status, killing.problems]).toEqual([200, 'TOBEKILLED', []]);
    expect((await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token)).status).toBe(204);
    await new Promise((r) => setTimeout(r, 350));
    expect((await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token)).status).toBe(404);
  });
});

test("with --quirks sahara16: chunked 204 framing and Sahara's read-after-delete race", async () => {
  // A wide race window: three reads must fit in it even on a loaded machine.
  await withMock({ quirks: new Set(['sahara16']), raceWindowMs: 2000 }, async (_mock, call) => {
    const id = (await execute(call)).json.job_execution.id as string;
    const deleted = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, id), a.token);
    expect([deleted.status, deleted.headers['transfer-encoding'], deleted.rawAfterHead, deleted.text]).toEqual([204, 'chunked', '0\r\n\r\n', '']);
    const reads = [];
    for (let i = 0; i < 3; i++) reads.push(await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token));
    expect(reads.map((r) => r.status)).toEqual([200, 500, 200]);
    expect(reads[0]?.problems.length, 'the junk 200 breaks the contract').toBeGreaterThan(0);
    expect(reads[2]?.problems).toEqual([]);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await call('showJobExecution', 'GET', jePath(a.projectId, id), a.token)).status).toBe(404);
  });
});

test('bad input gets documented errors, never a crash', async () => {
  await withMock({}, async (_mock, call) => {
    const malformed = await call('executeJob', 'POST', `/v1.1/${a.projectId}/jobs/${a.jobId}/execute`, a.token, '{not json');
    expect([malformed.status, malformed.problems]).toEqual([400, []]);
    const put = await call('putUnsupported:deleteJobExecution', 'PUT', jePath(a.projectId, 'x'), a.token, {});
    expect([put.status, put.problems, put.headers.allow]).toEqual([405, [], undefined]);
    const unknownRoute = await call('showJobExecution', 'GET', `${jePath(a.projectId, 'x')}/`, a.token);
    expect([unknownRoute.status, unknownRoute.json]).toEqual([404, { error: 404, error_message: 'The resource could not be found.' }]);
    const json = await call('deleteJobExecution', 'DELETE', `${jePath(a.projectId, 'nope')}.json`, a.token);
    expect(json.status).toBe(404);
  });
});

test('the mrs profile answers in the MRS error envelope', async () => {
  await withMock({ profile: 'mrs' }, async (_mock, call) => {
    const missing = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, 'abc'), a.token);
    expect([missing.status, typeof missing.json.error_code, typeof missing.json.error_msg, missing.problems]).toEqual([404, 'string', 'string', []]);
    const submitted = await call('submitJob', 'POST', `/v1.1/${a.projectId}/jobs/submit-job`, a.token, { job_type: 1, job_name: 'conformance-x', cluster_id: a.clusterId });
    expect([submitted.status, submitted.problems]).toEqual([200, []]);
    const anonymous = await call('deleteJobExecution', 'DELETE', jePath(a.projectId, submitted.json.job_execution.id), undefined);
    expect([anonymous.status, anonymous.json.error_code, anonymous.problems]).toEqual([401, '12000001', []]);
  });
});

test('the mock command prints its URL, stops on SIGTERM, and refuses bad options with one line', async () => {
  const cli = join(__dirname, '..', '..', 'mock', 'cli.ts');
  const tsx = require.resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('mock exited before listening')));
  });
  expect((await fetch(url)).status).toBe(200);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);

  const bad = spawn(process.execPath, [tsx, cli, '--profile', 'openstack'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  bad.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => bad.once('exit', (c) => r(c)));
  expect(code).toBe(3);
  expect(stderr.split('\n')[0]).toBe('mock: --profile must be sahara or mrs, got "openstack"');
});
