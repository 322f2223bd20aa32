/** The benchmark's results, its goals (issue 14) and the table it prints. */
import type { CyclesResult } from './cycles';
import type { SuiteWall } from './suite-wall';
import type { ThroughputResult } from './throughput';

export interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchResults {
  takenAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageBefore: string; loadAverageAfter?: string };
  tools: Record<string, string>;
  suiteWall?: SuiteWall;
  throughput?: ThroughputResult;
  cycles?: CyclesResult;
  goals?: Goal[];
}

/** Heap growth below this over the measured cycles counts as flat (GC noise is a few hundred KB). */
export const FLAT_HEAP_BYTES = 1024 * 1024;

const ms = (n: number) => `${Math.round(n)} ms`;
const x = (n: number) => `${n.toFixed(2)}x`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function evaluateGoals(r: BenchResults): Goal[] {
  const goals: Goal[] = [];
  if (r.suiteWall) {
    const { suite, floor, perCore } = r.suiteWall;
    goals.push({ goal: 'suite wall <= 1.5 x floor', measured: x(r.suiteWall.ratio), met: r.suiteWall.ratio <= 1.5 });
    goals.push({ goal: 'suite CPU <= 1.5 x floor', measured: x(suite.cpuMs / floor.cpuMs), met: suite.cpuMs / floor.cpuMs <= 1.5 });
    if (perCore) goals.push({ goal: `  (same, ${perCore.workers} workers)`, measured: x(perCore.ratio), met: perCore.ratio <= 1.5 });
    const bare = r.suiteWall.withoutWindows;
    if (bare) goals.push({ goal: '  (same, evidence windows at 1 ms: harness only)', measured: x(bare.ratio), met: bare.ratio <= 1.5 });
  }
  if (r.throughput) {
    for (const { scenario, vsPrism, vsBareNode, p99VsBareNode } of r.throughput.ratios) {
      goals.push({ goal: `mock ${scenario} >= 10 x Prism`, measured: x(vsPrism), met: vsPrism >= 10 });
      goals.push({ goal: `mock ${scenario} >= 0.6 x bare node`, measured: x(vsBareNode), met: vsBareNode >= 0.6 });
      goals.push({ goal: `mock ${scenario} p99 <= 2 x bare node's`, measured: x(p99VsBareNode), met: p99VsBareNode <= 2 });
    }
  }
  if (r.cycles) goals.push({ goal: `heap flat over ${r.cycles.cycles} cycles (< ${mb(FLAT_HEAP_BYTES)})`, measured: mb(r.cycles.heapGrowthBytes), met: r.cycles.heapGrowthBytes < FLAT_HEAP_BYTES });
  return goals;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderTable(r: BenchResults): string {
  const out: string[] = [`benchmark ${r.takenAt} - ${r.machine.cpus} x ${r.machine.cpuModel}, node ${r.machine.node}, load average ${r.machine.loadAverageBefore} -> ${r.machine.loadAverageAfter ?? '?'}`];
  if (r.suiteWall) {
    const { suite, floor, ratio, perCore, withoutWindows } = r.suiteWall;
    out.push(
      '',
      `(a) conformance run vs floor (${suite.requests} round trips, ${suite.connections} connections)`,
      table(
        ['run', 'wall', 'cpu', 'requests', 'connections', 'Playwright says'],
        [
          ['conformance, embedded mock', ms(suite.wallMs), ms(suite.cpuMs), String(suite.requests), String(suite.connections), suite.summary],
          ['floor: one no-op API test', ms(floor.wallMs), ms(floor.cpuMs), String(floor.requests), String(floor.connections), floor.summary],
          ['ratio', x(ratio), x(suite.cpuMs / floor.cpuMs), '', '', ''],
          ...(perCore
            ? [
                [`conformance, ${perCore.workers} workers (1 per core)`, ms(perCore.wallMs), ms(perCore.cpuMs), String(perCore.requests), String(perCore.connections), perCore.summary],
                ['ratio', x(perCore.ratio), x(perCore.cpuMs / floor.cpuMs), '', '', ''],
              ]
            : []),
          ...(withoutWindows
            ? [
                ['same, evidence windows at 1 ms (no verdict)', ms(withoutWindows.wallMs), ms(withoutWindows.cpuMs), String(withoutWindows.requests), String(withoutWindows.connections), withoutWindows.summary],
                ['ratio', x(withoutWindows.ratio), x(withoutWindows.cpuMs / floor.cpuMs), '', '', ''],
              ]
            : []),
        ],
      ),
    );
  }
  if (r.throughput) {
    const t = r.throughput;
    out.push(
      '',
      `(b) throughput, ${t.connections} connections, ${t.durationSeconds} s per scenario after 1 s warm-up`,
      table(
        ['target', 'scenario', 'req/s', 'p50', 'p99', 'max', 'requests', 'server CPU/request'],
        t.figures.map((f) => [f.target, f.scenario, Math.round(f.requestsPerSecond).toLocaleString('en-US'), `${f.p50Ms} ms`, `${f.p99Ms} ms`, `${f.maxMs} ms`, String(f.total), `${Math.round(f.serverCpuUsPerRequest)} us`]),
      ),
      '',
      table(
        ['mock scenario', 'rate / Prism', 'rate / bare node', 'CPU: Prism / mock', 'CPU: bare node / mock'],
        t.ratios.map((q) => [q.scenario, x(q.vsPrism), x(q.vsBareNode), x(q.cpuVsPrism), x(q.cpuVsBareNode)]),
      ),
    );
  }
  if (r.cycles) {
    const c = r.cycles;
    out.push(
      '',
      `(c) ${c.cycles} create/delete cycles through the mock: ${ms(c.wallMs)} (${Math.round(c.cyclesPerSecond)} cycles/s), ${c.jobExecutionsLeft} left`,
      table(
        ['after cycles', 'heap used (after GC)', 'rss'],
        c.heapCheckpoints.map((p) => [String(p.afterCycles), mb(p.heapUsedBytes), mb(p.rssBytes)]),
      ),
      `heap growth ${mb(c.heapGrowthBytes)} (${Math.round(c.bytesPerCycle)} bytes per cycle)`,
    );
  }
  if (r.goals?.length) {
    out.push('', 'goals', table(['goal', 'measured', 'met'], r.goals.map((g) => [g.goal, g.measured, g.met ? 'yes' : 'NO'])));
  }
  return `${out.join('\n')}\n`;
}
