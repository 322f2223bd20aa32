/** Handlers for /v1.1/{project_id}/job-executions[/{id}], as real Sahara 16 answers them. */
import { renderJobExecution } from '../render';
import { jsonObjectBody, type RequestContext } from '../request-context';
import type { JobExecutionRecord } from '../store';

/** Sahara hides another project's private object behind the same 404 as a missing one. */
function notFound(ctx: RequestContext, id: string): void {
  ctx.answers.error(ctx.res, 404, 'NOT_FOUND', `Object with {'id': '${id}'} not found`);
}

function visibleRecord(ctx: RequestContext, id: string): JobExecutionRecord | undefined {
  const record = ctx.store.find(id);
  return record && ctx.store.visibleTo(record, ctx.tenantId) ? record : undefined;
}

/**
 * With the sahara16 quirk, reads inside the race window after the 204 answer as observed on real
 * Sahara: Sahara's own 404 rendered as a JSON string (200), an empty 500, or the row still (200).
 * The junk answer comes first so that a run always meets it.
 */
function answerRacyRead(ctx: RequestContext, record: JobExecutionRecord): boolean {
  if (!ctx.options.quirks.has('sahara16') || !ctx.store.isBeingDeleted(record) || ctx.store.stateOf(record) === 'TOBEKILLED') return false;
  const turn = record.racyReads++ % 3;
  if (turn === 0) {
    ctx.answers.json(ctx.res, 200, '<Response 183 bytes [404 NOT FOUND]>');
    return true;
  }
  if (turn === 1) {
    ctx.res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': 0 });
    ctx.res.end();
    return true;
  }
  return false;
}

export function showJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record) return notFound(ctx, id);
  if (answerRacyRead(ctx, record)) return;
  ctx.answers.json(ctx.res, 200, { job_execution: renderJobExecution(record, ctx.store) });
}

export function listJobExecutions(ctx: RequestContext, query: URLSearchParams): void {
  let records = ctx.store.list(ctx.tenantId);
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
  ctx.answers.json(ctx.res, 200, body);
}

export function deleteJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record) return notFound(ctx, id);
  if (record.tenantId !== ctx.tenantId) {
    return ctx.answers.error(ctx.res, 400, 'DELETION_FAILED', `Job execution ${id} could not be deleted: it was not created in this tenant`);
  }
  if (record.isProtected) {
    return ctx.answers.error(ctx.res, 400, 'DELETION_FAILED', `Job execution ${id} could not be deleted: it is marked as protected`);
  }
  if (ctx.options.defect === 'delete-is-a-no-op') return ctx.answers.noContent(ctx.res);
  const linger = ctx.options.quirks.has('sahara16') ? ctx.options.raceWindowMs : 0;
  const rendered = renderJobExecution(record, ctx.store);
  ctx.store.markDeleted(record, linger);
  if (ctx.options.defect === 'delete-answers-200-with-body') return ctx.answers.json(ctx.res, 200, { job_execution: rendered });
  ctx.answers.noContent(ctx.res);
}

export function updateJobExecution(ctx: RequestContext, id: string): void {
  const record = visibleRecord(ctx, id);
  if (!record || record.tenantId !== ctx.tenantId) return notFound(ctx, id);
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
