/**
 * Dry run: the suite runs against a private stand-in (the embedded mock), so its request sequence
 * is the real one, while the configured target receives nothing. Each request is written to the
 * plan as the operation and path template the contract names, marked by what it does. A client
 * writes there only through the sink it is given (JobExecutionApiParts plan): whoever makes the
 * client knows the run and the test, the client does not.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export type RequestEffect = 'destructive' | 'creates' | 'reads';

export interface PlannedRequest {
  /** The test that makes it, or undefined for the run's own set-up and teardown (canary, sweep). */
  test?: string;
  method: string;
  pathTemplate: string;
  operationId: string;
  effect: RequestEffect;
}

/** A test the configuration does not give what it needs: the real run would skip it. */
export interface PlannedSkip {
  test?: string;
  wouldNeed: string;
}

type PlanEntry = PlannedRequest | PlannedSkip;

const isSkip = (entry: PlanEntry): entry is PlannedSkip => 'wouldNeed' in entry;

export function effectOf(method: string, operationId: string): RequestEffect {
  if (operationId === 'executeJob' || operationId === 'submitJob' || operationId.startsWith('create')) return 'creates';
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'destructive';
}

/** Where a client puts each request it is about to send: a dry run's plan. */
export type PlanSink = (request: Omit<PlannedRequest, 'test'>) => void;

/** The sink that appends to the plan `file`, each request marked as made by `test` (none: the run's own set-up and teardown). */
export function planFileSink(file: string, test: string | undefined): PlanSink {
  return (request) => appendFileSync(file, `${JSON.stringify({ test, ...request })}\n`);
}

/** Notes in the plan `file` that `test` would be skipped for want of `wouldNeed` (the real run's reason). */
export function recordPlannedSkip(file: string, test: string | undefined, wouldNeed: string): void {
  appendFileSync(file, `${JSON.stringify({ test, wouldNeed })}\n`);
}

export function readPlan(file: string): PlanEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PlanEntry);
}

const SET_UP = '(run set-up and teardown: what it finds and makes, canary, sweep)';

export function describePlan(plan: PlanEntry[], target: string): string {
  const lines = [`Dry run: nothing was sent to ${target}. Planned requests, per test, in order:`];
  const groups = new Map<string, PlanEntry[]>();
  for (const p of plan) groups.set(p.test ?? SET_UP, [...(groups.get(p.test ?? SET_UP) ?? []), p]);
  for (const [title, entries] of groups) {
    lines.push(`  ${title}`);
    for (const p of entries) lines.push(isSkip(p) ? `    WOULD NEED  ${p.wouldNeed} (the run would skip this test)` : `    ${p.effect === 'destructive' ? 'DESTRUCTIVE' : p.effect === 'creates' ? 'creates    ' : 'reads      '} ${p.method.padEnd(6)} ${p.pathTemplate}`);
  }
  const requests = plan.filter((p): p is PlannedRequest => !isSkip(p));
  const skips = plan.filter(isSkip);
  const count = (e: RequestEffect) => requests.filter((p) => p.effect === e).length;
  lines.push(`${requests.length} requests: ${count('destructive')} destructive, ${count('creates')} creating, ${count('reads')} reading`);
  if (skips.length > 0) lines.push(`${skips.length} test(s) would be skipped: they need what the configuration does not give (WOULD NEED above)`);
  return lines.join('\n');
}
