/**
 * The handler contract: what a handler gets (the request, its answers, the store, the behaviour
 * in force, who is asking) and the decisions it leaves to the behaviour in force - real Sahara's
 * (mock/behaviour.ts), or with one defect's or variant's replacements (mock/defects.ts,
 * mock/variants.ts). Types only: the handlers, the behaviours and the router all build on it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answers } from './answers';
import type { MockOptions } from './options';
import type { JobExecutionRecord, MockStore } from './store';

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  answers: Answers;
  store: MockStore;
  options: MockOptions;
  /** Real Sahara's, or with one defect's or variant's hooks in place (mock/behaviour.ts). */
  behaviour: Behaviour;
  /** The project the caller's token is scoped to (Sahara uses it for everything it does). */
  tenantId: string;
  body: Buffer;
}

/** Before the caller is identified. */
export type RouteContext = Omit<RequestContext, 'tenantId'>;

/** What the server decides about a DELETE of a record that exists. */
export type DeleteDecision = 'delete' | 'hidden' | 'not-owner' | 'protected';
/** Why a DELETE was refused: before routing (identity) or by the handler. */
export type DeleteRefusal = Exclude<DeleteDecision, 'delete'> | 'unauthenticated' | 'tenant-mismatch';

export interface Caller {
  /** Whether the request carried X-Auth-Token at all. */
  tokenGiven: boolean;
  /** The project the token is scoped to; undefined when the token is missing or not one the identity service issued. */
  tokenProject?: string;
  /** The project segment of the URL, decoded. */
  urlProject: string;
}

export type Identity = { tenantId: string } | { refused: 'unauthenticated' | 'tenant-mismatch' };

export interface Behaviour {
  /**
   * What stands in front of the service (a gateway, a proxy) does with a request before anything
   * else sees it: nothing, on a plain deployment. Returns whether it answered.
   */
  answerAtGateway(ctx: RouteContext): boolean;
  /**
   * How the id in the URL finds a job execution: `WHERE id = :id`, on a correct server. Before the
   * caller is identified `ctx` has no tenantId.
   */
  findJobExecution(ctx: RouteContext | RequestContext, id: string): JobExecutionRecord | undefined;
  /**
   * What a server does with a request for one job execution before it knows who is asking:
   * nothing, on a correct one (Keystone's middleware refuses before any route runs). Returns
   * whether it answered.
   */
  lookUpBeforeAuthentication(ctx: RouteContext, method: string, id: string): boolean;
  /** Keystone middleware, then Sahara's tenant check: which project the request acts for. */
  identify(caller: Caller): Identity;
  /** Whether the caller may delete this record, which exists. */
  decideDelete(ctx: RequestContext, record: JobExecutionRecord): DeleteDecision;
  /** What an accepted DELETE does to the store. */
  deleteRecord(ctx: RequestContext, record: JobExecutionRecord): void;
  /** The answer to an accepted DELETE; `deleted` is the record as it read before. */
  answerDeleted(ctx: RequestContext, deleted: Record<string, unknown>): void;
  /** The answer to a DELETE of an id that names nothing (never existed, already gone, malformed). */
  answerDeleteOfMissing(ctx: RequestContext, id: string): void;
  /** What a refused DELETE does besides answering: nothing, on a correct server. */
  afterRefusedDelete(ctx: RouteContext, refusal: DeleteRefusal, record: JobExecutionRecord | undefined): void;
  /** 400 DELETION_FAILED for a record the caller sees but may not delete. */
  answerDeletionFailed(ctx: RequestContext, id: string, why: 'not-owner' | 'protected'): void;
  /** The 404 for a job execution the caller cannot see (Sahara hides other projects' private ones behind it). */
  answerNotFound(ctx: RequestContext, id: string): void;
  /** The answer to a read of a record the caller can see. */
  answerRead(ctx: RequestContext, record: JobExecutionRecord): void;
  /** The records the caller's list shows. */
  listRecords(ctx: RequestContext): JobExecutionRecord[];
  /** The answer to a list read, whose body is ready. */
  answerList(ctx: RequestContext, body: Record<string, unknown>): void;
  /** PUT or POST on a job execution's URL. */
  answerUnsupportedMethod(ctx: RequestContext, id: string): void;
}
