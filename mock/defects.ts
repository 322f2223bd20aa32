/**
 * Deliberate, realistic bugs the mock can be started with (`--defect NAME`), one at a time, to
 * prove the suite fails a broken server on the right requirement. The table is the documentation:
 * each entry says what the broken server does, the requirement a correct suite must report as
 * failed against it, and the one or two decisions (mock/behaviour.ts) it changes.
 * tests/self/verdict-matrix.spec.ts runs the suite against every entry.
 */
import { gzipSync } from 'node:zlib';
import { Answers, writeRawAndClose } from './answers';
import { isUuid, STANDARD_BEHAVIOUR as standard } from './behaviour';
import type { Behaviour, DeleteDecision, DeleteRefusal } from './handler-contract';
import { cameOnReusedConnection } from './connections';
import type { MockOptions } from './options';
import { renderJobExecution } from './render';
import { namedTable } from './named-table';

export interface DefectDescription {
  /** What the broken server does. */
  behaviour: string;
  /** The requirement a correct suite reports as failed against it (a SHOULD one: as a finding). */
  violates: string;
  /** Settings the defect needs, e.g. the profile whose dialect it gets wrong. */
  configure?: Partial<Omit<MockOptions, 'style'>>;
  hooks: Partial<Behaviour>;
  /** What a user would tell the suite about such a target (e.g. a long deadline that a finding needs). */
  suiteEnvironment?: Record<string, string>;
}

/** deletions-use-up-quota: what each mock's quota layer has counted (the defect table is shared by every mock of a process). */
const quotaUsed = new WeakMap<object, number>();
/** Fewer than one run's creations and deletions: the quota runs out before the run's end. */
const QUOTA_UNITS = 40;

/** A 204 head written by hand: node:http would neither send a body after a 204 nor a length for it. */
function raw204(extraLines: string[], body = ''): string {
  return ['HTTP/1.1 204 No Content', 'Content-Type: application/json', ...extraLines, 'Connection: close', '', body].join('\r\n');
}

/** Whether the record's job is still being started on an Active cluster (RUNNING, not yet finished). */
function isStarting(ctx: Parameters<Behaviour['deleteRecord']>[0], record: Parameters<Behaviour['deleteRecord']>[1]): boolean {
  return ctx.store.stateOf(record) === 'RUNNING' && ctx.store.clusters.get(record.clusterId)?.active === true;
}

/** A decideDelete that lets through what the standard one refuses for `reason`. */
function overlooks(reason: Exclude<DeleteDecision, 'delete'>): Behaviour['decideDelete'] {
  return (ctx, record) => {
    const decision = standard.decideDelete(ctx, record);
    return decision === reason ? 'delete' : decision;
  };
}

/** An afterRefusedDelete that deletes all the same when the refusal is for `reason`, after `lagMs`. */
function deletesAnywayWhen(reason: DeleteRefusal, lagMs = 0): Behaviour['afterRefusedDelete'] {
  return (ctx, refusal, record) => {
    if (refusal === reason && record) ctx.store.markDeleted(record, lagMs, lagMs);
  };
}

/** A list cache per server and project, keyed by how many job executions were ever created. */
function listCachedUntilNextCreation(): Behaviour['listRecords'] {
  const caches = new WeakMap<object, Map<string, { created: number; records: ReturnType<Behaviour['listRecords']> }>>();
  return (ctx) => {
    const cache = caches.get(ctx.store) ?? new Map();
    caches.set(ctx.store, cache);
    const hit = cache.get(ctx.tenantId);
    if (hit && hit.created === ctx.store.createdCount) return hit.records;
    const records = standard.listRecords(ctx);
    cache.set(ctx.tenantId, { created: ctx.store.createdCount, records });
    return records;
  };
}

export const DEFECTS = {
  'read-answers-unwrapped-object': {
    behaviour: 'a read answers the job execution itself, without its {"job_execution": ...} wrapper',
    violates: 'JEX-READ-001',
    hooks: { answerRead: (ctx, record) => ctx.answers.json(ctx.res, 200, renderJobExecution(record, ctx.store)) },
  },
  'delete-answers-200-with-body': {
    behaviour: 'DELETE deletes, but answers 200 with the deleted job execution as body',
    violates: 'JEX-DEL-001',
    hooks: { answerDeleted: (ctx, deleted) => ctx.answers.json(ctx.res, 200, { job_execution: deleted }) },
  },
  'delete-answers-202': {
    behaviour: 'DELETE deletes, but answers 202 Accepted as if it were queued',
    violates: 'JEX-DEL-001',
    hooks: { answerDeleted: (ctx) => ctx.answers.empty(ctx.res, 202) },
  },
  'delete-answers-500-after-deleting': {
    behaviour: 'DELETE deletes, then fails in a later step (a notification) and answers 500',
    violates: 'JEX-DEL-001',
    hooks: { answerDeleted: (ctx) => ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'Failed to send the job execution deletion notification') },
  },
  'delete-204-with-body-after-head': {
    behaviour: 'the 204 is followed by the deleted job execution as JSON: bytes an HTTP parser silently drops, visible only on the wire',
    violates: 'JEX-DEL-002',
    hooks: { answerDeleted: (ctx, deleted) => writeRawAndClose(ctx.res, raw204([], JSON.stringify({ job_execution: deleted }))) },
  },
  'delete-204-declares-content-length': {
    behaviour: 'the 204 declares the Content-Length of the body it would have had',
    violates: 'JEX-DEL-002',
    hooks: { answerDeleted: (ctx, deleted) => writeRawAndClose(ctx.res, raw204([`Content-Length: ${JSON.stringify(deleted).length}`])) },
  },
  'delete-is-a-no-op': {
    behaviour: 'DELETE answers 204 but deletes nothing',
    violates: 'JEX-DEL-003',
    hooks: { deleteRecord: () => undefined },
  },
  'delete-never-completes': {
    behaviour: 'DELETE answers 204 and queues the deletion, which is never carried out: the job execution stays readable',
    violates: 'JEX-DEL-003',
    hooks: { deleteRecord: (ctx, record) => ctx.store.markDeleted(record, Infinity, Infinity) },
  },
  'running-delete-never-completes': {
    behaviour: 'a running job execution is marked TOBEKILLED but never cancelled, so it never goes away (finished ones are deleted)',
    violates: 'JEX-DEL-008',
    hooks: { deleteRecord: (ctx, record) => ctx.store.markDeleted(record, 0, Infinity) },
  },
  'gone-by-id-still-listed': {
    behaviour: 'the list comes from a cache that deletion does not invalidate: a deleted job execution reads 404 but stays listed',
    violates: 'JEX-DEL-004',
    hooks: { listRecords: (ctx) => [...standard.listRecords(ctx), ...ctx.store.removedRecordsOf(ctx.tenantId)] },
  },
  'collateral-deletion': {
    behaviour: 'DELETE removes every execution of the same job (WHERE job_id = ? instead of id = ?), not only the one named',
    violates: 'JEX-DEL-009',
    hooks: {
      deleteRecord: (ctx, record) => {
        for (const other of ctx.store.list(record.tenantId)) if (other.tenantId === record.tenantId && other.jobId === record.jobId) standard.deleteRecord(ctx, other);
      },
    },
  },
  'repeat-delete-answers-204': {
    behaviour: 'a DELETE of a job execution that is already gone answers 204 again (the delete query still matches soft-deleted rows)',
    violates: 'JEX-DEL-005',
    hooks: { answerDeleteOfMissing: (ctx, id) => (ctx.store.wasRemoved(id) ? ctx.answers.noContent(ctx.res) : standard.answerDeleteOfMissing(ctx, id)) },
  },
  'unknown-id-answers-204': {
    behaviour: 'DELETE takes "nothing to delete" for success and answers 204 for any id',
    violates: 'JEX-DEL-006',
    hooks: { answerDeleteOfMissing: (ctx) => ctx.answers.noContent(ctx.res) },
  },
  'unknown-id-answers-500': {
    behaviour: 'DELETE of an id that names nothing crashes on the missing row and answers 500',
    violates: 'JEX-DEL-006',
    hooks: { answerDeleteOfMissing: (ctx) => ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', "'NoneType' object has no attribute 'tenant_id'") },
  },
  'not-found-body-not-envelope': {
    behaviour: 'the 404 carries a bare {"message": ...} instead of the error envelope',
    violates: 'JEX-DEL-006',
    hooks: { answerNotFound: (ctx, id) => ctx.answers.json(ctx.res, 404, { message: `Job execution ${id} not found` }) },
  },
  'not-found-as-html': {
    behaviour: 'the 404 is an HTML error page (as a front proxy substitutes for error answers)',
    violates: 'JEX-DEL-006',
    hooks: { answerNotFound: (ctx) => ctx.answers.html(ctx.res, 404, '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>') },
  },
  'sahara-envelope-under-mrs': {
    behaviour: "an MRS server answers its 404 in Sahara's envelope instead of MRS's (mrs_02_0010)",
    violates: 'JEX-DEL-006',
    configure: { profile: 'mrs' },
    hooks: { answerNotFound: (ctx, id) => ctx.answers.json(ctx.res, 404, ctx.answers.saharaEnvelope(404, 'NOT_FOUND', Answers.objectNotFound(id))) },
  },
  'malformed-id-answers-500': {
    behaviour: 'DELETE of an id that is not a UUID fails in the database lookup and answers 500',
    violates: 'JEX-DEL-007',
    hooks: {
      answerDeleteOfMissing: (ctx, id) =>
        isUuid(id) ? standard.answerDeleteOfMissing(ctx, id) : ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', `invalid input syntax for type uuid: "${id}"`),
    },
  },
  'no-token-accepted': {
    behaviour: 'a request without X-Auth-Token is served as the project in its URL',
    violates: 'JEX-AUTH-001',
    hooks: { identify: (caller) => (caller.tokenGiven ? standard.identify(caller) : { tenantId: caller.urlProject }) },
  },
  'unauthenticated-delete-deletes-anyway': {
    behaviour: 'the token is checked only after the request was handed to the engine: a DELETE without a valid token is answered 401 at once, and deleted 50 ms later',
    violates: 'JEX-AUTH-001',
    hooks: { afterRefusedDelete: deletesAnywayWhen('unauthenticated', 50) },
  },
  'any-token-accepted': {
    behaviour: 'any X-Auth-Token is taken without asking the identity service, and served as the project in the URL',
    violates: 'JEX-AUTH-002',
    hooks: { identify: (caller) => (caller.tokenGiven && !caller.tokenProject ? { tenantId: caller.urlProject } : standard.identify(caller)) },
  },
  'foreign-project-token-accepted': {
    behaviour: "the token's project is not compared with the URL's: another project's token acts on this project",
    violates: 'JEX-AUTH-003',
    hooks: { identify: (caller) => (caller.tokenProject ? { tenantId: caller.urlProject } : standard.identify(caller)) },
  },
  'other-tenant-deletes-private': {
    behaviour: "DELETE looks the job execution up by id alone: another project deletes this project's private one",
    violates: 'JEX-TEN-001',
    hooks: { decideDelete: overlooks('hidden') },
  },
  'hidden-delete-deletes-anyway': {
    behaviour: "another project's DELETE of a private job execution is answered 404, but the row was deleted before the visibility check",
    violates: 'JEX-TEN-001',
    hooks: { afterRefusedDelete: deletesAnywayWhen('hidden') },
  },
  'other-tenant-deletes-public': {
    behaviour: "visibility is taken for ownership: another project deletes this project's public job execution",
    violates: 'JEX-TEN-002',
    hooks: { decideDelete: overlooks('not-owner') },
  },
  'protected-deleted': {
    behaviour: 'DELETE ignores is_protected',
    violates: 'JEX-PROT-001',
    hooks: { decideDelete: overlooks('protected') },
  },
  'protected-refusal-deletes-anyway': {
    behaviour: 'a protected job execution is refused with 400 DELETION_FAILED but deleted all the same (the check runs after the delete, without rollback)',
    violates: 'JEX-PROT-001',
    hooks: { afterRefusedDelete: deletesAnywayWhen('protected') },
  },
  'refusal-has-wrong-error-name': {
    behaviour: 'a DELETE refused as not deletable names its error DELETION_NOT_ALLOWED instead of DELETION_FAILED',
    violates: 'JEX-PROT-001',
    hooks: { answerDeletionFailed: (ctx, id) => ctx.answers.error(ctx.res, 400, 'DELETION_NOT_ALLOWED', `Job execution ${id} cannot be deleted`) },
  },
  'put-accepted': {
    behaviour: "PUT and POST on a job execution's URL are routed like GET and answer 200",
    violates: 'JEX-METH-101',
    hooks: {
      answerUnsupportedMethod: (ctx, id) => {
        const record = ctx.behaviour.findJobExecution(ctx, id);
        return record && ctx.store.visibleTo(record, ctx.tenantId) ? ctx.behaviour.answerRead(ctx, record) : ctx.behaviour.answerNotFound(ctx, id);
      },
    },
  },
  'reads-during-deletion-answer-500': {
    behaviour: 'for a second after the 204 the row is half-deleted, and reads of it answer 500',
    violates: 'JEX-DEL-102',
    hooks: {
      deleteRecord: (ctx, record) => ctx.store.markDeleted(record, 1_000),
      answerRead: (ctx, record) =>
        ctx.store.isBeingDeleted(record) ? ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'Job execution is being deleted') : standard.answerRead(ctx, record),
    },
  },
  'delete-rolled-back': {
    behaviour: 'the deletion is rolled back a second after it completed (a failed asynchronous delete, a lagging replica): the job execution reads 404, then 200 again',
    violates: 'JEX-DEL-003',
    hooks: {
      deleteRecord: (ctx, record) => {
        ctx.store.rollBackRemoval(record, 1_000);
        standard.deleteRecord(ctx, record);
      },
    },
  },
  'lookup-before-authentication': {
    behaviour: 'DELETE looks the id up before the token is checked: an id that names nothing answers 404 to anyone, so an unauthenticated caller learns which ids exist',
    violates: 'JEX-AUTH-004',
    hooks: {
      lookUpBeforeAuthentication: (ctx, method, id) => {
        if (method !== 'DELETE' || ctx.behaviour.findJobExecution(ctx, id)) return false;
        standard.answerDeleteOfMissing({ ...ctx, tenantId: '' }, id);
        return true;
      },
    },
  },
  'refused-post-deletes': {
    behaviour: "POST on a job execution's URL answers 405, but the route behind it had already cancelled and deleted the job execution",
    violates: 'JEX-METH-001',
    hooks: {
      answerUnsupportedMethod: (ctx, id) => {
        const record = ctx.behaviour.findJobExecution(ctx, id);
        if (ctx.req.method === 'POST' && record && record.tenantId === ctx.tenantId) ctx.store.markDeleted(record, 0, 0);
        standard.answerUnsupportedMethod(ctx, id);
      },
    },
  },
  'method-override-honoured': {
    behaviour: 'a POST with X-HTTP-Method-Override: DELETE is routed as the DELETE (a framework option left on): it deletes and answers 204',
    violates: 'JEX-METH-001',
    hooks: {
      answerUnsupportedMethod: (ctx, id) => {
        const record = ctx.behaviour.findJobExecution(ctx, id);
        const override = ctx.req.headers['x-http-method-override'];
        if (ctx.req.method !== 'POST' || override !== 'DELETE' || !record || record.tenantId !== ctx.tenantId) return standard.answerUnsupportedMethod(ctx, id);
        ctx.behaviour.deleteRecord(ctx, record);
        ctx.behaviour.answerDeleted(ctx, {});
      },
    },
  },
  'put-replaces-job-execution': {
    behaviour: "PUT on a job execution's URL is routed to the update, which replaces the job execution's settings with the request body's (job_configs emptied, flags reset)",
    violates: 'JEX-METH-001',
    hooks: {
      answerUnsupportedMethod: (ctx, id) => {
        const record = ctx.behaviour.findJobExecution(ctx, id);
        if (ctx.req.method !== 'PUT' || !record || record.tenantId !== ctx.tenantId) return standard.answerUnsupportedMethod(ctx, id);
        Object.assign(record, { jobConfigs: {}, isPublic: false, isProtected: false, inputId: null, outputId: null, updatedAtMs: Date.now() });
        ctx.answers.json(ctx.res, 200, { job_execution: renderJobExecution(record, ctx.store) });
      },
    },
  },
  'delete-204-gzips-empty-body': {
    behaviour: 'a compression layer that does not skip 204s: to a client that accepts gzip, as the official clients do, the 204 carries the 20-byte gzip stream of an empty body (Content-Encoding: gzip); a request without Accept-Encoding gets a clean 204',
    violates: 'JEX-DEL-002',
    hooks: {
      answerDeleted: (ctx, deleted) => {
        if (!/gzip/.test(String(ctx.req.headers['accept-encoding'] ?? ''))) return standard.answerDeleted(ctx, deleted);
        const body = gzipSync(Buffer.alloc(0));
        writeRawAndClose(ctx.res, Buffer.concat([Buffer.from(raw204(['Content-Encoding: gzip', `Content-Length: ${body.length}`])), body]));
      },
    },
  },
  'delete-lost-while-starting': {
    behaviour: 'a DELETE that arrives while the job is still being started (RUNNING on an Active cluster, the first 300 ms) is answered 204 and lost: the job finishes and the job execution stays',
    violates: 'JEX-DEL-103',
    configure: { jobDurationMs: 300 },
    hooks: { deleteRecord: (ctx, record) => (isStarting(ctx, record) ? undefined : standard.deleteRecord(ctx, record)) },
  },
  'starting-delete-held-for-cancellation': {
    behaviour: "real Sahara 16's race, faster: a DELETE while the job is being started holds the job execution at TOBEKILLED for 3 s (its cancellation timeout), then deletes it anyway",
    violates: 'JEX-DEL-104',
    configure: { jobDurationMs: 300 },
    hooks: { deleteRecord: (ctx, record) => (isStarting(ctx, record) ? ctx.store.markDeleted(record, 0, 3_000) : standard.deleteRecord(ctx, record)) },
    suiteEnvironment: { CONFORMANCE_LONG_DELETE_TIMEOUT_MS: '8000' },
  },
  'delete-lost-on-reused-connection': {
    behaviour:
      'a DELETE on a connection that already carried another request answers 204 and deletes nothing (a pooled database session: the handler gets the previous request\'s, which is never committed); on a fresh connection it deletes',
    violates: 'JEX-DEL-003',
    hooks: { deleteRecord: (ctx, record) => (cameOnReusedConnection(ctx.req) ? undefined : standard.deleteRecord(ctx, record)) },
  },
  'delete-204-body-for-json-accept': {
    behaviour:
      'content negotiation renders the empty result as {} for a client that accepts application/json, as the official clients do: the 204 carries it with Content-Length: 2; Accept: */* or none gets a clean 204',
    violates: 'JEX-DEL-002',
    hooks: {
      answerDeleted: (ctx, deleted) =>
        /application\/json/.test(String(ctx.req.headers.accept ?? '')) ? writeRawAndClose(ctx.res, raw204(['Content-Length: 2'], '{}')) : standard.answerDeleted(ctx, deleted),
    },
  },
  'not-found-reveals-owner': {
    behaviour:
      "the 404 for another project's private job execution names its owner (\"belongs to project ... and is not visible to you\"), unlike the 404 of an id that names nothing: an observable difference that tells which ids exist (CWE-204)",
    violates: 'JEX-TEN-003',
    hooks: {
      answerNotFound: (ctx, id) => {
        // The delete path's own visibility check words its refusal; reads share the plain one.
        const record = ctx.req.method === 'DELETE' ? ctx.behaviour.findJobExecution(ctx, id) : undefined;
        if (!record || record.tenantId === ctx.tenantId) return standard.answerNotFound(ctx, id);
        ctx.answers.error(ctx.res, 404, 'NOT_FOUND', `Job execution ${id} belongs to project ${record.tenantId} and is not visible to you`);
      },
    },
  },
  'id-prefix-match': {
    behaviour:
      "ids are matched as a prefix (WHERE id LIKE :id || '%'): a DELETE or read of an id that names no job execution finds the first of the caller's project whose id starts with it, and the DELETE deletes that one",
    violates: 'JEX-DEL-010',
    hooks: {
      findJobExecution: (ctx, id) => {
        const exact = standard.findJobExecution(ctx, id);
        if (exact || !('tenantId' in ctx)) return exact;
        return ctx.store.list(ctx.tenantId).find((record) => record.tenantId === ctx.tenantId && record.id.startsWith(id));
      },
    },
  },
  'refused-delete-cancels-job': {
    behaviour: 'the DELETE handler cancels the job before its ownership and protection checks: a refused DELETE (400) leaves a running job execution TOBEKILLED, and removed a second later',
    violates: 'JEX-PROT-001',
    configure: { jobDurationMs: 2_000 },
    hooks: {
      afterRefusedDelete: (ctx, refusal, record) => {
        if ((refusal === 'protected' || refusal === 'not-owner') && record && ctx.store.stateOf(record) === 'RUNNING') ctx.store.markDeleted(record, 1_000, 1_000);
      },
    },
  },
  'list-cache-cleared-only-on-create': {
    behaviour: "the list is served from a per-project cache that a creation clears and a deletion does not: a deleted job execution stays listed until the project's next creation",
    violates: 'JEX-DEL-004',
    hooks: { listRecords: listCachedUntilNextCreation() },
  },
  'delete-takes-job-along': {
    behaviour: 'the job execution is deleted with a cascade declared on the wrong side: its job goes too, and every later execution of that job answers 404',
    violates: 'JEX-DEL-009',
    hooks: {
      deleteRecord: (ctx, record) => {
        standard.deleteRecord(ctx, record);
        ctx.store.jobs.delete(record.jobId);
      },
    },
  },
  'ids-reissued-after-delete': {
    behaviour: "job execution ids are one more than the largest in use: once the newest is deleted, the next creation gets its id, so the deleted one reads 200 again and a later DELETE of it deletes the new one",
    violates: 'JEX-DEL-003',
    configure: { jobExecutionIds: 'largest-plus-one' },
    hooks: {},
  },
  'deletions-use-up-quota': {
    behaviour: `a deployment-wide quota of ${QUOTA_UNITS} units in front of the service releases a unit on DELETE with the wrong sign (it takes one more); creations are refused 403 once it is used up`,
    violates: 'JEX-DEL-009',
    hooks: {
      answerAtGateway: (ctx) => {
        const method = ctx.req.method;
        const path = ctx.req.url ?? '';
        const used = quotaUsed.get(ctx.store) ?? 0;
        if (method === 'POST' && /\/jobs\/[^/]+\/execute$/.test(path)) {
          if (used >= QUOTA_UNITS) {
            ctx.answers.error(ctx.res, 403, 'QUOTA_EXCEEDED', `Quota exceeded for job executions: ${used} of ${QUOTA_UNITS} used`);
            return true;
          }
          quotaUsed.set(ctx.store, used + 1);
        } else if (method === 'DELETE' && /\/job-executions\/[^/]+$/.test(path)) {
          quotaUsed.set(ctx.store, used + 1);
        }
        return false;
      },
    },
  },
} satisfies Record<string, DefectDescription>;

export type DefectName = keyof typeof DEFECTS;
const table = namedTable<DefectName, DefectDescription>(DEFECTS);
export const DEFECT_NAMES = table.names;
export const isDefectName = table.has;
export const describeDefect = table.describe;
