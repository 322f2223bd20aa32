/**
 * The decisions a job-execution server makes (the Behaviour of mock/handler-contract.ts), as
 * replaceable functions. STANDARD_BEHAVIOUR is real Sahara 16's, as observed on the reference target (reference-target/README.md) and kept equal by scripts/differential-check.ts and reference-target/client-differential/. A defect (mock/defects.ts) or a variant
 * (mock/variants.ts) replaces one or two of them, so the handlers hold no per-defect branches and
 * each bug reads as the one function it changes.
 *
 * Standard functions call each other through `ctx.behaviour`, so that replacing one (say, the 404
 * answer) changes every path that uses it, as the same bug would in a real server.
 */
import type { Behaviour, RequestContext } from './handler-contract';
import { renderJobExecution } from './render';
import type { JobExecutionRecord } from './store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sahara only compares the URL's project with the token's when the segment looks like an id. */
const ID_LIKE = /^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * With the sahara16 quirk, reads inside the race window after the 204 answer as observed on real
 * Sahara: Sahara's own 404 rendered as a JSON string (200), an empty 500, or the row still (200).
 * The junk answer comes first so that a run always meets it.
 */
function answerRacyRead(ctx: RequestContext, record: JobExecutionRecord): boolean {
  if (!ctx.options.quirks.has('sahara16') || !ctx.store.isBeingDeleted(record) || ctx.store.stateOf(record) === 'TOBEKILLED') return false;
  const turn = record.racyReads++ % 3;
  if (turn === 0) ctx.answers.json(ctx.res, 200, '<Response 183 bytes [404 NOT FOUND]>');
  if (turn === 1) ctx.answers.empty(ctx.res, 500, { 'Content-Type': 'application/json' });
  return turn !== 2;
}

export const STANDARD_BEHAVIOUR: Behaviour = {
  answerAtGateway() {
    return false;
  },

  findJobExecution(ctx, id) {
    return ctx.store.find(id);
  },

  lookUpBeforeAuthentication() {
    return false;
  },

  identify({ tokenProject, urlProject }) {
    if (!tokenProject) return { refused: 'unauthenticated' };
    if (ID_LIKE.test(urlProject) && urlProject !== tokenProject) return { refused: 'tenant-mismatch' };
    return { tenantId: tokenProject };
  },

  decideDelete(ctx, record) {
    if (!ctx.store.visibleTo(record, ctx.tenantId)) return 'hidden';
    if (record.tenantId !== ctx.tenantId) return 'not-owner';
    return record.isProtected ? 'protected' : 'delete';
  },

  deleteRecord(ctx, record) {
    ctx.store.markDeleted(record, ctx.options.quirks.has('sahara16') ? ctx.options.raceWindowMs : 0);
  },

  answerDeleted(ctx) {
    ctx.answers.noContent(ctx.res);
  },

  answerDeleteOfMissing(ctx, id) {
    ctx.behaviour.answerNotFound(ctx, id);
  },

  afterRefusedDelete() {},

  answerDeletionFailed(ctx, id, why) {
    const reason = why === 'protected' ? 'it is marked as protected' : 'it was not created in this tenant';
    ctx.answers.error(ctx.res, 400, 'DELETION_FAILED', `Job execution ${id} could not be deleted: ${reason}`);
  },

  answerNotFound(ctx, id) {
    ctx.answers.notFound(ctx.res, id);
  },

  answerRead(ctx, record) {
    if (answerRacyRead(ctx, record)) return;
    ctx.answers.json(ctx.res, 200, { job_execution: renderJobExecution(record, ctx.store) });
  },

  listRecords(ctx) {
    return ctx.store.list(ctx.tenantId);
  },

  answerList(ctx, body) {
    ctx.answers.json(ctx.res, 200, body);
  },

  answerUnsupportedMethod(ctx) {
    ctx.answers.routingError(ctx.res, 405, 'The method is not allowed for the requested URL.');
  },
};
