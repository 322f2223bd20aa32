/**
 * (b) Throughput and latency at 50 connections, autocannon in this process, each server in its
 * own process (so load generator and server do not share an event loop): our mock, Stoplight
 * Prism's mock serving our OpenAPI document, and a bare node:http server answering 204.
 *
 * What each scenario asks:
 * - mock GET: an existing job execution of project A (200 with its JSON, validated token, tenant check).
 * - mock DELETE 204: each request deletes a different existing job execution, preloaded before
 *   the run (bench/servers/loaded-mock.ts), so every answer is a real deletion.
 * - mock DELETE 404: an id that names nothing (the refusal path: lookup, Sahara's error envelope).
 * - Prism GET / DELETE: one path each; Prism is stateless, so it answers its 200 example / its
 *   204 every time, after validating the request against the document.
 * - bare node: the same paths, 204 for everything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SEED_PROJECTS } from '../mock/seed';
import { freePort, startServerProcess, type ServerProcess } from './children';
import { prismCli, toolRequire } from './tools';

const ROOT = join(__dirname, '..');
const CONNECTIONS = 50;

const MOCK_SCENARIOS = [
  { scenario: 'GET existing (200)', method: 'GET' },
  { scenario: 'DELETE existing (204)', method: 'DELETE' },
  { scenario: 'DELETE unknown (404)', method: 'DELETE' },
] as const;
const PEER_SCENARIOS = {
  GET: { prism: 'GET (200 example)', bare: 'GET (204)' },
  DELETE: { prism: 'DELETE (204)', bare: 'DELETE (204)' },
} as const;

/** The part of autocannon's API and result used here. */
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

export interface LoadFigure {
  target: 'mock' | 'prism' | 'bare node';
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  statuses: Record<string, number>;
  errors: number;
}

export interface ThroughputResult {
  durationSeconds: number;
  connections: number;
  figures: LoadFigure[];
  /** Each mock scenario's rate over Prism's and the bare server's for the same method. */
  ratios: { scenario: string; vsPrism: number; vsBareNode: number }[];
}

async function load(url: string, duration: number, request: AutocannonRequest, expectedStatus: number): Promise<Omit<LoadFigure, 'target' | 'scenario'>> {
  const autocannon = toolRequire('autocannon') as Autocannon;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: { 'X-Auth-Token': SEED_PROJECTS.a.token, Accept: 'application/json' },
    requests: [request],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  const unexpected = Object.entries(statuses).filter(([code]) => Number(code) !== expectedStatus);
  if (unexpected.length) throw new Error(`${request.method} ${url}: expected only ${expectedStatus}, got ${JSON.stringify(statuses)}`);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total: result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/** A short run first, so that every server is measured warm (JIT, connections, caches). */
async function warmAndLoad(url: string, duration: number, request: AutocannonRequest, expectedStatus: number) {
  await load(url, 1, request, expectedStatus);
  return load(url, duration, request, expectedStatus);
}

function jobExecutionPath(id: string): string {
  return `/v1.1/${SEED_PROJECTS.a.projectId}/job-executions/${id}`;
}

async function withServer<T>(start: () => Promise<ServerProcess>, use: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

export async function measureThroughput(scratch: string, duration: number, log: (line: string) => void): Promise<ThroughputResult> {
  const figures: LoadFigure[] = [];
  const unknownPath = jobExecutionPath(randomUUID());

  log('mock: starting');
  let deleteRate = 0;
  await withServer(
    () => startServerProcess(['--require', 'tsx/cjs', join(__dirname, 'servers', 'loaded-mock.ts'), '1', join(scratch, 'read-id.txt')], /listening on (\S+)/),
    async ({ url }) => {
      const readPath = jobExecutionPath(readFileSync(join(scratch, 'read-id.txt'), 'utf8').trim());
      log('mock: GET');
      figures.push({ target: 'mock', scenario: 'GET existing (200)', ...(await warmAndLoad(url, duration, { method: 'GET', path: readPath }, 200)) });
      log('mock: DELETE of an unknown id');
      const unknown = await warmAndLoad(url, duration, { method: 'DELETE', path: unknownPath }, 404);
      figures.push({ target: 'mock', scenario: 'DELETE unknown (404)', ...unknown });
      deleteRate = unknown.requestsPerSecond;
    },
  );

  // Each DELETE names a different existing job execution: as many are preloaded as the warm-up
  // and the run can use at the rate just seen, with half again to spare. A run that ran out
  // would answer 404s, which load() refuses. (A much larger store only measures the collector.)
  const preload = Math.ceil(Math.max(deleteRate, 1_000) * (duration + 1) * 1.5);
  const idsFile = join(scratch, 'preloaded-ids.txt');
  log(`mock: preloading ${preload} job executions`);
  await withServer(
    () => startServerProcess(['--require', 'tsx/cjs', join(__dirname, 'servers', 'loaded-mock.ts'), String(preload), idsFile], /listening on (\S+)/, 120_000),
    async ({ url }) => {
      const ids = readFileSync(idsFile, 'utf8').trim().split('\n');
      let next = 0;
      const freshDelete: AutocannonRequest = { method: 'DELETE', setupRequest: (req) => ({ ...req, path: jobExecutionPath(ids[next++] ?? 'exhausted') }) };
      log('mock: DELETE of existing ids');
      figures.push({ target: 'mock', scenario: 'DELETE existing (204)', ...(await warmAndLoad(url, duration, freshDelete, 204)) });
    },
  );

  log('Prism: starting');
  const prismPort = await freePort();
  await withServer(
    () => startServerProcess([prismCli(), 'mock', '-h', '127.0.0.1', '-p', String(prismPort), join(ROOT, 'spec', 'job-executions.openapi.yaml')], /Prism is listening on (\S+)/, 120_000, { ...process.env, SCARF_ANALYTICS: 'false' }),
    async ({ url }) => {
      const path = jobExecutionPath(randomUUID());
      log('Prism: GET, DELETE');
      figures.push({ target: 'prism', scenario: 'GET (200 example)', ...(await warmAndLoad(url, duration, { method: 'GET', path }, 200)) });
      figures.push({ target: 'prism', scenario: 'DELETE (204)', ...(await warmAndLoad(url, duration, { method: 'DELETE', path }, 204)) });
    },
  );

  await withServer(
    () => startServerProcess(['--require', 'tsx/cjs', join(__dirname, 'servers', 'bare-server.ts')], /listening on (\S+)/),
    async ({ url }) => {
      const path = jobExecutionPath(randomUUID());
      log('bare node: GET, DELETE');
      figures.push({ target: 'bare node', scenario: 'GET (204)', ...(await warmAndLoad(url, duration, { method: 'GET', path }, 204)) });
      figures.push({ target: 'bare node', scenario: 'DELETE (204)', ...(await warmAndLoad(url, duration, { method: 'DELETE', path }, 204)) });
    },
  );

  const rate = (target: LoadFigure['target'], scenario: string) => figures.find((f) => f.target === target && f.scenario === scenario)?.requestsPerSecond ?? NaN;
  const ratios = MOCK_SCENARIOS.map(({ scenario, method }) => {
    const mock = rate('mock', scenario);
    return { scenario, vsPrism: mock / rate('prism', PEER_SCENARIOS[method].prism), vsBareNode: mock / rate('bare node', PEER_SCENARIOS[method].bare) };
  });
  return { durationSeconds: duration, connections: CONNECTIONS, figures, ratios };
}
