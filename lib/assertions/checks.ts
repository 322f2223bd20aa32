/**
 * Checks that span several requests, shared by the conformance tests so none of them repeats
 * the read-back logic. `require*` helpers guard preconditions; `expect*` helpers assert.
 */
import { isDeepStrictEqual } from 'node:util';
import { AmbiguousOutcome, FixtureRefused, PreconditionFailed, RequirementNotMet } from '../errors';
import { reportedMessage } from '../failure-message';
import { expectJobExecutionRead } from './expectations';
import { describeAnswer, type CheckedResponse } from '../client/checked-response';
import type { JobExecutionApi } from '../client/job-execution-api';
import { CANCELLATION_STATES, isStartingState, jobExecutionIdIn, jobExecutionIn, jobStateIn } from '../client/job-execution-body';
import { requireThat } from './requirement-failure';
import { readTwiceAcrossSettleWindow, readWithEvidence, type DeletionWatch } from './waiters';

/**
 * What a refused request must not change: the job execution's identity and settings. Its state
 * (info), timestamps and progress move on by themselves while the job runs.
 */
const SETTLED_FIELDS = ['id', 'tenant_id', 'job_id', 'cluster_id', 'input_id', 'output_id', 'job_configs', 'is_public', 'is_protected', 'created_at', 'job_name', 'job_type', 'arguments'];

function settledFieldsOf(read: CheckedResponse): Record<string, unknown> {
  const je = jobExecutionIn(read) ?? {};
  return Object.fromEntries(SETTLED_FIELDS.filter((f) => f in je).map((f) => [f, je[f]]));
}

/** The settled fields that differ between two reads, as "field is <now>, was <before>". */
function changesBetween(before: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const shown = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));
  return SETTLED_FIELDS.filter((f) => !isDeepStrictEqual(now[f], before[f])).map((f) => `${f} is ${shown(now[f])}, was ${shown(before[f])}`);
}

/**
 * The job execution survived a refused request intact: it reads 200 now and after the settle
 * window (deletion may be asynchronous), with the same identity and settings as `before`, the
 * read taken just ahead of the refused request.
 */
export async function expectIntact(api: JobExecutionApi, id: string, before: CheckedResponse, settleMs: number): Promise<void> {
  for (const read of await readTwiceAcrossSettleWindow(api, id, settleMs)) {
    expectJobExecutionRead(read, id, { status: [200] });
    const changes = changesBetween(settledFieldsOf(before), settledFieldsOf(read));
    requireThat(changes.length === 0, () => `${describeAnswer(read)}, expected the job execution unchanged by the refused request: ${changes.join('; ')}`);
    // Its state moves on by itself, but never into a cancellation that nobody asked for.
    const [was, is] = [jobStateIn(before), jobStateIn(read)];
    const cancelled = is !== undefined && CANCELLATION_STATES.includes(is) && was !== is;
    requireThat(!cancelled, () => `${describeAnswer(read)}: the job execution went from ${was} to ${is} although the request was refused`);
  }
}

/**
 * How long a fixture may take to leave its starting states before a test acts on it (the fake
 * plugin of real Sahara: ~0.1 s). Real Sahara 16 loses a DELETE that races the start-up, and its
 * engine is still writing to a starting job execution; JEX-DEL-103 checks that race on its own.
 */
export const FIXTURE_START_UP_MS = 5_000;

/**
 * Absence can only be proven for something that was present: the fixture must read 200 first.
 * With startUpMs, it is also given that long to leave its starting states: real Sahara 16 loses a
 * DELETE that races the job's start-up (JEX-DEL-103 checks that case on its own). Returns the last read.
 */
export async function requireReadable(api: JobExecutionApi, id: string, startUpMs = 0): Promise<CheckedResponse> {
  const deadline = performance.now() + startUpMs;
  for (;;) {
    // A fixture that cannot be read is a precondition not met; any other error is the suite's own.
    const read = await readWithEvidence(api, id).catch((e: unknown) => {
      throw e instanceof AmbiguousOutcome ? new PreconditionFailed(e.message) : e;
    });
    if (read.status !== 200 || jobExecutionIdIn(read) !== id) throw new PreconditionFailed(`the new job execution ${id} could not be read back: ${describeAnswer(read)}`);
    if (!isStartingState(jobStateIn(read)) || performance.now() >= deadline) return read;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Checks of what follows a deletion need the DELETE to have been accepted (JEX-DEL-001 judges how). */
export function requireDeleteAccepted(response: CheckedResponse): void {
  if (response.status < 200 || response.status > 299) throw new PreconditionFailed(`the DELETE was not accepted: ${describeAnswer(response)}`);
}

/** A PATCH the test depends on (making a fixture public or protected) must have worked. */
export function requireUpdated(response: CheckedResponse, what: string): void {
  if (response.status < 200 || response.status > 299) throw new PreconditionFailed(`could not make the job execution ${what}: ${describeAnswer(response)}`);
}

/** What a deletion watch saw, in a line: how long, how many reads, the states, the last answer. */
export function describeWatch(watch: DeletionWatch, waitedMs = watch.waitedMs): string {
  const last = watch.lastAnswer ? describeAnswer(watch.lastAnswer) : 'no answer';
  return `still readable ${waitedMs} ms after its DELETE (${watch.reads} reads; states ${watch.statesSeen.join(' -> ') || 'none'}); last: ${last}`;
}

/**
 * The deletion the watch followed completed: a read answered 404 before its deadline (the
 * Tempest waiter's assertion). `waitedMs` counts earlier watches of the same deletion too.
 */
export function expectGone(watch: DeletionWatch, waitedMs = watch.waitedMs): asserts watch is DeletionWatch & { goneAfterMs: number } {
  requireThat(watch.goneAfterMs !== undefined, () => describeWatch(watch, waitedMs));
}

/**
 * One check over several cases that must all hold (one client family each, say): every case is
 * checked, and the failure names each case that broke it, by its label. A case whose answer could
 * not be observed leaves the check inconclusive only when no other case failed it.
 */
export async function expectEach<T>(cases: readonly { label: string; item: T }[], check: (item: T) => void | Promise<void>): Promise<void> {
  const failures: string[] = [];
  let unobserved: AmbiguousOutcome | undefined;
  for (const { label, item } of cases) {
    try {
      await check(item);
    } catch (e) {
      if (e instanceof AmbiguousOutcome) unobserved ??= e;
      else failures.push(`[${label}] ${reportedMessage(e)}`);
    }
  }
  if (failures.length > 0) throw new RequirementNotMet(`${failures.length} of ${cases.length} failed: ${failures.join('; ')}`);
  if (unobserved) throw unobserved;
}

/**
 * What a job execution ran on is not deleted with it: a creation that worked before a DELETE
 * (the test's own fixtures) must work after it, the same request with the same job and cluster.
 * A refusal now fails the check; a creation that got no answer leaves it inconclusive.
 */
export async function expectCreatableAgain(jobExecutions: { create(): Promise<unknown> }): Promise<void> {
  try {
    await jobExecutions.create();
  } catch (e) {
    if (e instanceof FixtureRefused) throw new RequirementNotMet(`a job execution of the same job and cluster was created before the DELETE, and afterwards the target refused one: ${e.message}`);
    if (e instanceof PreconditionFailed) throw new AmbiguousOutcome(e.message);
    throw e;
  }
}
