/**
 * Where a server's CPU went, from a V8 CPU profile (`npm run bench -- --only load --cpu-prof DIR`):
 * samples grouped into the mock's own code, node:http, socket writes, the garbage collector and
 * the rest, leaving out start-up and preloading (module loading and the loaded-mock's main).
 * `tsx bench/profile-summary.ts FILE.cpuprofile...`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const CATEGORIES: [string, (frame: ProfileNode['callFrame']) => boolean][] = [
  ['socket writes (syscalls)', (f) => /^(writev|writeLatin1String|writeUtf8String|writeBuffer)$/.test(f.functionName) && f.url === ''],
  ['garbage collector', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['mock code (mock/)', (f) => /\/mock\//.test(f.url)],
  ['node:http and streams', (f) => /^node:(_http|internal\/streams|internal\/stream_base|events|net|internal\/process\/task_queues|internal\/timers|timers)/.test(f.url)],
];

function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const isStartUp = (id: number): boolean => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (f && (/loader|run_main_module/.test(f.url) || (f.functionName === 'main' && /loaded-mock/.test(f.url)))) return true;
    }
    return false;
  };
  const totals = new Map<string, number>();
  let counted = 0;
  profile.samples.forEach((id, i) => {
    if (isStartUp(id)) return;
    const frame = byId.get(id)?.callFrame;
    const category = (frame && CATEGORIES.find(([, test]) => test(frame))?.[0]) ?? 'other (V8, crypto, parsing)';
    const us = profile.timeDeltas[i] ?? 0;
    totals.set(category, (totals.get(category) ?? 0) + us);
    counted += us;
  });
  const busy = counted - (totals.get('idle') ?? 0);
  process.stdout.write(`${file}: ${Math.round(busy / 1000)} ms busy\n`);
  for (const [category, us] of [...totals].filter(([c]) => c !== 'idle').sort((a, b) => b[1] - a[1])) {
    process.stdout.write(`  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${category}\n`);
  }
}

for (const file of process.argv.slice(2)) summarise(file);
