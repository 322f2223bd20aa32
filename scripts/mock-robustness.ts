/**
 * How the mock stands up to bad input and load. Prints figures, asserts nothing by itself beyond
 * its exit code (non-zero when a figure breaks its bound). Loopback only, bounded in count and time.
 *
 *   node --expose-gc --import tsx scripts/mock-robustness.ts [--requests 100000]
 *
 * 1. random and malformed requests: methods, paths, percent-encodings, huge and invalid headers,
 *    invalid JSON and UTF-8, oversize bodies, slow clients -> no crash, no 5xx, memory back;
 * 2. 64 concurrent DELETEs of one job execution -> exactly one 204, the rest 404;
 * 3. 10,000 create/delete cycles, 100 at a time -> no object lost or duplicated.
 */
import net from 'node:net';
import { parseArgs } from 'node:util';
import { SEED_PROJECTS } from '../mock/seed';
import { startMockServer } from '../mock/server';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100000' } } });
const TOTAL = Number(values.requests);
const CONCURRENCY = 64;
const { a } = SEED_PROJECTS;

// mulberry32: a small seeded generator, so a run can be repeated exactly.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));

const METHODS = ['GET', 'DELETE', 'POST', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'BREW', 'get', ''];
const PATHS = [
  `/v1.1/${a.projectId}/job-executions/%ZZ`,
  `/v1.1/${a.projectId}/job-executions/${'x'.repeat(300)}`,
  `/v1.1/${a.projectId}/job-executions/%00%ff%c3%28`,
  `/v1.1/${a.projectId}/job-executions/../../etc/passwd`,
  `/v1.1/${a.projectId}/jobs/${a.jobId}/execute`,
  `/v1.1/${a.projectId}/jobs/submit-job`,
  `/v1.1/${a.projectId}/job-executions`,
  `/v1.1/${a.projectId}/job-executions?limit=%ZZ&marker=&sort_by=-&status=%00&constructor=1`,
  `/v1.1/${a.projectId}/job-executions?sort_by=__proto__&limit=99999999999999999999`,
  `/v1.1/${a.projectId}/jobs/${a.jobId}`,
  `/v1.1/${a.projectId}/clusters/constructor`,
  `/v1.1/${a.projectId}/data-sources`,
  `/v1.1/${a.projectId}/data-sources/__proto__`,
  `/v1.1/%2e%2e/job-executions/abc.json`,
  `/v1.1/${a.projectId}/job-executions/${'y'.repeat(9000)}`,
  '/', '*', '//', '/v1.1', '/v2/x?y=%%',
];
const BODIES = [Buffer.from('{"cluster_id":'), Buffer.from('{"cluster_id": 5, "job_configs": []}'), Buffer.from('{"cluster_id": "' + a.clusterId + '", "interface": {"__proto__": 1}, "input_id": null}'),
  Buffer.from('{"name": {}, "type": "hdfs", "url": []}'), Buffer.from('{"is_public": null, "info": {}}'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('[]'), Buffer.from('null'), Buffer.alloc(0)];

/** One request of a random kind; resolves with the status seen (0: the connection ended without one). */
function fuzzOnce(port: number): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0));
    };
    socket.setTimeout(2000, done);
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      if (answer.includes('\r\n\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      const kind = random();
      const band = (from: number, to: number) => kind >= from && kind < to;
      const token = random() < 0.8 ? `X-Auth-Token: ${a.token}\r\n` : random() < 0.5 ? 'X-Auth-Token: \u00ff\u00fe\r\n' : '';
      if (band(0, 0.05)) return socket.end(bytes(1 + Math.floor(random() * 200))); // garbage
      const body = band(0.05, 0.08) ? Buffer.alloc(1024 * 1024 + 10, 'a') : pick(BODIES); // oversize body
      const header = band(0.08, 0.1) ? `X-Big: ${'h'.repeat(20000)}\r\n` : band(0.1, 0.12) ? 'Bad Header Line\r\n' : '';
      const head = `${pick(METHODS)} ${pick(PATHS)} HTTP/1.1\r\nHost: x\r\n${token}${header}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      if (band(0.12, 0.14)) {
        // A slow client: half a head, then it gives up.
        socket.write(head.slice(0, head.length / 2));
        setTimeout(() => socket.end(), 50);
        return;
      }
      socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]));
    });
  });
}

async function fuzz(port: number): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  let sent = 0;
  const worker = async () => {
    while (sent < TOTAL) {
      sent += 1;
      const status = await fuzzOnce(port);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return statuses;
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(`${base}${path}`, { method, headers: { 'X-Auth-Token': a.token, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

const create = (base: string) => call(base, 'POST', `/v1.1/${a.projectId}/jobs/${a.jobId}/execute`, { cluster_id: a.clusterId, job_configs: {} });

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function main(): Promise<void> {
  const mock = await startMockServer();
  let faults = 0;
  process.on('uncaughtException', () => (faults += 1));
  process.on('warning', (w) => (w.message.startsWith('mock handler fault') ? (faults += 1) : undefined));
  const port = Number(new URL(mock.baseUrl).port);
  const results: string[] = [];
  let ok = true;
  try {
    const before = heapMiB();
    let t = performance.now();
    const statuses = await fuzz(port);
    const fuzzSeconds = (performance.now() - t) / 1000;
    const after = heapMiB();
    const fiveHundreds = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    results.push(`fuzz: ${TOTAL} requests in ${fuzzSeconds.toFixed(1)} s (${Math.round(TOTAL / fuzzSeconds)}/s); statuses ${JSON.stringify(statuses)}`);
    results.push(`fuzz: handler faults ${faults}, 5xx answers ${fiveHundreds}, heap ${before.toFixed(1)} -> ${after.toFixed(1)} MiB`);
    ok &&= faults === 0 && fiveHundreds === 0 && after - before < 5;

    const id = (await create(mock.baseUrl)).json.job_execution.id as string;
    const deletes = await Promise.all(Array.from({ length: 64 }, () => call(mock.baseUrl, 'DELETE', `/v1.1/${a.projectId}/job-executions/${id}`)));
    const count = (s: number) => deletes.filter((d) => d.status === s).length;
    results.push(`64 concurrent DELETEs of one job execution: ${count(204)} x 204, ${count(404)} x 404, ${64 - count(204) - count(404)} other`);
    ok &&= count(204) === 1 && count(404) === 63;

    t = performance.now();
    const ids = new Set<string>();
    let created = 0;
    let deleted = 0;
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          const made = await create(mock.baseUrl);
          created += 1;
          ids.add(made.json.job_execution.id);
          if ((await call(mock.baseUrl, 'DELETE', `/v1.1/${a.projectId}/job-executions/${made.json.job_execution.id}`)).status === 204) deleted += 1;
        }),
      );
    }
    const left = mock.store.list(a.projectId).length;
    results.push(`10,000 create/delete cycles, 100 at a time: ${((performance.now() - t) / 1000).toFixed(1)} s; ${created} created, ${ids.size} distinct ids, ${deleted} deleted, ${left} left; heap ${heapMiB().toFixed(1)} MiB`);
    ok &&= created === 10_000 && ids.size === 10_000 && deleted === 10_000 && left === 0;
  } finally {
    await mock.close();
  }
  process.stdout.write(`${results.join('\n')}\n${ok ? 'all bounds held' : 'A BOUND WAS BROKEN'}\n`);
  process.exitCode = ok ? 0 : 1;
}

void main();
