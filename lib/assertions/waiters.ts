/**
 * The named waiter for eventual deletion. Real Sahara removes the row after its 204 (and keeps
 * a running job execution at TOBEKILLED while cancelling it), so absence is observed by
 * polling until a deadline; odd answers seen on the way are kept as evidence, not thrown.
 */
import { bodyExcerpt } from '../contract/observed-response';
import { AmbiguousOutcome } from '../errors';
import type { CheckedResponse } from '../client/checked-response';
import type { JobExecutionApi } from '../client/job-execution-api';
import { jobExecutionIdIn, jobStateIn } from '../client/job-execution-body';
import { isLostAnswer, lostAnswerSummary } from '../transport/lost-answer';

export interface TransitionalAnswer {
  afterMs: number;
  status: number;
  excerpt: string;
  problems: string[];
}

export interface DeletionWatch {
  /** Milliseconds from the start of the wait to the first 404; undefined if it never came. */
  goneAfterMs?: number;
  reads: number;
  /** Statuses reported in info.status while the job execution was still readable. */
  statesSeen: string[];
  /** Answers that were neither a valid 200 for this id nor a 404. */
  anomalies: TransitionalAnswer[];
  lastAnswer?: CheckedResponse;
  waitedMs: number;
}

function isValidRead(response: CheckedResponse, id: string): boolean {
  return response.status === 200 && response.problems.length === 0 && jobExecutionIdIn(response) === id;
}

export async function waitUntilGone(api: JobExecutionApi, id: string, timeoutMs: number, intervalMs: number): Promise<DeletionWatch> {
  const started = performance.now();
  const watch: DeletionWatch = { reads: 0, statesSeen: [], anomalies: [], waitedMs: 0 };
  for (;;) {
    const afterMs = Math.round(performance.now() - started);
    try {
      const answer = await api.showJobExecution(id);
      watch.reads += 1;
      watch.lastAnswer = answer;
      if (answer.status === 404) {
        watch.goneAfterMs = afterMs;
        break;
      }
      if (isValidRead(answer, id)) {
        const state = jobStateIn(answer);
        if (state !== undefined && watch.statesSeen.at(-1) !== state) watch.statesSeen.push(state);
      } else {
        watch.anomalies.push({ afterMs, status: answer.status, excerpt: bodyExcerpt(answer, 120), problems: answer.problems.map((p) => p.message) });
      }
    } catch (e) {
      watch.anomalies.push({ afterMs, status: 0, excerpt: lostAnswerSummary(e), problems: [] });
    }
    if (performance.now() - started + intervalMs > timeoutMs) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  watch.waitedMs = Math.round(performance.now() - started);
  return watch;
}

/** A read of a deleted job execution after its first 404, and when it was made. */
export interface ReadAfterGone {
  afterMs: number;
  answer: CheckedResponse;
}

/**
 * After its first 404 a deleted job execution must stay gone: a deletion rolled back a second
 * later (a failed asynchronous delete, a replica that lags behind) reads 404 once and then 200
 * again. Reads it `reads` times spread over windowMs, past server errors, and stops at the first
 * answer that is not 404.
 */
export async function watchStaysGone(api: JobExecutionApi, id: string, windowMs: number, reads = 5): Promise<ReadAfterGone[]> {
  const started = performance.now();
  const seen: ReadAfterGone[] = [];
  for (let i = 0; i < reads; i++) {
    await new Promise((r) => setTimeout(r, windowMs / reads));
    const answer = await readWithEvidence(api, id);
    seen.push({ afterMs: Math.round(performance.now() - started), answer });
    if (answer.status !== 404) break;
  }
  return seen;
}

/**
 * A supporting read that carries evidence: an answer of 5xx says nothing about what exists (real
 * Sahara 16 on bookworm answered occasional empty 500s to reads and to the list, a platform fault:
 * reference-target/README.md), and neither does no answer at all (the same platform now and then
 * loses a request inside its event loop, and the read times out). Either way the read is sent
 * again a few times; if the server never says more, the outcome cannot be told, which is neither
 * a pass nor a failure.
 */
async function readPastFaults(read: () => Promise<CheckedResponse>, what: string, attempts: number, pauseMs: number): Promise<CheckedResponse> {
  let failure = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, pauseMs));
    try {
      const answer = await read();
      if (answer.status < 500) return answer;
      failure = `answered ${answer.status}`;
    } catch (error) {
      if (!isLostAnswer(error)) throw error;
      failure = `got no answer (${lostAnswerSummary(error)})`;
    }
  }
  throw new AmbiguousOutcome(`${what} ${attempts} times: the last attempt ${failure}; what exists cannot be told`);
}

/** GET of one job execution, past server errors and lost answers (see readPastFaults). */
export function readWithEvidence(api: JobExecutionApi, id: string, attempts = 5, pauseMs = 200): Promise<CheckedResponse> {
  return readPastFaults(() => api.showJobExecution(id), `reading ${id}`, attempts, pauseMs);
}

/** GET of the project's list, past server errors and lost answers (see readPastFaults). */
export function listWithEvidence(api: JobExecutionApi, attempts = 5, pauseMs = 200): Promise<CheckedResponse> {
  return readPastFaults(() => api.listJobExecutions(), 'listing the job executions', attempts, pauseMs);
}

/**
 * Reads the job execution now and again after settleMs: a refused DELETE must not have removed
 * it, and on a target that deletes asynchronously only a later read can show that it did.
 */
export async function readTwiceAcrossSettleWindow(api: JobExecutionApi, id: string, settleMs: number): Promise<CheckedResponse[]> {
  const first = await readWithEvidence(api, id);
  await new Promise((r) => setTimeout(r, settleMs));
  return [first, await readWithEvidence(api, id)];
}
