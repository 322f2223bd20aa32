/**
 * Handlers for /v1.1/{project_id}/job-executions[/{id}]: the order of Sahara 16's checks. What
 * each check decides and how each answer looks is `ctx.behaviour` (mock/behaviour.ts).
 */
import { renderJobExecution } from '../render';
import type { RequestContext } from '../handler-contract';
import { jsonObjectBody } from '../request-body';
import { imitates } from '../sahara16-bugs';
import type { JobExecutionRecord } from '../store';
import { selectPage } from './list-query';

function visibleRecord(ctx: RequestContext, id: string): JobExecutionRecord | undefined {
  const record = ctx.behaviour.findJobExecution(ctx, id);
  return record && ctx.store.visibleTo(record, ctx.tenantId) ? record : undefined;
}

export function showJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record) return ctx.behaviour.answerNotFound(ctx, id);
  ctx.behaviour.answerRead(ctx, record);
}

export function listJobExecutions(ctx: RequestContext, query: URLSearchParams): void {
  const page = selectPage(ctx, ctx.behaviour.listRecords(ctx), query);
  if (!page) return;
  const body: Record<string, unknown> = {};
  if (page.markers) body.markers = page.markers;
  body.job_executions = page.records.map((r) => renderJobExecution(r, ctx.store));
  ctx.behaviour.answerList(ctx, body);
}

export function deleteJobExecution(ctx: RequestContext, id: string): void {
  const { behaviour } = ctx;
  const record = behaviour.findJobExecution(ctx, id);
  if (!record) return behaviour.answerDeleteOfMissing(ctx, id);
  const decision = behaviour.decideDelete(ctx, record);
  if (decision === 'delete') {
    const before = renderJobExecution(record, ctx.store);
    behaviour.deleteRecord(ctx, record);
    return behaviour.answerDeleted(ctx, before);
  }
  behaviour.afterRefusedDelete(ctx, decision, record);
  if (decision === 'hidden') return behaviour.answerNotFound(ctx, id);
  behaviour.answerDeletionFailed(ctx, id, decision);
}

const UPDATABLE = ['is_public', 'is_protected'];

/** Sahara's schema for an update: only the two flags, booleans (null too, on Sahara 16). */
function updateProblem(ctx: RequestContext, changes: Record<string, unknown>): string | undefined {
  const nullAllowed = imitates(ctx, 'update-null-flag-stored');
  for (const [key, value] of Object.entries(changes)) {
    if (!UPDATABLE.includes(key)) return `Additional properties are not allowed ('${key}' was unexpected)`;
    if (typeof value !== 'boolean' && !(value === null && nullAllowed)) return `${key}: ${JSON.stringify(value)} is not of type 'boolean'`;
  }
  return undefined;
}

/**
 * The checks of Sahara 16's update, in its order: visible, well-formed, the caller's own, not
 * protected (unless only is_public changes or the update unprotects it). An empty update
 * changes nothing and answers 202.
 */
export function updateJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record) return ctx.behaviour.answerNotFound(ctx, id);
  const changes = jsonObjectBody(ctx);
  if (!changes) return;
  const problem = updateProblem(ctx, changes);
  if (problem) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', problem);
  const refuse = (why: string) => ctx.answers.error(ctx.res, 400, 'UPDATE_FAILED', `JobExecution with id '${id}' could not be updated because ${why}`);
  if (record.tenantId !== ctx.tenantId) return refuse("it wasn't created in this tenant");
  const keys = Object.keys(changes);
  const keepsProtection = 'is_protected' in changes ? Boolean(changes.is_protected) : true;
  if (record.isProtected && keepsProtection && !(keys.length === 1 && keys[0] === 'is_public')) return refuse("it's marked as protected");
  if (imitates(ctx, 'update-needs-active-cluster') && !ctx.store.clusters.get(record.clusterId)?.active) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_DATA', 'Suspending operation can not be performed on an inactive or non-existent cluster');
  }
  if ('is_public' in changes) record.isPublic = changes.is_public as boolean | null;
  if ('is_protected' in changes) record.isProtected = changes.is_protected as boolean | null;
  record.updatedAtMs = Date.now();
  ctx.answers.json(ctx.res, 202, { job_execution: renderJobExecution(record, ctx.store) });
}
