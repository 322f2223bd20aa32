/**
 * `npm run bench`: the suite's wall time against its floor, the mock's throughput against Prism
 * and a bare node:http server, and 10,000 create/delete cycles with the heap before and after.
 * Prints a table, writes bench/results/latest.json (gitignored: figures belong to a machine and
 * a moment; the ones of record go into docs/performance.md and the issue, with the load they were taken at).
 * Options: --duration S (seconds per load scenario, default 5), --cycles N (default 10000),
 * --only suite,load,cycles, --cpu-prof DIR (the mock's CPU profiles under load, summarised by
 * `tsx bench/profile-summary.ts DIR/*.cpuprofile`). Loopback only; every part is bounded in time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CyclesResult } from './cycles';
import { evaluateGoals, renderTable, type BenchResults } from './table';
import { measureSuiteWall } from './suite-wall';
import { measureThroughput } from './throughput';
import { ensureTools, TOOL_VERSIONS } from './tools';

const PARTS = ['suite', 'load', 'cycles'] as const;

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function cycles(count: number): CyclesResult {
  const out = execFileSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', join(__dirname, 'cycles.ts'), String(count)], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as CyclesResult;
}

function load(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, cycles: { type: 'string', default: '10000' }, only: { type: 'string', default: PARTS.join(',') }, 'cpu-prof': { type: 'string' } } });
  const duration = Number(values.duration);
  const cycleCount = Number(values.cycles);
  const only = new Set(values.only.split(','));
  if (!(duration >= 1 && duration <= 60) || !(cycleCount >= 100 && cycleCount <= 1_000_000) || [...only].some((p) => !(PARTS as readonly string[]).includes(p))) {
    process.stderr.write(`usage: npm run bench -- [--duration 1..60] [--cycles 100..1000000] [--only ${PARTS.join(',')}] [--cpu-prof DIR]\n`);
    process.exit(3);
  }
  if (only.has('load')) ensureTools(log);
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  const results: BenchResults = {
    takenAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version, loadAverageBefore: load() },
    tools: TOOL_VERSIONS,
  };
  try {
    if (only.has('suite')) {
      log('conformance run against the embedded mock, then the floor');
      results.suiteWall = await measureSuiteWall(scratch);
    }
    if (only.has('load')) results.throughput = await measureThroughput(scratch, duration, log, values['cpu-prof'] && resolve(values['cpu-prof']));
    if (only.has('cycles')) {
      log(`${cycleCount} create/delete cycles`);
      results.cycles = cycles(cycleCount);
    }
  } catch (error) {
    log(`failed: ${(error as Error).message} (scratch files kept in ${scratch})`);
    process.exit(1);
  }
  results.machine.loadAverageAfter = load();
  results.goals = evaluateGoals(results);
  process.stdout.write(renderTable(results));
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwritten: bench/results/latest.json\n`);
  rmSync(scratch, { recursive: true, force: true });
}

void main();
