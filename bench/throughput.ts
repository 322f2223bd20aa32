/**
 * (b) Throughput and latency at 50 connections, autocannon in this process, each server in its
 * own process (so load generator and server do not share an event loop): our mock, Stoplight
 * Prism's mock serving our OpenAPI document, and a bare node:http server answering 204.
 *
 * What each scenario asks:
 * - mock GET: an existing job execution of project A (200 with its JSON, validated token, tenant check).
 * - mock DELETE 204: each request deletes a different existing job execution, created just
 *   a little ahead (deleteExisting), so every answer is a real deletion.
 * - mock DELETE 404: an id that names nothing (the refusal path: lookup, Sahara's error envelope).
 * - Prism GET / DELETE: one path each; Prism is stateless, so it answers its 200 example / its
 *   204 every time, after validating the request against the document.
 * - bare node: the same paths, 204 for everything.
 */
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
  /**
   * The server's CPU time per answered request: what an answer costs, which the machine's other
   * load does not change the way it changes the rates (this machine's 2 cores are shared).
   */
  serverCpuUsPerRequest: number;
  statuses: Record<string, number>;
  errors: number;
}

export interface ThroughputResult {
  durationSeconds: number;
  connections: number;
  figures: LoadFigure[];
  /**
   * Per mock scenario, against Prism's and the bare server's answer to the same method: the ratio
   * of rates (vs...) and the ratio of server CPU per request, inverted so that more is better (cpuVs...).
   */
  ratios: { scenario: string; vsPrism: number; vsBareNode: number; p99VsBareNode: number; cpuVsPrism: number; cpuVsBareNode: number }[];
}

async function load(server: ServerProcess, duration: number, request: AutocannonRequest, expectedStatus: number): Promise<Omit<LoadFigure, 'target' | 'scenario'>> {
  const { url } = server;
  const autocannon = toolRequire('autocannon') as Autocannon;
  const cpuBefore = server.cpuMs();
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
    serverCpuUsPerRequest: ((server.cpuMs() - cpuBefore) * 1000) / result.requests.total,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

/** A short run first, so that every server is measured warm (JIT, connections, caches). */
async function warmAndLoad(server: ServerProcess, duration: number, request: AutocannonRequest, expectedStatus: number) {
  await load(server, 1, request, expectedStatus);
  return load(server, duration, request, expectedStatus);
}

function jobExecutionPath(id: string): string {
  return `/v1.1/${SEED_PROJECTS.a.projectId}/job-executions/${id}`;
}

/**
 * Ids handed to the load generator ahead of it: refilled below LOW_WATER, REFILL at a time. A
 * refill runs in the mock's event loop and holds its answers meanwhile: small ones (about 1 ms
 * each) keep that stall out of the measured p99; 4,000 at a time stalled it ~10 ms every 100 ms.
 */
const LOW_WATER = 4_000;
const REFILL = 500;

export interface Creator {
  /** Creates job executions in the mock (outside HTTP) and says what that cost the mock. */
  (count: number): Promise<{ ids: string[]; cpuMs: number }>;
}

/**
 * DELETEs of existing job executions, each naming a different one. The mock creates them over
 * its IPC channel a little ahead of the load generator, as the suite's fixtures are created just
 * before they are deleted: a store preloaded with a whole run's worth would hold records the
 * collector has promoted, and mostly measure freeing those. The creating runs in the mock's
 * process during the run; its CPU time is subtracted from the server CPU per request (it still
 * takes a little of the mock's time, so the rate is, if anything, understated).
 */
export async function deleteExisting(server: ServerProcess, duration: number, create: Creator): Promise<Omit<LoadFigure, 'target' | 'scenario'>> {
  const queue: string[] = [];
  let creatingCpuMs = 0;
  let refilling = false;
  // One creation at a time: the mock's replies are not matched to their asks, so a refill started
  // while another is pending (the warm-up's, as the next one begins) would take its ids twice.
  let lastRefill = Promise.resolve();
  const refill = (count: number): Promise<void> => {
    refilling = true;
    lastRefill = lastRefill.then(async () => {
      const made = await create(count);
      queue.push(...made.ids);
      creatingCpuMs += made.cpuMs;
      refilling = false;
    });
    return lastRefill;
  };
  const request: AutocannonRequest = {
    method: 'DELETE',
    setupRequest: (req) => {
      if (queue.length < LOW_WATER && !refilling) void refill(REFILL);
      return { ...req, path: jobExecutionPath(queue.shift() ?? 'exhausted') };
    },
  };
  await refill(2 * REFILL);
  await load(server, 1, request, 204); // warm-up
  await refill(2 * REFILL);
  creatingCpuMs = 0;
  const figure = await load(server, duration, request, 204);
  return { ...figure, serverCpuUsPerRequest: figure.serverCpuUsPerRequest - (creatingCpuMs * 1000) / figure.total };
}

async function withServer<T>(start: () => Promise<ServerProcess>, use: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** `cpuProfileDir`: where the mock processes write V8 CPU profiles (bench/profile-summary.ts reads them). */
export async function measureThroughput(scratch: string, duration: number, log: (line: string) => void, cpuProfileDir?: string): Promise<ThroughputResult> {
  const mockArgs = () => [...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []), '--require', 'tsx/cjs', join(__dirname, 'servers', 'loaded-mock.ts')];
  const figures: LoadFigure[] = [];
  const unknownPath = jobExecutionPath(randomUUID());

  log('mock: starting');
  await withServer(
    () => startServerProcess(mockArgs(), /listening on (\S+)/, 60_000, process.env, true),
    async (server) => {
      const create: Creator = (count) => server.ask({ create: count });
      const readPath = jobExecutionPath((await create(1)).ids[0] as string);
      log('mock: GET');
      figures.push({ target: 'mock', scenario: 'GET existing (200)', ...(await warmAndLoad(server, duration, { method: 'GET', path: readPath }, 200)) });
      log('mock: DELETE of an unknown id');
      figures.push({ target: 'mock', scenario: 'DELETE unknown (404)', ...(await warmAndLoad(server, duration, { method: 'DELETE', path: unknownPath }, 404)) });
      log('mock: DELETE of existing ids');
      figures.push({ target: 'mock', scenario: 'DELETE existing (204)', ...(await deleteExisting(server, duration, create)) });
    },
  );

  log('Prism: starting');
  const prismPort = await freePort();
  await withServer(
    () => startServerProcess([prismCli(), 'mock', '-h', '127.0.0.1', '-p', String(prismPort), join(ROOT, 'spec', 'job-executions.openapi.yaml')], /Prism is listening on (\S+)/, 120_000, { ...process.env, SCARF_ANALYTICS: 'false' }),
    async (server) => {
      const path = jobExecutionPath(randomUUID());
      log('Prism: GET, DELETE');
      figures.push({ target: 'prism', scenario: 'GET (200 example)', ...(await warmAndLoad(server, duration, { method: 'GET', path }, 200)) });
      figures.push({ target: 'prism', scenario: 'DELETE (204)', ...(await warmAndLoad(server, duration, { method: 'DELETE', path }, 204)) });
    },
  );

  await withServer(
    () => startServerProcess(['--require', 'tsx/cjs', join(__dirname, 'servers', 'bare-server.ts')], /listening on (\S+)/),
    async (server) => {
      const path = jobExecutionPath(randomUUID());
      log('bare node: GET, DELETE');
      figures.push({ target: 'bare node', scenario: 'GET (204)', ...(await warmAndLoad(server, duration, { method: 'GET', path }, 204)) });
      figures.push({ target: 'bare node', scenario: 'DELETE (204)', ...(await warmAndLoad(server, duration, { method: 'DELETE', path }, 204)) });
    },
  );

  const figure = (target: LoadFigure['target'], scenario: string) => figures.find((f) => f.target === target && f.scenario === scenario);
  const ratios = MOCK_SCENARIOS.map(({ scenario, method }) => {
    const mock = figure('mock', scenario);
    const prism = figure('prism', PEER_SCENARIOS[method].prism);
    const bare = figure('bare node', PEER_SCENARIOS[method].bare);
    const rate = (f?: LoadFigure) => f?.requestsPerSecond ?? NaN;
    const cpu = (f?: LoadFigure) => f?.serverCpuUsPerRequest ?? NaN;
    // A p99 of 0 ms (autocannon's resolution is 1 ms) counts as 1 ms: the ratio stays finite.
    const p99 = (f?: LoadFigure) => Math.max(1, f?.p99Ms ?? NaN);
    return {
      scenario,
      vsPrism: rate(mock) / rate(prism),
      vsBareNode: rate(mock) / rate(bare),
      p99VsBareNode: p99(mock) / p99(bare),
      cpuVsPrism: cpu(prism) / cpu(mock),
      cpuVsBareNode: cpu(bare) / cpu(mock),
    };
  });
  return { durationSeconds: duration, connections: CONNECTIONS, figures, ratios };
}
