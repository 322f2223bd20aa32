/**
 * JEX-DEL-010 as a property: for every generated id (./derived-ids), DELETE answers one of the
 * expected statuses and every job execution of the test's pool - the sentinels the ids are derived
 * from - still reads back with its own id. fast-check drives it: the seed replays a run, a failure
 * is shrunk to the smallest id that still fails and sent once more, so that it is the last
 * exchange the report's evidence and curl line show.
 */
import fc from 'fast-check';
import { AmbiguousOutcome } from '../errors';
import type { CheckedResponse } from '../client/checked-response';
import type { JobExecutionApi } from '../client/job-execution-api';
import { jobExecutionIdIn } from '../client/job-execution-body';
import { OwnershipViolation, type OwnershipRegistry } from '../client/ownership';
import type { Expectation } from '../requirements';
import { applyForm, describeCase, encodeSegment, generatedCases, type GeneratedCase } from './derived-ids';

/** The job executions the ids are derived from; one that a case deleted is replaced before the next. */
export interface SentinelPool {
  ids: string[];
  /** Makes a new job execution in place of ids[index]. */
  replace(index: number): Promise<void>;
}

export interface GeneratedIdsRun {
  api: JobExecutionApi;
  ownership: OwnershipRegistry;
  pool: SentinelPool;
  /** Ids of the project this run did not create: a generated id that may name one is never sent. */
  othersKnown: ReadonlySet<string>;
  expected: Expectation;
  seed: number;
  runs: number;
  /** The target's address, for the reproduction line. */
  baseUrl: URL;
}

/** What one case did, kept so the smallest failing case can be told in a sentence. */
interface CaseRecord {
  description: string;
  path: string;
  problem?: string;
}

const aliasOf = (id: string) => id.replace(/ +$/, '').toLowerCase();

/** Every sentinel reads 200 with its own id; the first that does not is the problem (and is marked for replacement). */
async function sentinelsIntact(api: JobExecutionApi, pool: SentinelPool, dead: Set<number>): Promise<string | undefined> {
  const reads = await Promise.all(pool.ids.map((id) => api.showJobExecution(id)));
  const broken = reads.map((read, i) => ({ read, i })).filter(({ read, i }) => read.status !== 200 || jobExecutionIdIn(read) !== pool.ids[i]);
  for (const { i } of broken) dead.add(i);
  const first = broken[0];
  return first && `job execution ${pool.ids[first.i]} of this test read ${first.read.status} afterwards (it read 200 before)`;
}

/**
 * Runs the property; throws an Error naming the smallest failing id (with the seed and a curl
 * line), or an AmbiguousOutcome when an answer could not be had at all.
 */
export async function checkGeneratedIds(run: GeneratedIdsRun): Promise<void> {
  const { api, pool, expected } = run;
  const dead = new Set<number>();
  const records = new Map<string, CaseRecord>();
  let unanswered: AmbiguousOutcome | undefined;
  const key = (c: GeneratedCase) => JSON.stringify(c);

  const sendCase = async (c: GeneratedCase): Promise<CaseRecord> => {
    for (const index of [...dead]) {
      await pool.replace(index);
      dead.delete(index);
    }
    const sourceId = 'random' in c ? undefined : pool.ids[c.source];
    const decoded = sourceId === undefined ? (c as { random: string }).random : applyForm(sourceId, (c as { form: Parameters<typeof applyForm>[1] }).form);
    // A form that is one of the pool's ids (again) is no other id: nothing to send.
    fc.pre(!pool.ids.some((id) => aliasOf(id) === aliasOf(decoded)));
    const segment = encodeSegment(decoded);
    try {
      run.ownership.generatedProbe(segment, decoded, sourceId, run.othersKnown);
    } catch (e) {
      if (e instanceof OwnershipViolation) fc.pre(false);
      throw e;
    }
    const answer: CheckedResponse = await api.deleteJobExecution(segment, { encodedSegment: true });
    const record: CaseRecord = { description: describeCase(c, sourceId), path: answer.path };
    if (!expected.status.includes(answer.status)) record.problem = `answered ${answer.status}, expected ${expected.status.join(' or ')}`;
    else record.problem = await sentinelsIntact(api, pool, dead);
    records.set(key(c), record);
    return record;
  };

  const property = fc.asyncProperty(generatedCases(pool.ids.length, Math.min(...pool.ids.map((id) => id.length))), async (c) => {
    if (unanswered) return true;
    try {
      const record = await sendCase(c);
      return record.problem === undefined;
    } catch (e) {
      if (!(e instanceof AmbiguousOutcome)) throw e;
      unanswered = e;
      return true;
    }
  });
  const details = await fc.check(property, { seed: run.seed, numRuns: run.runs });
  if (unanswered) throw unanswered;
  if (!details.failed) return;
  const smallest = details.counterexample?.[0];
  if (!smallest) throw details.errorInstance ?? new Error(`generated ids failed (seed ${run.seed}) without a counterexample`);
  // Sent once more, so that the judged exchange is this one; its own answer is what is reported.
  const replayed = await sendCase(smallest).catch(() => records.get(key(smallest)));
  const record = replayed?.problem ? replayed : records.get(key(smallest));
  const url = `${run.baseUrl.href.replace(/\/$/, '')}${record?.path ?? ''}`;
  throw new Error(
    `DELETE of ${record?.description ?? JSON.stringify(smallest)} ${record?.problem ?? 'failed'} - the smallest failing id after ${details.numShrinks} shrinks ` +
      `of ${details.numRuns} generated (seed ${run.seed}; replay with --seed ${run.seed} --fuzz-runs ${run.runs}); reproduce: curl -i -X DELETE -H "X-Auth-Token: $TOKEN" '${url}'`,
  );
}
