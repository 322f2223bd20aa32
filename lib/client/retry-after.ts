/**
 * "Not now" answers: 429, and 503 with Retry-After, refuse a request before it had any effect
 * (mrs_02_0015: "resend the request after the time specified in the Retry-After header"; RFC 6585
 * section 4 for 429). Every method is sent again after the wait it asks for - a DELETE too - within
 * a bounded number of attempts and total wait: a rate-limited target must not be judged on a 429,
 * and a target that never stops saying "later" must not hang the run. When the budget runs out the
 * check could not be run to its end (RetriesExhausted: inconclusive), never failed.
 */
export const MAX_ATTEMPTS = 6;
/** The longest single wait honoured, and the most a request waits in all. */
export const MAX_WAIT_MS = 30_000;
/** A 429 without Retry-After still says "too many requests": sent again after a second. */
const DEFAULT_429_WAIT_MS = 1_000;

/** What a "not now" answer asks for: how long to wait, or that it asks for longer than the suite waits. */
export type NotNow = { waitMs: number } | { tooLong: string };

/** Whether the answer is a "not now" one, and for how long; undefined for any other answer (it is judged). */
export function notNowSignal(status: number, retryAfter: string | undefined, now = Date.now()): NotNow | undefined {
  if (status !== 429 && status !== 503) return undefined;
  // A 503 without Retry-After may be the server's real answer to the request: judged as such.
  if (retryAfter === undefined) return status === 429 ? { waitMs: DEFAULT_429_WAIT_MS } : undefined;
  const value = retryAfter.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) return status === 429 ? { waitMs: DEFAULT_429_WAIT_MS } : undefined;
    ms = Math.max(0, date - now);
  }
  return ms <= MAX_WAIT_MS ? { waitMs: ms } : { tooLong: `Retry-After: ${value}` };
}

/** The waits of one request's attempts, counted against MAX_ATTEMPTS and MAX_WAIT_MS. */
export class RetryBudget {
  attempts = 1;
  waitedMs = 0;

  /** The wait before the next attempt, or a reason why there is none. */
  next(signal: NotNow): { waitMs: number } | { exhausted: string } {
    if ('tooLong' in signal) return { exhausted: `it asked to wait longer than ${MAX_WAIT_MS / 1000} s (${signal.tooLong})` };
    if (this.attempts >= MAX_ATTEMPTS) return { exhausted: `${this.attempts} attempts in a row were answered so` };
    if (this.waitedMs + signal.waitMs > MAX_WAIT_MS) return { exhausted: `waiting once more would pass ${MAX_WAIT_MS / 1000} s in all` };
    this.attempts++;
    this.waitedMs += signal.waitMs;
    return signal;
  }
}
