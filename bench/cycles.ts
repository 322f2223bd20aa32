/**
 * (c) Create/delete cycles through the mock over HTTP, with the heap measured after a forced
 * garbage collection before, at checkpoints and after: a mock that keeps anything per deleted job
 * execution shows as a heap growing with the cycle count. Runs in its own process with the mock
 * in-process (the heap to measure is the mock's): `node --expose-gc --require tsx/cjs
 * bench/cycles.ts N` prints one JSON line.
 */
import http from 'node:http';
import { SEED_PROJECTS } from '../mock/seed';
import { startMockServer } from '../mock/server';

export interface CyclesResult {
  cycles: number;
  wallMs: number;
  cyclesPerSecond: number;
  /** Heap used after a forced GC, in bytes, before the first cycle and after each checkpoint. */
  heapCheckpoints: { afterCycles: number; heapUsedBytes: number; rssBytes: number }[];
  heapGrowthBytes: number;
  bytesPerCycle: number;
  jobExecutionsLeft: number;
}

const WARM_UP_CYCLES = 1_500;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, {
      method,
      agent,
      headers: { 'X-Auth-Token': SEED_PROJECTS.a.token, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function heapAfterGc(afterCycles: number) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { afterCycles, heapUsedBytes: heapUsed, rssBytes: rss };
}

export async function runCycles(cycles: number): Promise<CyclesResult> {
  const mock = await startMockServer();
  const { projectId, jobId, clusterId } = SEED_PROJECTS.a;
  const base = `/v1.1/${projectId}`;
  const cycle = async () => {
    const created = await call(mock.baseUrl, 'POST', `${base}/jobs/${jobId}/execute`, { cluster_id: clusterId, job_configs: { configs: {}, args: [], params: {} } });
    if (created.status !== 202) throw new Error(`create answered ${created.status}: ${created.text.slice(0, 200)}`);
    const { id } = (JSON.parse(created.text) as { job_execution: { id: string } }).job_execution;
    const deleted = await call(mock.baseUrl, 'DELETE', `${base}/job-executions/${id}`);
    if (deleted.status !== 204) throw new Error(`delete answered ${deleted.status}`);
  };
  // Warm-up to the steady state, not counted: JIT, the connection, and the mock's bounded memory
  // of recent deletions (1,000 records, mock/store.ts) filled.
  for (let i = 0; i < WARM_UP_CYCLES; i += 1) await cycle();
  const checkpoints = [heapAfterGc(0)];
  const step = Math.max(1, Math.floor(cycles / 4));
  let measuredMs = 0;
  for (let done = 0; done < cycles; ) {
    const until = Math.min(cycles, done + step);
    const t0 = performance.now();
    for (; done < until; done += 1) await cycle();
    measuredMs += performance.now() - t0;
    checkpoints.push(heapAfterGc(done));
  }
  const list = await call(mock.baseUrl, 'GET', `${base}/job-executions`);
  const left = (JSON.parse(list.text) as { job_executions: unknown[] }).job_executions.length;
  agent.destroy();
  await mock.close();
  const growth = (checkpoints.at(-1)?.heapUsedBytes ?? 0) - (checkpoints[0]?.heapUsedBytes ?? 0);
  return {
    cycles,
    wallMs: measuredMs,
    cyclesPerSecond: cycles / (measuredMs / 1000),
    heapCheckpoints: checkpoints,
    heapGrowthBytes: growth,
    bytesPerCycle: growth / cycles,
    jobExecutionsLeft: left,
  };
}

if (require.main === module) {
  runCycles(Number(process.argv[2] ?? 10_000)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
