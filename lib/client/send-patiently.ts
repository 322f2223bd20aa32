/**
 * Transport noise never decides a verdict: a request is sent until its answer is not a "not now"
 * (429, 503 + Retry-After, ./retry-after), within the retry budget, and a request that met a dead
 * kept-alive connection before any byte of an answer is sent once more on a fresh one (a read also
 * when its connection broke mid-answer). Both kinds of resend are counted in `noise`.
 */
import { RetriesExhausted } from '../errors';
import { LostAnswer, worthSendingAgainFresh } from '../transport/lost-answer';
import type { TransportNoise } from './exchange-log';
import { notNowSignal, RetryBudget } from './retry-after';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface PatientSend<T> {
  /** `METHOD path`, for the message when the budget runs out. */
  what: string;
  /** One sending; `fresh`: on a new connection, after the kept-alive one died. */
  attempt: (fresh: boolean) => Promise<T>;
  retryAfterOf: (answer: T) => string | undefined;
  isRead: boolean;
  noise: TransportNoise;
}

export async function sendPatiently<T extends { status: number }>({ what, attempt, retryAfterOf, isRead, noise }: PatientSend<T>): Promise<T> {
  const budget = new RetryBudget();
  for (;;) {
    let answer: T;
    try {
      answer = await attempt(false);
    } catch (error) {
      const readLostItsConnection = isRead && error instanceof LostAnswer && error.how === 'connection-broke';
      if (!worthSendingAgainFresh(error) && !readLostItsConnection) throw error;
      noise.resends++;
      answer = await attempt(true);
    }
    const signal = notNowSignal(answer.status, retryAfterOf(answer));
    if (!signal) return answer;
    const next = budget.next(signal);
    if ('exhausted' in next) {
      const retryAfter = retryAfterOf(answer);
      throw new RetriesExhausted(`${what} was answered ${answer.status}${retryAfter === undefined ? '' : ` (Retry-After: ${retryAfter})`} and sent again ${budget.attempts - 1} times over ${(budget.waitedMs / 1000).toFixed(1)} s, but ${next.exhausted}: the check could not be run to its end`);
    }
    noise.retries++;
    await sleep(next.waitMs);
  }
}
