/**
 * How a conformance check fails: with a message of the suite's own that names what the target
 * answered before what was expected ("DELETE ... answered 204 (no body), expected 404"). The
 * test framework's assertions would add their own boilerplate to it, and for a list of accepted
 * statuses they name the two values the other way round; a certifier reads only this message.
 */
import { RequirementNotMet } from '../errors';
import type { Expectation } from '../requirements';

/** Fails the check with `message` unless `condition` holds; a function builds the message only when it fails. */
export function requireThat(condition: unknown, message: string | (() => string)): asserts condition {
  if (condition) return;
  const error = new RequirementNotMet(typeof message === 'string' ? message : message());
  // The stack (and the source Playwright shows with it) starts at the check that failed, not here.
  Error.captureStackTrace(error, requireThat);
  throw error;
}

/** The answer a requirement expects, as a failure message names it: "404 NOT_FOUND", "204 or 202". */
export function expectedAnswerText(expected: Expectation, withErrorName = true): string {
  const status = expected.status.join(' or ');
  return withErrorName && expected.errorName ? `${status} ${expected.errorName}` : status;
}
