/**
 * Dry run: the suite runs against a private stand-in (the embedded mock), so its request sequence
 * is the real one, while the configured target receives nothing. Each request is written to the
 * plan as the operation and path template the contract names, marked by what it does.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { test } from '@playwright/test';
import { runContext } from '../run/run-context';

export type RequestEffect = 'destructive' | 'creates' | 'reads';

export interface PlannedRequest {
  /** The test that makes it, or undefined for the run's own set-up and teardown (canary, sweep). */
  test?: string;
  method: string;
  pathTemplate: string;
  operationId: string;
  effect: RequestEffect;
}

export function effectOf(method: string, operationId: string): RequestEffect {
  if (operationId === 'executeJob' || operationId === 'submitJob') return 'creates';
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'destructive';
}

function currentTestTitle(): string | undefined {
  try {
    return test.info().title;
  } catch {
    return undefined;
  }
}

/** Appends the request to the dry run's plan (the run context's planFile); outside a dry run, nothing. */
export function recordPlannedRequest(request: Omit<PlannedRequest, 'test'>): void {
  const file = runContext()?.planFile;
  if (file) appendFileSync(file, `${JSON.stringify({ test: currentTestTitle(), ...request })}\n`);
}

export function readPlan(file: string): PlannedRequest[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PlannedRequest);
}

export function describePlan(plan: PlannedRequest[], target: string): string {
  const lines = [`Dry run: nothing was sent to ${target}. Planned requests, per test, in order:`];
  const groups = new Map<string, PlannedRequest[]>();
  for (const p of plan) groups.set(p.test ?? '(run set-up and teardown: canary, sweep)', [...(groups.get(p.test ?? '(run set-up and teardown: canary, sweep)') ?? []), p]);
  for (const [title, requests] of groups) {
    lines.push(`  ${title}`);
    for (const p of requests) lines.push(`    ${p.effect === 'destructive' ? 'DESTRUCTIVE' : p.effect === 'creates' ? 'creates    ' : 'reads      '} ${p.method.padEnd(6)} ${p.pathTemplate}`);
  }
  const count = (e: RequestEffect) => plan.filter((p) => p.effect === e).length;
  lines.push(`${plan.length} requests: ${count('destructive')} destructive, ${count('creates')} creating, ${count('reads')} reading`);
  return lines.join('\n');
}
