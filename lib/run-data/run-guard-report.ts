/**
 * What the run guard (lib/run/run-guard) found at the end of a run - the canary, the fixtures
 * the sweep re-read, the closing check, the leaks - as it writes it (run-guard.json) and as the
 * verdict, the reports, the merge of shards and the offline verify read it back. Data only: what
 * reads a report loads nothing that sends a request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceRemoval } from './run-resources';

export interface RunGuardReport {
  runId: string;
  /** gone: read 404; unknown: no answer that tells (5xx, lost, another status) even when read again. */
  canary: { id?: string; outcome: 'survived' | 'gone' | 'unknown' | 'not-created'; detail?: string };
  fixturesCreated: number;
  /** Fixtures that read 404 during the run and were back at its end: deletions undone. */
  resurrected: { id: string; goneSeenAt: string; answer: string }[];
  /** Fixtures that read 404 at the end of the run but were still in the project's list then (a list cache deletion does not clear). */
  listedAfterGone?: { id: string }[];
  /** The deletion made once the tests were over (lib/run/closing-check). */
  closingCheck?: ClosingCheck;
  /**
   * Fixtures not gone at the end of the run, whatever the run's own records said (read from the
   * target, never concluded from the ledger), and what the sweep did about each.
   */
  leaks: { id: string; sweep: 'removed' | 'still-present' | 'unknown'; detail?: string }[];
  /** What the run made besides job executions (zero configuration) and what became of each at its end. */
  ownResources?: ResourceRemoval[];
  /** Steps of the end-of-run check that failed (the others still ran). */
  problems?: string[];
  /** The ledger, kept when something is still present or a step failed; removed after a clean end. */
  ledgerKept?: string;
  /** A merged run (./shards): each shard's canary. */
  shards?: { shard: string; runId?: string; canary?: RunGuardReport['canary'] }[];
  /** A merged run: shards that were not merged; the verdict cannot be CONFORMANT without them. */
  missingShards?: string[];
}

/** How the one deletion made once the tests were over came out (lib/run/closing-check). */
export interface ClosingCheck {
  /**
   * creation-refused: the creation that worked at the start is refused now (its job or cluster
   * is gone, or a quota deletions used up); still-listed: gone by id, still in the list;
   * id-reissued: a creation was given an id the run had already had; unknown: a step could not be
   * told (its detail says which), and nothing is judged.
   */
  outcome: 'passed' | 'creation-refused' | 'still-listed' | 'id-reissued' | 'unknown';
  detail?: string;
}

export const RUN_GUARD_FILE = 'run-guard.json';

/**
 * A canary that disappeared was deleted without anybody asking: the target removed the wrong
 * object, which is what this requirement forbids, so the verdict counts it there.
 */
export const CANARY_REQUIREMENT = 'JEX-DEL-009';

/** A job execution that read 404 and later 200 again did not stay deleted, which this requirement forbids. */
export const STAYS_DELETED_REQUIREMENT = 'JEX-DEL-003';

/**
 * A job execution that reads 404 must have left the list. The run's own list checks race the
 * creations of other tests (a list cache cleared on creation but not on deletion passes them);
 * at the end of the run nothing of it creates any more, so the last deletions show there.
 */
export const LEAVES_LIST_REQUIREMENT = 'JEX-DEL-004';

/** This run's guard record (written in global teardown, before the reporters end), if any. */
export function readRunGuardReport(dir: string, runId: string | undefined): RunGuardReport | undefined {
  const file = join(dir, RUN_GUARD_FILE);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as RunGuardReport;
  return record.runId === runId ? record : undefined;
}

/** What the user types to remove a run's leftovers; every message that suggests it prints this. */
export function cleanupCommand(runId: string): string {
  return `npx sahara-conformance cleanup ${runId}`;
}

export function summariseRunGuard(report: RunGuardReport): string {
  const canary = report.canary.outcome === 'survived' ? 'survived' : `${report.canary.outcome.toUpperCase()}${report.canary.detail ? ` (${report.canary.detail})` : ''}`;
  const leftover = report.leaks;
  const still = leftover.filter((l) => l.sweep !== 'removed');
  const back = report.resurrected.length ? `; ${report.resurrected.length} DELETED AND BACK AGAIN: ${report.resurrected.map((r) => r.id).join(', ')}` : '';
  const closing = report.closingCheck && report.closingCheck.outcome !== 'passed' && report.closingCheck.outcome !== 'unknown' ? `; CLOSING CHECK ${report.closingCheck.outcome.toUpperCase()}: ${report.closingCheck.detail ?? ''}` : '';
  const kept = report.ownResources?.filter((r) => r.outcome !== 'removed') ?? [];
  const own = report.ownResources?.length ? `; own job and binaries: ${report.ownResources.length - kept.length} of ${report.ownResources.length} removed${kept.length ? ` (STILL PRESENT: ${kept.map((r) => `${r.kind} ${r.id}`).join(', ')}; remove them with ${cleanupCommand(report.runId)})` : ''}` : '';
  const listed = report.listedAfterGone?.length ? `; ${report.listedAfterGone.length} GONE BUT STILL LISTED: ${report.listedAfterGone.map((r) => r.id).join(', ')}` : '';
  return `Run ${report.runId}: canary ${canary}; ${report.fixturesCreated} fixtures created, ${leftover.length} leaked${leftover.length ? ` (${leftover.length - still.length} swept, ${still.length} still present or unknown: ${still.map((l) => l.id).join(', ') || 'none'})` : ''}${still.length ? `; remove them with ${cleanupCommand(report.runId)}` : ''}${back}${listed}${closing}${own}${report.problems ? `; ${report.problems.join('; ')}` : ''}${report.ledgerKept ? `; ledger kept: ${report.ledgerKept}` : ''}`;
}
