/** The request body as a handler reads it: refused past a size, a JSON object or a 400. */
import type { RequestContext } from './handler-contract';

export const MAX_BODY_BYTES = 1024 * 1024;

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
