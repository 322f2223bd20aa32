/**
 * Handlers for /v1.1/{project_id}/job-executions[/{id}]: the order of Sahara 16's checks. What
 * each check decides and how each answer looks is `ctx.behaviour` (mock/behaviour.ts).
 */
import { renderJobExecution } from '../render';
import { jsonObjectBody, type RequestContext } from '../request-context';
import type { JobExecutionRecord } from '../store';

function visibleRecord(ctx: RequestContext, id: string): JobExecutionRecord | undefined {
  const record = ctx.store.find(id);
  return record && ctx.store.visibleTo(record, ctx.tenantId) ? record : undefined;
}

export function showJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record) return ctx.behaviour.answerNotFound(ctx, id);
  ctx.behaviour.answerRead(ctx, record);
}

export function listJobExecutions(ctx: RequestContext, query: URLSearchParams): void {
  let records = ctx.behaviour.listRecords(ctx);
  const limit = Number(query.get('limit') ?? 0);
  const marker = query.get('marker');
  if (marker) records = records.slice(records.findIndex((r) => r.id === marker) + 1);
  const body: Record<string, unknown> = {};
  if (limit > 0) {
    const page = records.slice(0, limit);
    body.markers = { prev: marker, next: records.length > limit ? page.at(-1)?.id ?? null : null };
    records = page;
  }
  body.job_executions = records.map((r) => renderJobExecution(r, ctx.store));
  ctx.behaviour.answerList(ctx, body);
}

export function deleteJobExecution(ctx: RequestContext, id: string): void {
  const { behaviour } = ctx;
  const record = ctx.store.find(id);
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

export function updateJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record || record.tenantId !== ctx.tenantId) return ctx.behaviour.answerNotFound(ctx, id);
  const changes = jsonObjectBody(ctx);
  if (!changes) return;
  const allowed = ['is_public', 'is_protected'];
  const keys = Object.keys(changes);
  if (keys.length === 0 || keys.some((k) => !allowed.includes(k) || typeof changes[k] !== 'boolean')) {
    return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `Only boolean ${allowed.join(' and ')} can be changed`);
  }
  if (typeof changes.is_public === 'boolean') record.isPublic = changes.is_public;
  if (typeof changes.is_protected === 'boolean') record.isProtected = changes.is_protected;
  record.updatedAtMs = Date.now();
  ctx.answers.json(ctx.res, 202, { job_execution: renderJobExecution(record, ctx.store) });
}
