/**
 * A conformant variant only proves something if it really answers differently: a variant that
 * silently behaved like the default mock would be judged CONFORMANT by the matrix and prove
 * nothing. Each variant is probed on the wire for the difference it claims. The probe table is
 * typed by the variant names, so a new variant does not compile without its probe.
 */
import { expect, test } from '@playwright/test';
import { LostAnswer } from '../../lib/transport/lost-answer';
import { exchangeAfterAnother, exchangeOnFreshConnection, type WireRequest } from '../../lib/transport/wire-exchange';
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { VARIANT_NAMES, type VariantName } from '../../mock/variants';

interface Answer {
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  json: any;
  durationMs: number;
}

/**
 * One job execution's life on the wire: created, listed twice, deleted, read at once and 600 ms
 * later; a malformed id deleted; and the Connection header of a read that asked to keep the connection
 * (the wire exchange itself always asks to close it).
 */
interface Life {
  created: Answer;
  keptAliveConnection: string | null;
  listedTwice: Answer[];
  deleted: Answer;
  readAtOnce: Answer;
  readLater: Answer;
  malformedDeleted: Answer;
  /** What became of a connection that carried a read, asked for a second one: reused, or why not. */
  secondReadOnConnection: string;
}

const { a } = SEED_PROJECTS;

async function send(mock: RunningMock, method: string, path: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers = { 'X-Auth-Token': a.token, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}) };
  const r = await exchangeOnFreshConnection({ method, url: new URL(path, mock.baseUrl), headers, body: payload, timeoutMs: 3000, graceMs: 20 });
  const json = r.body.length > 0 && /json/.test(r.headers['content-type'] ?? '') ? JSON.parse(r.body.toString()) : undefined;
  return { statusLine: r.rawHead.split('\r\n')[0] ?? '', status: r.status, headers: r.headers, json, durationMs: r.durationMs };
}

/** Two reads on one connection (no Connection header asked for): how the second one travelled. */
async function secondReadOnConnection(mock: RunningMock, path: string): Promise<string> {
  const read = (): WireRequest => ({ method: 'GET', url: new URL(path, mock.baseUrl), headers: { 'X-Auth-Token': a.token }, timeoutMs: 3000, graceMs: 20, headAsGiven: true });
  try {
    const { use } = await exchangeAfterAnother(read(), read());
    return use.mode === 'fresh-after-close' ? `not reused: ${use.why}` : use.mode;
  } catch (e) {
    if (e instanceof LostAnswer && e.onReusedConnection) return 'not reused: it died under the second request';
    throw e;
  }
}

async function lifeOnWire(mock: RunningMock): Promise<Life> {
  const project = `/v1.1/${a.projectId}`;
  const created =
    mock.options.profile === 'mrs'
      ? await send(mock, 'POST', `${project}/jobs/submit-job`, { job_type: 1, job_name: 'probe', cluster_id: a.clusterId })
      : await send(mock, 'POST', `${project}/jobs/${a.jobId}/execute`, { cluster_id: a.clusterId, job_configs: {} });
  const id = created.json?.job_execution?.id as string;
  const keptAlive = await fetch(new URL(`${project}/job-executions/${id}`, mock.baseUrl), { headers: { 'X-Auth-Token': a.token } });
  await keptAlive.arrayBuffer();
  const listedTwice = [await send(mock, 'GET', `${project}/job-executions`), await send(mock, 'GET', `${project}/job-executions`)];
  const deleted = await send(mock, 'DELETE', `${project}/job-executions/${id}`);
  const readAtOnce = await send(mock, 'GET', `${project}/job-executions/${id}`);
  await new Promise((r) => setTimeout(r, 600));
  const readLater = await send(mock, 'GET', `${project}/job-executions/${id}`);
  const malformedDeleted = await send(mock, 'DELETE', `${project}/job-executions/abc`);
  const secondRead = await secondReadOnConnection(mock, `${project}/job-executions`);
  return { created, keptAliveConnection: keptAlive.headers.get('connection'), listedTwice, deleted, readAtOnce, readLater, malformedDeleted, secondReadOnConnection: secondRead };
}

const stateOf = (answer: Answer) => answer.json?.job_execution?.info?.status;

const PROBES = {
  'sahara-as-observed': (life) => {
    expect(life.deleted.headers['content-type']).toBe('application/json');
    expect(life.readAtOnce.status).toBe(404);
  },
  'sahara16-quirks': (life) => {
    expect(life.deleted.headers['transfer-encoding']).toBe('chunked');
    expect([life.readAtOnce.status, life.readAtOnce.json]).toEqual([200, '<Response 183 bytes [404 NOT FOUND]>']);
  },
  'list-server-errors': (life) => expect(life.listedTwice.map((answer) => answer.status)).toEqual([500, 200]),
  'async-tobekilled': (life) => expect([life.readAtOnce.status, stateOf(life.readAtOnce)]).toEqual([200, 'TOBEKILLED']),
  'finished-delete-lingers': (life) => expect([life.readAtOnce.status, stateOf(life.readAtOnce), life.readLater.status]).toEqual([200, 'SUCCEEDED', 404]),
  'content-length-zero-on-204': (life) => expect(life.deleted.headers['content-length']).toBe('0'),
  'bare-204': (life) => expect(life.deleted.headers['content-type']).toBeUndefined(),
  'extra-headers-and-fields': (life) => {
    expect(life.deleted.headers['x-request-id']).toBeDefined();
    expect(life.readLater.json.request_id).toBeDefined();
  },
  'different-error-messages': (life) => expect(life.readLater.json.error_message).toMatch(/^Die Anfrage/),
  'sequential-ids': (life) => expect(life.created.json.job_execution.id).toMatch(/^\d+$/),
  'connection-close': (life) => expect(life.keptAliveConnection).toBe('close'),
  'slow-answers': (life) => expect(life.readAtOnce.durationMs).toBeGreaterThanOrEqual(150),
  'mrs-dialect': (life) => expect(Object.keys(life.readLater.json).sort()).toEqual(['error_code', 'error_msg']),
  'mrs-malformed-id-400': (life) => expect([life.malformedDeleted.status, typeof life.malformedDeleted.json.error_msg]).toEqual([400, 'string']),
  'async-delete-2s': (life) => expect([life.readAtOnce.status, life.readLater.status, stateOf(life.readLater)]).toEqual([200, 200, 'SUCCEEDED']),
  'rate-limiting-gateway': (life) => {
    const answers = [life.created, ...life.listedTwice, life.deleted, life.readAtOnce, life.readLater, life.malformedDeleted];
    expect(answers.filter((answer) => answer.status === 429 && answer.headers['retry-after'] !== undefined).length).toBeGreaterThan(0);
  },
  'silent-connection-close': (life) => {
    expect(life.keptAliveConnection).not.toBe('close');
    expect(life.secondReadOnConnection).toMatch(/^not reused: (it closed the connection after its answer without saying so|it died under the second request)$/);
  },
  'http10-connection-close': (life) => {
    expect(life.deleted.statusLine).toMatch(/^HTTP\/1\.0 204/);
    expect(life.keptAliveConnection).toBe('close');
  },
} satisfies Record<VariantName, (life: Life) => void>;

test.describe.configure({ mode: 'parallel' });

test('the default mock shows none of the differences the variants claim', async () => {
  const mock = await startMockServer({});
  try {
    const life = await lifeOnWire(mock);
    const shown = VARIANT_NAMES.filter((name) => name !== 'sahara-as-observed').filter((name) => {
      try {
        PROBES[name](life);
        return true;
      } catch {
        return false;
      }
    });
    expect(shown, 'probes that pass on the default mock cannot tell their variant from it').toEqual([]);
  } finally {
    await mock.close();
  }
});

for (const name of VARIANT_NAMES) {
  test(`variant ${name} answers as it says: ${name === 'sahara-as-observed' ? 'as real Sahara does' : 'differently from the default mock'}`, async () => {
    const mock = await startMockServer({ variant: name });
    try {
      PROBES[name](await lifeOnWire(mock));
    } finally {
      await mock.close();
    }
  });
}
