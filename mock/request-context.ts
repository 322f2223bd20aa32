/** What a handler gets: the request, its answers, the store, the behaviour in force, and who is asking. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Answers } from './answers';
import type { Behaviour } from './behaviour';
import type { MockOptions } from './options';
import type { MockStore } from './store';

export const MAX_BODY_BYTES = 1024 * 1024;

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

/** The JSON body, or undefined after answering 400 for a body that is not a JSON object. */
export function jsonObjectBody(ctx: RequestContext): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body.toString('utf8'));
  } catch {
    ctx.answers.error(ctx.res, 400, 'MALFORMED_REQUEST_BODY', 'Malformed message body: the body is not valid JSON');
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', 'The request body must be a JSON object');
    return undefined;
  }
  return parsed as Record<string, unknown>;
}
