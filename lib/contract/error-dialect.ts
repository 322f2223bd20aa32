/**
 * Which dialect an error body speaks: Sahara's envelope (error_name / error_message, a numeric
 * error_code), MRS's (error_code as a string such as "MRS.0011", error_msg), Keystone's
 * ({"error": {...}}) or something else. A target judged by the wrong profile fails every error
 * check for one reason; the dialect lets the verdict say so in one hint line.
 */
export type ErrorDialect = 'sahara' | 'mrs' | 'keystone' | 'other';

export function errorDialectOf(json: unknown): ErrorDialect | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  if (typeof body.error_name === 'string' || typeof body.error_message === 'string') return 'sahara';
  if (typeof body.error_code === 'string' && typeof body.error_msg === 'string') return 'mrs';
  if (body.error && typeof body.error === 'object') return 'keystone';
  return 'other';
}
