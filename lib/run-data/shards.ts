/**
 * Sharded runs (Playwright's --shard, for CI that spreads the suite over machines): each shard
 * runs its share of the tests with a canary, ledger and sweep of its own, writes its report
 * folder and a blob report; `sahara-conformance merge DIR...` makes one verdict of them. What a
 * shard is travels as CONFORMANCE_SHARD ("2/3"); the merge writes the merged run guard (below)
 * where the reporters read a run's.
 */
import type { RunGuardReport } from './run-guard-report';

export const SHARD_VARIABLE = 'CONFORMANCE_SHARD';

export interface Shard {
  current: number;
  total: number;
}

/** "i/n" with 1 <= i <= n, or undefined when it is not one. */
export function parseShard(text: string | undefined): Shard | undefined {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text?.trim() ?? '');
  if (!match) return undefined;
  const [current, total] = [Number(match[1]), Number(match[2])];
  return current >= 1 && current <= total ? { current, total } : undefined;
}

export const shardName = (s: Shard): string => `${s.current}/${s.total}`;

/** One shard's part of a merged run, as its report folder recorded it. */
export interface ShardRecord {
  shard: string;
  runId: string;
  reportDir: string;
  runGuard?: RunGuardReport;
}

export interface MergedShards {
  total: number;
  shards: ShardRecord[];
  /** Shards of 1..total that are not among the merged ones. */
  missing: string[];
}

const CANARY_RANK = { survived: 0, 'not-created': 1, unknown: 2, gone: 3 } as const;

/**
 * The run guard of a merged run: every shard's canary, fixtures, resurrections and leaks. The
 * canary outcome is the worst any shard's had (a canary gone in one shard is a target that
 * deletes what it should not, whatever the others saw); each shard's stays in `shards`.
 */
export function mergeRunGuards(runId: string, merged: MergedShards): RunGuardReport {
  const guards = merged.shards.map((s) => ({ shard: s.shard, guard: s.runGuard }));
  const worst = guards
    .filter((g) => g.guard)
    .sort((a, b) => CANARY_RANK[b.guard!.canary.outcome] - CANARY_RANK[a.guard!.canary.outcome])[0];
  const problems = [
    ...guards.filter((g) => !g.guard).map((g) => `shard ${g.shard} has no run-guard.json: its canary and sweep are unknown`),
    ...guards.flatMap((g) => (g.guard?.problems ?? []).map((p) => `shard ${g.shard}: ${p}`)),
  ];
  return {
    runId,
    canary: worst
      ? { ...worst.guard!.canary, ...(worst.guard!.canary.outcome === 'survived' ? {} : { detail: [`shard ${worst.shard}`, worst.guard!.canary.detail].filter(Boolean).join(': ') }) }
      : { outcome: 'not-created', detail: 'no shard recorded a canary' },
    fixturesCreated: guards.reduce((n, g) => n + (g.guard?.fixturesCreated ?? 0), 0),
    resurrected: guards.flatMap((g) => g.guard?.resurrected ?? []),
    leaks: guards.flatMap((g) => g.guard?.leaks ?? []),
    ...(problems.length ? { problems } : {}),
    shards: guards.map((g) => ({ shard: g.shard, runId: g.guard?.runId, canary: g.guard?.canary })),
    ...(merged.missing.length ? { missingShards: merged.missing } : {}),
  };
}
