/**
 * Honouring 429 / 503 with Retry-After (mrs_02_0015: "resend the request after the time specified
 * in the Retry-After header"), boundedly: a rate-limited staging target must not turn into twenty
 * red tests, and a target that never stops saying "later" must not hang the run.
 */
export const MAX_RETRIES = 3;
export const MAX_WAIT_MS = 30_000;

/** Milliseconds to wait before retrying, or undefined when the answer does not ask for a retry. */
export function retryDelayMs(status: number, retryAfter: string | undefined, now = Date.now()): number | undefined {
  if ((status !== 429 && status !== 503) || retryAfter === undefined) return undefined;
  const value = retryAfter.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now);
  }
  return ms <= MAX_WAIT_MS ? ms : undefined;
}
