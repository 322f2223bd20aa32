/**
 * Ids go into request paths as one segment each. encodeURIComponent leaves `.` and `..` as they
 * are, and URL parsing then removes them (`/v1.1/p/job-executions/..` is `/v1.1/p/`): such an id,
 * configured or returned by the target, would send the request - a DELETE included - elsewhere.
 */

/** The rule, as messages state it. */
export const SINGLE_PATH_SEGMENT = 'a single path segment (not empty, ".", ".." and without "/", "\\", "?", "#" or control characters)';

export function isSinglePathSegment(value: string): boolean {
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  return trimmed !== '' && trimmed !== '.' && trimmed !== '..' && !/[/\\?#\u0000-\u001f\u007f]/.test(value);
}

/** A value as a message quotes it: escaped onto one line, and short. */
export function quotedSegment(value: string): string {
  const quoted = JSON.stringify(value);
  return quoted.length > 80 ? `${quoted.slice(0, 77)}..."` : quoted;
}

/**
 * The last line of defence, for the client that builds paths: configuration and fixtures refuse
 * such ids with a message of their own before they get here.
 */
export function pathSegment(value: string): string {
  if (!isSinglePathSegment(value)) throw new Error(`refusing to put ${quotedSegment(value)} into a request path: it is not ${SINGLE_PATH_SEGMENT}`);
  return encodeURIComponent(value);
}
