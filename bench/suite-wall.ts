/**
 * (a) The conformance run against the embedded mock, timed from outside as a pipeline sees it,
 * and its floor: a Playwright run of one test making the same number of loopback round trips
 * (counted in the run itself by bench/request-counter.cjs) against a bare node:http server.
 */
import { spawn } from 'node:child_process';
import { defaultWorkers, environmentWithoutSuiteSettings } from '../lib/config';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const PLAYWRIGHT = require.resolve('@playwright/test/cli');
const COUNTER = join(__dirname, 'request-counter.cjs');

export interface PlaywrightRun {
  wallMs: number;
  /** CPU time of the run's processes (runner and workers), user + system. */
  cpuMs: number;
  exitCode: number;
  /** Requests and connections accepted by node:http servers in the run's processes. */
  requests: number;
  connections: number;
  /** Playwright's own closing line ("14 passed (6.2s)"). */
  summary: string;
}

export interface SuiteWall {
  suite: PlaywrightRun;
  floor: PlaywrightRun;
  ratio: number;
  /**
   * The same run with one worker per core (CONFORMANCE_WORKERS), when that differs from the
   * default: each Playwright worker costs its start-up on every run, and cores cap what overlaps.
   */
  perCore?: PlaywrightRun & { workers: number; ratio: number };
  /**
   * The same run with its evidence windows (CONFORMANCE_STAY_GONE_MS, CONFORMANCE_SETTLE_MS) at
   * 1 ms: no valid verdict, but what is left of the ratio is the harness's own cost, the rest is
   * the waiting the evidence needs.
   */
  withoutWindows?: PlaywrightRun & { ratio: number };
}

/** What the windows are set to in the run that leaves them out (the smallest value the suite accepts). */
const WINDOWS_AT_1_MS = { CONFORMANCE_STAY_GONE_MS: '1', CONFORMANCE_SETTLE_MS: '1' };

/** The environment of a run against the embedded mock: no target, no .env of the developer's. */
// /dev/null, not an empty file of our own: any other env file is a target setting, which the
// suite refuses without a base URL (lib/target-selection refuseTargetSettingsWithoutBaseUrl).
function isolatedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...env } = environmentWithoutSuiteSettings();
  return { ...env, CONFORMANCE_ENV_FILE: '/dev/null', ...extra };
}

/**
 * CPU time of this process's finished children, from /proc (Linux): what the run cost in work,
 * which the machine's load does not stretch the way it stretches wall time. NaN elsewhere.
 */
function childrenCpuMs(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function runPlaywright(args: string[], env: NodeJS.ProcessEnv, log: string): Promise<PlaywrightRun> {
  const countDir = mkdtempSync(join(tmpdir(), 'bench-count-'));
  const started = performance.now();
  const cpuBefore = childrenCpuMs();
  const child = spawn(process.execPath, [PLAYWRIGHT, 'test', ...args], {
    cwd: ROOT,
    env: { ...env, BENCH_COUNT_DIR: countDir, NODE_OPTIONS: `--require ${COUNTER}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const cpuMs = childrenCpuMs() - cpuBefore;
      writeFileSync(log, output);
      const counts = readdirSync(countDir).map((f) => JSON.parse(readFileSync(join(countDir, f), 'utf8')) as { requests: number; connections: number });
      resolve({
        wallMs,
        cpuMs,
        exitCode: code ?? -1,
        requests: counts.reduce((n, c) => n + c.requests, 0),
        connections: counts.reduce((n, c) => n + c.connections, 0),
        summary: /^\s*(\d+ passed.*)$/m.exec(output)?.[1]?.trim() ?? '(no summary; see log)',
      });
    });
  });
}

/** `suiteEnv` adds settings to the suite's run (e.g. CONFORMANCE_WORKERS), for experiments. */
export async function measureSuiteWall(scratch: string, suiteEnv: Record<string, string> = {}): Promise<SuiteWall> {
  // Playwright compiles the TypeScript once and keeps it in its cache: after a change of the code,
  // the first run would pay that too. Listing the tests loads (and compiles) every module first.
  await runPlaywright(['--project=conformance', '--list'], isolatedEnv({ CONFORMANCE_REPORT_DIR: join(scratch, 'conformance-report') }), join(scratch, 'warm-up.log'));
  // What `npm run conformance` runs underneath, with the reports written to the scratch folder.
  const suite = await runPlaywright(['--project=conformance'], isolatedEnv({ CONFORMANCE_REPORT_DIR: join(scratch, 'conformance-report'), ...suiteEnv }), join(scratch, 'suite.log'));
  if (suite.exitCode !== 0) throw new Error(`the conformance run failed (exit ${suite.exitCode}); see ${join(scratch, 'suite.log')}`);
  // Round trips on fresh connections beyond the floor's one kept-alive connection.
  const fresh = Math.max(0, suite.connections - 1);
  const floor = await runPlaywright(
    [`--config=${join(__dirname, 'floor', 'playwright.config.ts')}`],
    isolatedEnv({ BENCH_FLOOR_REQUESTS: String(suite.requests), BENCH_FLOOR_CONNECTIONS: String(fresh) }),
    join(scratch, 'floor.log'),
  );
  if (floor.exitCode !== 0) throw new Error(`the floor run failed (exit ${floor.exitCode}); see ${join(scratch, 'floor.log')}`);
  const result: SuiteWall = { suite, floor, ratio: suite.wallMs / floor.wallMs };
  const workers = availableParallelism();
  if (suiteEnv.CONFORMANCE_WORKERS === undefined && workers !== defaultWorkers()) {
    const env = isolatedEnv({ CONFORMANCE_REPORT_DIR: join(scratch, 'conformance-report'), ...suiteEnv, CONFORMANCE_WORKERS: String(workers) });
    const perCore = await runPlaywright(['--project=conformance'], env, join(scratch, 'suite-per-core.log'));
    if (perCore.exitCode !== 0) throw new Error(`the conformance run with ${workers} workers failed; see ${join(scratch, 'suite-per-core.log')}`);
    result.perCore = { ...perCore, workers, ratio: perCore.wallMs / floor.wallMs };
  }
  if (Object.keys(suiteEnv).length === 0) {
    const env = isolatedEnv({ CONFORMANCE_REPORT_DIR: join(scratch, 'conformance-report'), ...WINDOWS_AT_1_MS });
    const run = await runPlaywright(['--project=conformance'], env, join(scratch, 'suite-without-windows.log'));
    if (run.exitCode !== 0) throw new Error(`the conformance run without evidence windows failed; see ${join(scratch, 'suite-without-windows.log')}`);
    result.withoutWindows = { ...run, ratio: run.wallMs / floor.wallMs };
  }
  return result;
}
