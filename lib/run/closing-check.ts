/**
 * One more deletion when the run's tests are over, at a quiet moment (no test of the run creates
 * anything any more): the checks that race other tests' requests during the run are made again
 * where nothing interleaves.
 * - A creation that worked at the start of the run must still work: a 404 for its job or cluster,
 *   or any other refusal while the project holds no more job executions than at the start (a
 *   quota that deletions used up), means the run's DELETEs did damage (JEX-DEL-009).
 * - A list read before the DELETE must not still show the job execution once it reads 404
 *   (JEX-DEL-004: a list cache that creations clear and deletions do not passes the in-run check
 *   whenever another test creates in between).
 * - The next creation must not be given the deleted one's id, nor any id of the run's (JEX-DEL-003:
 *   ids handed out again - `max(id) + 1` keys - make a deleted job execution read 200 again, and a
 *   later DELETE of the old id deletes the new one).
 */
import type { SuiteConfig } from '../config';
import { FixtureRefused } from '../errors';
import { FIXTURE_START_UP_MS, requireReadable } from '../assertions/checks';
import { describeAnswer } from '../client/checked-response';
import { listWithEvidence, waitUntilGone } from '../assertions/waiters';
import type { JobExecutionApi } from '../client/job-execution-api';
import { jobExecutionsListedIn } from '../client/job-execution-body';
import type { OwnershipRegistry } from '../client/ownership';
import { createJobExecutionOnTarget } from '../target-fixtures/fixture-strategies';
import type { RunLedger } from '../run-data/run-ledger';
import type { ClosingCheck } from '../run-data/run-guard-report';

/** What the run saw at its start, to judge a refusal at its end by. */
export interface RunBaseline {
  /** How many job executions the project's list held once the run's first creation had worked. */
  listedAtStart?: number;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';

/**
 * Statuses that say nothing about the target's state: the token (401), "not now" (429, resent
 * until the budget ran out). Any other 4xx refusal of a creation that worked at the start is damage
 * when the project holds no more than it did then.
 */
const NOT_DAMAGE = new Set([401, 429]);

async function judgeRefusal(api: JobExecutionApi, e: FixtureRefused, baseline: RunBaseline): Promise<ClosingCheck> {
  const refused = `the run's first creation worked; at its end the same creation was refused: ${firstLine(e)}`;
  if (e.status === 404) return { outcome: 'creation-refused', detail: refused };
  if (e.status < 400 || e.status > 499 || NOT_DAMAGE.has(e.status) || baseline.listedAtStart === undefined) return { outcome: 'unknown', detail: `the closing creation failed: ${firstLine(e)}` };
  let listedNow: number;
  try {
    listedNow = jobExecutionsListedIn(await listWithEvidence(api)).length;
  } catch (le) {
    return { outcome: 'unknown', detail: `the closing creation failed (${firstLine(e)}), and the list could not be read: ${firstLine(le)}` };
  }
  if (listedNow > baseline.listedAtStart) return { outcome: 'unknown', detail: `the closing creation failed (${firstLine(e)}) with ${listedNow} job executions listed, more than the ${baseline.listedAtStart} at the start` };
  return { outcome: 'creation-refused', detail: `${refused} (the project lists ${listedNow} job executions, ${baseline.listedAtStart} at the start)` };
}

/** Creates one job execution, in the ledger at once (the sweep removes it whatever happens next); a refusal is judged. */
async function createOne(api: JobExecutionApi, config: SuiteConfig, ownership: OwnershipRegistry, ledger: RunLedger, baseline: RunBaseline): Promise<string | ClosingCheck> {
  let id: string;
  try {
    id = await createJobExecutionOnTarget(api, config, {});
  } catch (e) {
    return e instanceof FixtureRefused ? judgeRefusal(api, e, baseline) : { outcome: 'unknown', detail: `the closing creation failed: ${firstLine(e)}` };
  }
  ownership.recordCreated(id);
  ledger.recordCreated(id);
  return id;
}

export async function closingCheck(api: JobExecutionApi, config: SuiteConfig, ownership: OwnershipRegistry, ledger: RunLedger, baseline: RunBaseline = {}): Promise<ClosingCheck> {
  let earlier: Set<string>;
  try {
    earlier = new Set(ledger.read().created);
  } catch {
    // The run guard reports an unreadable ledger itself; the id comparison then covers this check's own ids.
    earlier = new Set();
  }
  const first = await createOne(api, config, ownership, ledger, baseline);
  if (typeof first !== 'string') return first;
  const id = first;
  if (earlier.has(id)) return { outcome: 'id-reissued', detail: `the closing creation was given ${id}, the id of a job execution this run had created (and deleted) before` };
  try {
    await requireReadable(api, id, FIXTURE_START_UP_MS);
    const before = await listWithEvidence(api);
    if (!jobExecutionsListedIn(before).some((je) => je.id === id)) return { outcome: 'unknown', detail: `the list did not show ${id} before its DELETE: ${describeAnswer(before)}` };
    const deleted = await api.deleteJobExecution(id);
    if (deleted.status < 200 || deleted.status > 299) return { outcome: 'unknown', detail: `the closing DELETE was not accepted: ${describeAnswer(deleted)}` };
    const watch = await waitUntilGone(api, id, config.deleteTimeoutMs, config.pollIntervalMs);
    if (watch.goneAfterMs === undefined) return { outcome: 'unknown', detail: `${id} never read 404 after the closing DELETE` };
    // Read again at the end like every deletion the run saw complete: it must stay.
    ledger.recordGone(id);
    const after = await listWithEvidence(api);
    if (jobExecutionsListedIn(after).some((je) => je.id === id)) return { outcome: 'still-listed', detail: `${id} read 404 ${watch.goneAfterMs} ms after its DELETE, at the end of the run, and the list read then still contained it` };
    const next = await createOne(api, config, ownership, ledger, baseline);
    if (typeof next !== 'string') return next.outcome === 'unknown' ? { outcome: 'unknown', detail: `the creation after the closing DELETE failed: ${next.detail ?? ''}` } : next;
    // Past its start-up first: real Sahara 16 keeps one deleted while it starts for 300 s (TOBEKILLED).
    await requireReadable(api, next, FIXTURE_START_UP_MS).catch(() => undefined);
    const removal = await api.deleteJobExecution(next);
    if (removal.status >= 200 && removal.status <= 299) ledger.recordRemoved(next);
    if (next === id || earlier.has(next)) return { outcome: 'id-reissued', detail: `${id} read 404 after its DELETE, and the next creation was given ${next === id ? 'the same id' : `${next}, an id this run had had before`}: a deleted job execution's id named another one` };
    return { outcome: 'passed' };
  } catch (e) {
    return { outcome: 'unknown', detail: firstLine(e) };
  }
}
