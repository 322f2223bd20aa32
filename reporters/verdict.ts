/**
 * From test results to per-requirement outcomes and the run's verdict. Pure data in, data out:
 * every report format (console, JSON, HTML, Markdown, JUnit) is a view of what this computes.
 *
 * Outcome of a requirement in one test, read from the annotations `verify` leaves:
 *   recorded outcome              -> that outcome
 *   test skipped                  -> skipped, with the test's skip reason
 *   no record, a sibling failed   -> skipped: not reached (an earlier MUST in the same test failed)
 *   no record, test broke         -> inconclusive, with the error (e.g. no answer to the DELETE)
 *   no record, test passed        -> inconclusive: declared but never verified (a suite bug)
 * Across tests: failed > inconclusive > passed > skipped.
 */
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { annotationsOfRun, declarationIn, describeFinding, findingsIn, leaksIn, measurementsIn, outcomesIn, testSkipIn, transportNoiseIn, type RequirementOutcome, type SkipKind, type TransportNoiseRecord } from '../lib/outcome-protocol';
import { reportedMessage } from '../lib/failure-message';
import type { ProfileName } from '../lib/profiles';
import { appliesTo, type Catalogue, type Level } from '../lib/requirements';
import { CANARY_REQUIREMENT, LEAVES_LIST_REQUIREMENT, STAYS_DELETED_REQUIREMENT, type RunGuardReport } from '../lib/run-data/run-guard-report';

export type Outcome = RequirementOutcome;
export type Verdict = 'CONFORMANT' | 'NON-CONFORMANT' | 'INCOMPLETE';

export interface RequirementCheck {
  testId: string;
  title: string;
  outcome: Outcome;
  reason?: string;
  /** With outcome skipped: why. */
  skipKind?: SkipKind;
  durationMs: number;
}

export interface RequirementVerdict {
  id: string;
  level: Level;
  title: string;
  source: string;
  statement: string;
  applicable: boolean;
  outcome: Outcome;
  reason?: string;
  skipKind?: SkipKind;
  checks: RequirementCheck[];
}

export interface RunVerdict {
  verdict: Verdict;
  requirements: RequirementVerdict[];
  findings: string[];
  measurements: string[];
  leaks: string[];
  /** Requests sent again in the run's tests: after a 429/503 "not now", or on a fresh connection. */
  transportNoise: TransportNoiseRecord;
}

const RANK: Record<Outcome, number> = { failed: 3, inconclusive: 2, passed: 1, skipped: 0 };

type OutcomeInTest = Pick<RequirementCheck, 'outcome' | 'reason' | 'skipKind'>;

function outcomeInTest(requirementId: string, test: TestCase, result: TestResult): OutcomeInTest {
  const annotations = annotationsOfRun(test, result);
  const records = outcomesIn(annotations);
  const mine = records.filter((r) => r.id === requirementId);
  const worst = mine.sort((a, b) => RANK[b.outcome] - RANK[a.outcome])[0];
  if (worst) return { outcome: worst.outcome, reason: worst.message, skipKind: worst.outcome === 'skipped' ? worst.skipKind ?? 'other' : undefined };
  if (result.status === 'skipped') {
    const { kind, reason } = testSkipIn(annotations);
    return { outcome: 'skipped', reason, skipKind: kind };
  }
  if (records.some((r) => r.outcome === 'failed')) return { outcome: 'skipped', reason: 'not reached: an earlier MUST check in the same test failed', skipKind: 'not-reached' };
  if (result.status !== 'passed') {
    const error = result.error?.message !== undefined ? reportedMessage(result.error.message) : result.status;
    return { outcome: 'inconclusive', reason: `the test could not complete: ${error}` };
  }
  return { outcome: 'inconclusive', reason: 'declared by the test but never verified' };
}

/** Adds a check that the run guard made at the end of the run, and lets it count in the requirement's outcome. */
function addRunGuardCheck(requirements: RequirementVerdict[], id: string, title: string, outcome: Outcome, reason: string): void {
  const target = requirements.find((r) => r.id === id && r.applicable);
  if (!target) return;
  target.checks.push({ testId: 'run-guard', title, outcome, reason, durationMs: 0 });
  if (RANK[outcome] > RANK[target.outcome]) {
    target.outcome = outcome;
    target.reason = reason;
    target.skipKind = undefined;
  }
}

/**
 * What the run guard read at the end of the run: a vanished canary fails the requirement that
 * forbids deleting the wrong object (a canary that could not be read leaves it inconclusive), and
 * a job execution that read 404 during the run and 200 at its end did not stay deleted.
 */
function applyRunGuard(requirements: RequirementVerdict[], runGuard: RunGuardReport | undefined): void {
  if (!runGuard) return;
  const { canary } = runGuard;
  if (canary.outcome === 'gone' || canary.outcome === 'unknown') {
    const fate = canary.outcome === 'gone' ? 'was gone after the last' : 'could not be read after the last';
    const reason = `the run's canary ${canary.id}, created before the first test and deleted by none, ${fate} (${canary.detail ?? 'no detail'})`;
    addRunGuardCheck(requirements, CANARY_REQUIREMENT, 'the run canary survives the run', canary.outcome === 'gone' ? 'failed' : 'inconclusive', reason);
  }
  for (const back of runGuard.resurrected ?? []) {
    const reason = `${back.id} read 404 at ${back.goneSeenAt}, and at the end of the run: ${back.answer}`;
    addRunGuardCheck(requirements, STAYS_DELETED_REQUIREMENT, 'every job execution the run saw deleted is still gone at its end', 'failed', reason);
  }
  const closing = runGuard.closingCheck;
  if (closing?.outcome === 'creation-refused') addRunGuardCheck(requirements, CANARY_REQUIREMENT, 'a job execution can still be created at the end of the run', 'failed', closing.detail ?? '');
  if (closing?.outcome === 'still-listed') addRunGuardCheck(requirements, LEAVES_LIST_REQUIREMENT, 'a job execution deleted at the end of the run leaves the list', 'failed', closing.detail ?? '');
  if (closing?.outcome === 'id-reissued') addRunGuardCheck(requirements, STAYS_DELETED_REQUIREMENT, "a deleted job execution's id is not given to another one", 'failed', closing.detail ?? '');
  for (const listed of runGuard.listedAfterGone ?? []) {
    const reason = `${listed.id} read 404 at the end of the run, and the project's list read then still contained it`;
    addRunGuardCheck(requirements, LEAVES_LIST_REQUIREMENT, 'no job execution that reads 404 at the end of the run is still listed', 'failed', reason);
  }
}

export function computeVerdict(catalogue: Catalogue, profile: ProfileName, results: { test: TestCase; result: TestResult }[], runGuard?: RunGuardReport): RunVerdict {
  const findings: string[] = [];
  const measurements: string[] = [];
  const leaks: string[] = [];
  const transportNoise: TransportNoiseRecord = { retries: 0, resends: 0 };
  const checks = new Map<string, RequirementCheck[]>();
  for (const { test, result } of results) {
    const annotations = annotationsOfRun(test, result);
    for (const noise of transportNoiseIn(annotations)) {
      transportNoise.retries += noise.retries;
      transportNoise.resends += noise.resends;
    }
    findings.push(...findingsIn(annotations).map((f) => `${describeFinding(f)} [${test.title}]`));
    measurements.push(...measurementsIn(annotations).map((m) => `${m} [${test.title}]`));
    leaks.push(...leaksIn(annotations).map((l) => `${l} [${test.title}]`));
    const declaration = declarationIn(annotations);
    if (!declaration) continue;
    const testId = declaration.testId || test.id;
    for (const id of declaration.requirements) {
      const list = checks.get(id) ?? [];
      list.push({ testId, title: test.title, ...outcomeInTest(id, test, result), durationMs: result.duration });
      checks.set(id, list);
    }
  }
  const { verdict, requirements } = judgeRequirements(catalogue, profile, checks, runGuard);
  return { verdict, requirements, findings, measurements, leaks, transportNoise };
}

/**
 * Each requirement's outcome from the checks made of it (the worst wins), the run guard's, and
 * the verdict over the MUSTs. Also how a certification bundle's report is judged again
 * (certification/rejudge-report), from the checks the report lists.
 */
export function judgeRequirements(catalogue: Catalogue, profile: ProfileName, checks: Map<string, RequirementCheck[]>, runGuard?: RunGuardReport): { verdict: Verdict; requirements: RequirementVerdict[] } {
  const requirements: RequirementVerdict[] = catalogue.requirements.map((r) => {
    const applicable = appliesTo(r, profile);
    const mine = checks.get(r.id) ?? [];
    const worst = [...mine].sort((a, b) => RANK[b.outcome] - RANK[a.outcome])[0];
    const outcome: Outcome = !applicable ? 'skipped' : worst?.outcome ?? 'skipped';
    const reason = !applicable ? `not applicable to profile ${profile}` : worst ? worst.reason : 'not run (no test selected it)';
    const skipKind: SkipKind | undefined = outcome !== 'skipped' ? undefined : !applicable ? 'not-applicable' : worst ? worst.skipKind ?? 'other' : 'not-run';
    return { id: r.id, level: r.level, title: r.title, source: r.source, statement: r.statement, applicable, outcome, reason, skipKind, checks: mine };
  });
  applyRunGuard(requirements, runGuard);
  const must = requirements.filter((r) => r.applicable && r.level === 'MUST');
  // A merge without every shard did not run the whole suite, whatever the shards it had say.
  const verdict: Verdict = must.some((r) => r.outcome === 'failed')
    ? 'NON-CONFORMANT'
    : must.some((r) => r.outcome !== 'passed') || (runGuard?.missingShards?.length ?? 0) > 0
      ? 'INCOMPLETE'
      : 'CONFORMANT';
  return { verdict, requirements };
}
