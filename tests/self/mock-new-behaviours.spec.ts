/**
 * The mock's newest defects and variants do what their table entries say. Each entry has a probe
 * that sums up what a client sees in one line; the line must differ from the default mock's, so
 * that an entry which silently behaved like the default mock would fail here.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import type { DefectName } from '../../mock/defects';
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer, type MockStart, type RunningMock } from '../../mock/server';
import type { VariantName } from '../../mock/variants';

const { a, b } = SEED_PROJECTS;
const UNKNOWN = 'deadbeef-0000-4000-8000-000000000000';
const jePath = (project: string, id: string) => `/v1.1/${project}/job-executions/${id}`;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
  reusedSocket: boolean;
}

/** One request over node:http; `agent: false` is a connection of its own. */
function send(mock: RunningMock, method: string, path: string, options: { token?: string; body?: unknown; agent?: http.Agent | false } = {}): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(options.token ? { 'X-Auth-Token': options.token } : {}), ...(payload ? { 'Content-Type': 'application/json' } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request(`${mock.baseUrl}${path}`, { method, headers, agent: options.agent ?? false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const create = async (mock: RunningMock) =>
  (await send(mock, 'POST', `/v1.1/${a.projectId}/jobs/${a.jobId}/execute`, { token: a.token, body: { cluster_id: a.clusterId, job_configs: { configs: {}, args: [], params: {} } } })).json
    .job_execution.id as string;
const readStatus = async (mock: RunningMock, id: string) => (await send(mock, 'GET', jePath(a.projectId, id), { token: a.token })).status;

/**
 * Raw bytes on a connection of its own: the requests are written one after another, each as soon
 * as the previous answer's head has arrived; collects until the server closes or 300 ms pass.
 */
function rawExchange(mock: RunningMock, requests: string[]): Promise<{ text: string; closedByServer: boolean }> {
  const { hostname, port } = new URL(mock.baseUrl);
  return new Promise((resolve) => {
    let text = '';
    const pending = [...requests];
    const socket = net.connect(Number(port), hostname, () => socket.write(pending.shift()!));
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedByServer });
    };
    const timer = setTimeout(() => finish(false), 300);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (pending.length > 0) socket.write(pending.shift()!, () => undefined);
    });
    socket.on('end', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

const rawRequest = (method: string, path: string, headers: string[] = []) => `${method} ${path} HTTP/1.1\r\nHost: mock\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
const headerOf = (head: string, name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? 'none';

type Probe = (mock: RunningMock) => Promise<string>;
interface Case {
  start: MockStart;
  probe: Probe;
  /** The probe's line against the entry. */
  shows: string;
  /** The probe's line against the default mock. */
  plain: string;
}

const cases: [DefectName | VariantName, Case][] = [];
const entry = (name: DefectName | VariantName, c: Case) => cases.push([name, c]);

entry('delete-lost-on-reused-connection', {
  start: { defect: 'delete-lost-on-reused-connection' },
  probe: async (mock) => {
    const [first, second] = [await create(mock), await create(mock)];
    const fresh = await send(mock, 'DELETE', jePath(a.projectId, first), { token: a.token });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await send(mock, 'GET', jePath(a.projectId, second), { token: a.token, agent });
      const reused = await send(mock, 'DELETE', jePath(a.projectId, second), { token: a.token, agent });
      return `fresh: ${fresh.status} then ${await readStatus(mock, first)}; reused (${reused.reusedSocket}): ${reused.status} then ${await readStatus(mock, second)}`;
    } finally {
      agent.destroy();
    }
  },
  shows: 'fresh: 204 then 404; reused (true): 204 then 200',
  plain: 'fresh: 204 then 404; reused (true): 204 then 404',
});

entry('delete-204-body-for-json-accept', {
  start: { defect: 'delete-204-body-for-json-accept' },
  probe: async (mock) => {
    const lines = [];
    for (const accept of ['application/json', '*/*']) {
      const id = await create(mock);
      const { text } = await rawExchange(mock, [rawRequest('DELETE', jePath(a.projectId, id), [`X-Auth-Token: ${a.token}`, `Accept: ${accept}`, 'Connection: close'])]);
      const [head = '', rest = ''] = text.split('\r\n\r\n');
      lines.push(`${accept}: ${head.split('\r\n')[0]}, Content-Length ${headerOf(head, 'Content-Length')}, after head ${JSON.stringify(rest)}, then ${await readStatus(mock, id)}`);
    }
    return lines.join('; ');
  },
  shows: 'application/json: HTTP/1.1 204 No Content, Content-Length 2, after head "{}", then 404; */*: HTTP/1.1 204 No Content, Content-Length none, after head "", then 404',
  plain: 'application/json: HTTP/1.1 204 No Content, Content-Length none, after head "", then 404; */*: HTTP/1.1 204 No Content, Content-Length none, after head "", then 404',
});

entry('not-found-reveals-owner', {
  start: { defect: 'not-found-reveals-owner' },
  probe: async (mock) => {
    const id = await create(mock);
    const hidden = await send(mock, 'DELETE', jePath(b.projectId, id), { token: b.token });
    const unknown = await send(mock, 'DELETE', jePath(b.projectId, UNKNOWN), { token: b.token });
    // The same wording, once the id and Sahara's per-answer Error ID are taken out.
    const wording = (r: Answer, named: string) => String(r.json.error_message).replace(named, 'ID').replace(/\nError ID: .*$/, '');
    const same = wording(hidden, id) === wording(unknown, UNKNOWN);
    return `${hidden.status} ${hidden.json.error_name} / ${unknown.status} ${unknown.json.error_name}, same wording: ${same}, names the owner: ${String(hidden.json.error_message).includes(a.projectId)}, still there: ${await readStatus(mock, id)}`;
  },
  shows: '404 NOT_FOUND / 404 NOT_FOUND, same wording: false, names the owner: true, still there: 200',
  plain: '404 NOT_FOUND / 404 NOT_FOUND, same wording: true, names the owner: false, still there: 200',
});

entry('id-prefix-match', {
  start: { defect: 'id-prefix-match' },
  probe: async (mock) => {
    const [named, other] = [await create(mock), await create(mock)];
    const prefix = named.slice(0, 8);
    const read = await send(mock, 'GET', jePath(a.projectId, prefix), { token: a.token });
    const deleted = await send(mock, 'DELETE', jePath(a.projectId, prefix), { token: a.token });
    return `read by prefix ${read.status}, DELETE by prefix ${deleted.status}; then the prefixed one ${await readStatus(mock, named)}, the other ${await readStatus(mock, other)}`;
  },
  shows: 'read by prefix 200, DELETE by prefix 204; then the prefixed one 404, the other 200',
  plain: 'read by prefix 404, DELETE by prefix 404; then the prefixed one 200, the other 200',
});

entry('rate-limiting-gateway', {
  start: { variant: 'rate-limiting-gateway', rateLimitRetryAfterSeconds: 1 },
  probe: async (mock) => {
    const id = await create(mock);
    const answers = [
      await send(mock, 'GET', '/'),
      await send(mock, 'GET', `/v1.1/${a.projectId}/job-executions`, { token: a.token }),
      await send(mock, 'DELETE', jePath(a.projectId, id)),
      // The 5th request: the gateway answers it, so the DELETE never reaches the service.
      await send(mock, 'DELETE', jePath(a.projectId, id), { token: a.token }),
      await send(mock, 'GET', jePath(a.projectId, id), { token: a.token }),
      await send(mock, 'GET', '/nowhere'),
      await send(mock, 'GET', '/'),
      await send(mock, 'GET', '/'),
      await send(mock, 'PUT', jePath(a.projectId, id), { token: a.token, body: {} }),
    ];
    const limited = answers.find((r) => r.status === 429);
    return `202 ${answers.map((r) => r.status).join(' ')}; Retry-After ${limited?.headers['retry-after'] ?? 'none'}, ${JSON.stringify(limited?.json ?? null)}`;
  },
  shows: '202 200 200 401 429 200 401 200 200 429; Retry-After 1, {"error":{"code":429,"message":"Rate limit exceeded"}}',
  plain: '202 200 200 401 204 404 401 200 200 405; Retry-After none, null',
});

entry('silent-connection-close', {
  start: { variant: 'silent-connection-close' },
  probe: async (mock) => {
    const list = rawRequest('GET', `/v1.1/${a.projectId}/job-executions`, [`X-Auth-Token: ${a.token}`]);
    // The second request goes out as soon as the first answer arrives, before the close is seen.
    const { text, closedByServer } = await rawExchange(mock, [list, list]);
    // A body does not end in a line break, so the next status line follows it on the same line.
    const answers = text.match(/HTTP\/1\.1 \d{3} /g) ?? [];
    return `${answers.length} answer(s), Connection: ${headerOf(text, 'Connection')}, closed by the server: ${closedByServer}`;
  },
  shows: '1 answer(s), Connection: keep-alive, closed by the server: true',
  plain: '2 answer(s), Connection: keep-alive, closed by the server: false',
});

test.describe.configure({ mode: 'parallel' });

async function probeWith(start: MockStart, probe: Probe): Promise<string> {
  const mock = await startMockServer({ host: '127.0.0.1', port: 0, ...start });
  try {
    return await probe(mock);
  } finally {
    await mock.close();
  }
}

for (const [name, c] of cases) {
  test(`${name} answers as its table entry says, and the default mock does not`, async () => {
    expect(await probeWith(c.start, c.probe), `with ${name}`).toBe(c.shows);
    expect(await probeWith({}, c.probe), 'the default mock').toBe(c.plain);
  });
}
