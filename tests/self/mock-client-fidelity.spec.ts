/**
 * The mock answers the official clients as Sahara 16 does (reference-target/client-differential/
 * found each of these by driving python-saharaclient against both): here without Python, so that
 * the README's test command guards them on any machine. Sahara 16's bugs are imitated under
 * --quirks sahara16 only: each catalogued bug is shown with the quirk and without it.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAHARA16_BUGS, type Sahara16Bug } from '../../mock/sahara16-bugs';
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';

const { a, b } = SEED_PROJECTS;
const UNKNOWN = 'deadbeef-0000-4000-8000-000000000000';
type Answer = { status: number; json: any };

async function send(mock: RunningMock, method: string, path: string, body?: unknown, token = a.token): Promise<Answer> {
  const project = token === a.token ? a.projectId : b.projectId;
  const r = await fetch(`${mock.baseUrl}/v1.1/${project}${path}`, {
    method,
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const create = (mock: RunningMock, extra: Record<string, unknown> = {}) => send(mock, 'POST', `/jobs/${a.jobId}/execute`, { cluster_id: a.clusterId, ...extra });
const errorOf = (r: Answer) => `${r.status} ${r.json?.error_name}`;

async function withMock(quirk: boolean, run: (mock: RunningMock) => Promise<void>): Promise<void> {
  const mock = await startMockServer(quirk ? { quirks: new Set(['sahara16']) } : {});
  try {
    await run(mock);
  } finally {
    await mock.close();
  }
}

/** For each bug: what a client sees, summed up in a line; the quirk's line and the plain mock's line. */
const PROBES: Record<Sahara16Bug, { probe: (mock: RunningMock) => Promise<string>; quirk: string; plain: string }> = {
  'create-drops-flags': {
    probe: async (mock) => {
      const made = (await create(mock, { is_public: true, is_protected: true })).json.job_execution;
      return `is_public ${made.is_public}, is_protected ${made.is_protected}`;
    },
    quirk: 'is_public false, is_protected false',
    plain: 'is_public true, is_protected true',
  },
  'create-unknown-data-source-500': {
    probe: async (mock) => errorOf(await create(mock, { input_id: UNKNOWN })),
    quirk: '500 INTERNAL_SERVER_ERROR',
    plain: '400 INVALID_REFERENCE',
  },
  'list-marker-inclusive': {
    probe: async (mock) => {
      for (let i = 0; i < 4; i++) await create(mock);
      const ids: string[] = (await send(mock, 'GET', '/job-executions')).json.job_executions.map((r: { id: string }) => r.id);
      const page = (await send(mock, 'GET', `/job-executions?limit=2&marker=${ids[1]}`)).json;
      const at = (id: string | null) => (id === null ? '-' : String(ids.indexOf(id)));
      return `page ${page.job_executions.map((r: { id: string }) => at(r.id)).join(',')}; prev ${at(page.markers.prev)}, next ${at(page.markers.next)}`;
    },
    quirk: 'page 1,2; prev -, next 3',
    plain: 'page 2,3; prev 1, next -',
  },
  'bad-query-numeric-error-name': {
    probe: async (mock) => {
      const r = await send(mock, 'GET', '/job-executions?limit=0');
      return `${r.status} ${typeof r.json.error_name} ${r.json.error_name}`;
    },
    quirk: '400 number 400',
    plain: '400 string VALIDATION_ERROR',
  },
  'sort-by-relation-500': {
    probe: async (mock) => String((await send(mock, 'GET', '/job-executions?sort_by=status')).status),
    quirk: '500',
    plain: '200',
  },
  'unknown-filter-500': {
    probe: async (mock) => errorOf(await send(mock, 'GET', '/job-executions?bogus=x')),
    quirk: '500 INTERNAL_SERVER_ERROR',
    plain: '400 VALIDATION_ERROR',
  },
  'update-null-flag-stored': {
    probe: async (mock) => {
      const id = (await create(mock)).json.job_execution.id;
      const r = await send(mock, 'PATCH', `/job-executions/${id}`, { is_public: null });
      return r.status === 202 ? `202 is_public ${r.json.job_execution.is_public}` : errorOf(r);
    },
    quirk: '202 is_public null',
    plain: '400 VALIDATION_ERROR',
  },
  'update-needs-active-cluster': {
    probe: async (mock) => {
      const id = (await create(mock, { cluster_id: a.pendingClusterId })).json.job_execution.id;
      const r = await send(mock, 'PATCH', `/job-executions/${id}`, { is_public: false });
      return r.status === 202 ? '202' : errorOf(r);
    },
    quirk: '400 INVALID_DATA',
    plain: '202',
  },
};

for (const bug of Object.keys(SAHARA16_BUGS) as Sahara16Bug[]) {
  test(`Sahara 16's bug ${bug}: imitated under --quirks sahara16 only`, async () => {
    const { probe, quirk, plain } = PROBES[bug];
    await withMock(true, async (mock) => expect(await probe(mock)).toBe(quirk));
    await withMock(false, async (mock) => expect(await probe(mock)).toBe(plain));
  });
}

test('docs/mock.md lists every bug the mock imitates, by its catalogue name', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'mock.md'), 'utf8');
  const missing = Object.keys(SAHARA16_BUGS).filter((bug) => !page.includes(`\`${bug}\``));
  expect(missing).toEqual([]);
});

test('the fixture resources read as python-saharaclient finds them on Sahara 16', async () => {
  await withMock(false, async (mock) => {
    const job = await send(mock, 'GET', `/jobs/${a.jobId}`);
    expect([job.status, job.json.job.type, job.json.job.interface, job.json.job.tenant_id]).toEqual([200, 'Shell', [], a.projectId]);
    expect(errorOf(await send(mock, 'GET', `/jobs/${b.jobId}`))).toBe('404 NOT_FOUND');
    const cluster = await send(mock, 'GET', `/clusters/${a.clusterId}`);
    expect([cluster.status, cluster.json.cluster.status, cluster.json.cluster.plugin_name]).toEqual([200, 'Active', 'fake']);
    expect((await send(mock, 'GET', `/clusters/${a.pendingClusterId}`)).json.cluster.status).toBe('Waiting');
    expect(errorOf(await send(mock, 'GET', `/clusters/${UNKNOWN}`))).toBe('404 NOT_FOUND');
    const source = await send(mock, 'POST', '/data-sources', { name: 'in', type: 'hdfs', url: 'hdfs://localhost/in', description: '' });
    expect(source.status).toBe(202);
    const made = await create(mock, { input_id: source.json.data_source.id });
    expect(made.json.job_execution.input_id).toBe(source.json.data_source.id);
    expect((await send(mock, 'DELETE', `/data-sources/${source.json.data_source.id}`)).status).toBe(204);
    expect(errorOf(await send(mock, 'POST', '/data-sources', { name: 'x', type: 'ftp', url: 'ftp://x' }))).toBe('400 VALIDATION_ERROR');
  });
});

test("a creation answers Sahara 16's twelve fields and keeps job_configs as sent; its checks come in Sahara's order", async () => {
  await withMock(false, async (mock) => {
    const configs = { configs: { k: 'v' }, args: ['x'], params: { p: '1' } };
    const made = (await create(mock, { job_configs: configs })).json.job_execution;
    expect(Object.keys(made).sort()).toEqual(['cluster_id', 'created_at', 'id', 'info', 'input_id', 'is_protected', 'is_public', 'job_configs', 'job_id', 'oozie_job_id', 'output_id', 'tenant_id']);
    expect(made.job_configs).toEqual({ ...configs, job_execution_info: {} });
    expect(made.info).toEqual({ status: 'PENDING' });
    const read = (await send(mock, 'GET', `/job-executions/${made.id}`)).json.job_execution;
    expect([read.engine_job_id, read.oozie_job_id, read.end_time, read.data_source_urls, read.info.status]).toEqual(['engine_job_id', 'engine_job_id', null, null, 'SUCCEEDED']);
    const pending = (await create(mock, { cluster_id: a.pendingClusterId })).json.job_execution;
    const waiting = (await send(mock, 'GET', `/job-executions/${pending.id}`)).json.job_execution;
    expect([waiting.start_time, waiting.updated_at, waiting.engine_job_id, waiting.info.status]).toEqual([null, null, null, 'PENDING']);
    expect(errorOf(await create(mock, { interface: { 'no-such-arg': '1' } }))).toBe('400 INVALID_DATA');
    expect(errorOf(await create(mock, { cluster_id: 'abc' }))).toBe('400 VALIDATION_ERROR');
    expect(errorOf(await create(mock, { cluster_id: UNKNOWN }))).toBe('400 INVALID_REFERENCE');
  });
});

test('a list is ordered by id and honours sort_by, search options and an unknown marker as Sahara 16 does', async () => {
  await withMock(false, async (mock) => {
    for (let i = 0; i < 3; i++) await create(mock);
    await create(mock, { cluster_id: a.pendingClusterId });
    const ids = (path: string) => send(mock, 'GET', path).then((r) => r.json.job_executions.map((x: { id: string }) => x.id) as string[]);
    const all = await ids('/job-executions');
    expect(all).toEqual([...all].sort());
    expect(await ids('/job-executions?sort_by=-id')).toEqual([...all].sort().reverse());
    expect(await ids('/job-executions?status=pending')).toHaveLength(1);
    expect(await ids('/job-executions?status=succeeded')).toHaveLength(3);
    expect(await ids(`/job-executions?cluster_id=${a.clusterId}`)).toHaveLength(3);
    expect(errorOf(await send(mock, 'GET', `/job-executions?marker=${UNKNOWN}`))).toBe('404 NOT_FOUND');
    expect(errorOf(await send(mock, 'GET', '/job-executions?sort_by=created_at'))).toBe('400 VALIDATION_ERROR');
  });
});

test("an update is refused as Sahara 16 refuses it: another project's public one, a protected one", async () => {
  await withMock(false, async (mock) => {
    const id = (await create(mock)).json.job_execution.id;
    const patch = (body: unknown, token = a.token) => send(mock, 'PATCH', `/job-executions/${id}`, body, token);
    expect((await patch({ is_public: true })).status).toBe(202);
    expect(errorOf(await patch({ is_public: false }, b.token))).toBe('400 UPDATE_FAILED');
    expect((await patch({ is_protected: true })).status).toBe(202);
    expect(errorOf(await patch({ is_protected: true }))).toBe('400 UPDATE_FAILED');
    expect(errorOf(await patch({}))).toBe('400 UPDATE_FAILED');
    expect((await patch({ is_public: false })).status).toBe(202);
    expect((await patch({ is_protected: false })).status).toBe(202);
    expect((await patch({})).status).toBe(202);
    expect(errorOf(await patch({ is_public: 'yes' }))).toBe('400 VALIDATION_ERROR');
  });
});
