/**
 * Guards a run against a shared target: a canary job execution made before any test must still
 * exist after the last one (a target that deletes the wrong object is caught even when no test
 * looked), and a final sweep re-checks every fixture the ledger says this run created, removing
 * and reporting as leaks those whose own cleanup did not happen (failed, interrupted, crashed).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteConfig } from '../config';
import { describeAnswer, type CheckedResponse } from '../client/checked-response';
import type { JobExecutionApi } from '../client/job-execution-api';
import { jobExecutionIdIn, jobExecutionsListedIn, type JobExecutionFields } from '../client/job-execution-body';
import { listWithEvidence, readWithEvidence } from '../assertions/waiters';
import type { OwnershipRegistry } from '../client/ownership';
import { readsAsProtected, removeJobExecution } from '../client/removal';
import { belongsToRun } from './cleanup-run';
import { createJobExecutionOnTarget } from '../target-fixtures/fixture-strategies';
import type { HttpTransport } from '../transport/http-transport';
import type { LedgerRecord, RunLedger } from '../run-data/run-ledger';
import { cleanupCommand, RUN_GUARD_FILE, type RunGuardReport } from '../run-data/run-guard-report';
import { closingCheck, type RunBaseline } from './closing-check';
import { openGuardClient } from './guard-client';
import type { PlanSink } from '../client/request-plan';
import { TargetUnreachableError } from '../errors';
import { redactText } from '../redact';
import { provisionFixtures, removeRunResources } from '../target-fixtures/provisioning';

/** What one of this run's job executions is at the end of the run, read past server errors and lost answers. */
async function finalState(api: JobExecutionApi, id: string): Promise<{ state: 'gone' | 'present' | 'unknown'; read?: CheckedResponse; detail: string }> {
  try {
    const read = await readWithEvidence(api, id);
    const readId = jobExecutionIdIn(read);
    if (read.status === 404) return { state: 'gone', read, detail: describeAnswer(read) };
    if (read.status === 200 && readId === id) return { state: 'present', read, detail: describeAnswer(read) };
    return { state: 'unknown', read, detail: describeAnswer(read) };
  } catch (e) {
    return { state: 'unknown', detail: (e as Error).message.split('\n')[0] ?? String(e) };
  }
}

/** Removes one of ours the final read found (lib/client/removal), as a leak's sweep outcome. */
async function removeOurs(api: JobExecutionApi, id: string, read: CheckedResponse | undefined): Promise<{ sweep: 'removed' | 'still-present'; detail?: string }> {
  const removal = await removeJobExecution(api, id, readsAsProtected(read));
  return removal.removed ? { sweep: 'removed' } : { sweep: 'still-present', detail: removal.detail };
}

/** The ledger, or - when it cannot be read - nothing, with the reason among the problems. */
function readLedgerOrNothing(ledger: RunLedger, runId: string, problems: string[]): LedgerRecord {
  try {
    return ledger.read();
  } catch (e) {
    problems.push(`the run ledger ${ledger.file} could not be read (${(e as Error).message.split('\n')[0]}): the fixtures it names were not checked; clean up with ${cleanupCommand(runId)}`);
    return { created: [], removed: new Set(), gone: new Map(), resources: [], inFlight: [] };
  }
}

/**
 * A deletion undone a moment later (a failed asynchronous delete, a lagging replica) shows only
 * to a read after that moment: the final reads come at least the stay-gone window after the last
 * 404 the run saw.
 */
async function waitPastStayGoneWindow(gone: Map<string, number>, windowMs: number): Promise<void> {
  const lastGone = Math.max(0, ...gone.values());
  const waitMs = Math.min(windowMs, lastGone + windowMs - Date.now());
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
}

/**
 * The end-of-run sweep reads the project's list at most this many times, at most a pause apart,
 * while something of the run is still to be removed or a creation may still land (sweepMarkedUntilQuiet).
 */
const SWEEP_ROUNDS = 12;
const SWEEP_PAUSE_MS = 1_000;

/** What decides whether a fixture can be made, per strategy: named when the canary cannot be. */
function fixtureSettingsOf(config: SuiteConfig): string {
  const { strategy, ownJob, clusterId } = config.fixture;
  if (strategy === 'command') return 'CONFORMANCE_FIXTURE_COMMAND';
  if (strategy === 'mrs-submit-job') return 'CONFORMANCE_CLUSTER_ID and CONFORMANCE_SUBMIT_JAR_PATH';
  const job = ownJob ? `CONFORMANCE_JOB_ID (a job the cluster's plugin runs; the run's own ${'Shell'} job was refused)` : 'CONFORMANCE_JOB_ID (a job of the project)';
  return `${job} and CONFORMANCE_CLUSTER_ID (an Active cluster of the project; ${clusterId} was used)`;
}

export class RunGuard {
  private canaryId?: string;
  private canaryProblem?: string;
  /** The list once the canary exists: a refusal of the closing creation is judged against it. */
  private readonly baseline: RunBaseline = {};

  private constructor(
    /** The configuration with the cluster and job the run found or made (lib/target-fixtures/provisioning): what the tests use. */
    readonly config: SuiteConfig,
    private readonly http: HttpTransport,
    private readonly api: JobExecutionApi,
    private readonly ownership: OwnershipRegistry,
    private readonly ledger: RunLedger,
  ) {}

  /**
   * Finds or makes what the configuration leaves out (a cluster, a job), then makes the canary.
   * `report` gets one line per thing found or made; `plan`, in a dry run, every request. A run
   * that cannot start removes what it made.
   */
  static async start(configured: SuiteConfig, ledger: RunLedger, report: (line: string) => void = () => undefined, plan?: PlanSink): Promise<RunGuard> {
    const { http, api, ownership } = openGuardClient(configured, plan);
    let config = configured;
    try {
      const provisioned = await provisionFixtures(api, configured, (kind, id) => ledger.recordResource(kind, id));
      provisioned.lines.forEach(report);
      config = { ...configured, fixture: provisioned.fixture };
    } catch (e) {
      await removeRunResources(api, configured.runId, ledger.read().resources, configured.deleteTimeoutMs);
      http.close();
      throw e;
    }
    const guard = new RunGuard(config, http, api, ownership, ledger);
    try {
      guard.canaryId = await createJobExecutionOnTarget(api, config, {});
      ownership.recordCreated(guard.canaryId);
    } catch (e) {
      // Every test needs a job execution of its own: a target that will not make the canary
      // would only turn the run into skips. Stop before any test, with the target's answer.
      await removeRunResources(api, config.runId, ledger.read().resources, config.deleteTimeoutMs);
      http.close();
      throw new TargetUnreachableError(redactText(`the target would not create the run's canary job execution, so no test could create its own: ${(e as Error).message.split('\n')[0]}; check ${fixtureSettingsOf(config)}`));
    }
    try {
      guard.baseline.listedAtStart = jobExecutionsListedIn(await listWithEvidence(api)).length;
    } catch {
      // Without it the closing check judges only a 404 refusal; nothing else depends on it.
    }
    return guard;
  }

  /** The project's list at the end of the run; undefined (and a problem) when it cannot be read. */
  private async listAtTheEnd(problems: string[]): Promise<JobExecutionFields[] | undefined> {
    try {
      return jobExecutionsListedIn(await listWithEvidence(this.api));
    } catch (e) {
      problems.push(`the end-of-run list read failed (${(e as Error).message.split('\n')[0]}): deleted job executions were not looked for in it, nor job executions of the run missing from its ledger`);
      return undefined;
    }
  }

  /**
   * Whatever of the run is still on the target once its tests are stopped, found by the run id it
   * carries (./cleanup-run belongsToRun) as well as by the ledger: a creation whose answer never
   * reached the ledger (a worker stopped or killed while its POST was on its way, an answer lost)
   * may land after one list read, and a removal may fail once. So the project is listed again, and
   * what of the run is still there removed again, until a list read finds nothing of the run left
   * to remove and every creation the ledger saw sent unanswered (RunLedger inFlight) is older than
   * the request timeout - the longest its sender would have waited for the target to act on it.
   * At most SWEEP_ROUNDS list reads (and no new one once that many pauses and any creation in flight
   * are over). Nothing without this run's id or outside its ledger is touched.
   */
  private async sweepMarkedUntilQuiet(firstList: JobExecutionFields[] | undefined, ledgered: Set<string | undefined>, report: RunGuardReport, problems: string[]): Promise<void> {
    const unledgered = 'marked with the run id but missing from its ledger (created while the run stopped)';
    const done = new Set(report.leaks.filter((l) => l.sweep === 'removed').map((l) => l.id));
    // A target that keeps failing the reads or removals does not hold the end of the run for long.
    const retriesEnd = Date.now() + SWEEP_ROUNDS * SWEEP_PAUSE_MS;
    let listed = firstList;
    for (let round = 1; ; round++) {
      let foundSome = listed === undefined;
      for (const je of listed ?? []) {
        if (!belongsToRun(je, this.config.runId) || done.has(je.id)) continue;
        const earlier = report.leaks.findIndex((l) => l.id === je.id);
        // One of the ledger's that the sweep already read gone or removed.
        if (ledgered.has(je.id) && earlier < 0) continue;
        foundSome = true;
        this.ownership.recordCreated(je.id);
        const final = await finalState(this.api, je.id);
        if (final.state === 'gone') {
          done.add(je.id);
          continue;
        }
        const why = ledgered.has(je.id) ? 'still there when listed again' : unledgered;
        const leak = final.state === 'unknown' ? { sweep: 'unknown' as const, detail: final.detail } : await removeOurs(this.api, je.id, final.read);
        if (leak.sweep === 'removed') done.add(je.id);
        const entry = { id: je.id, sweep: leak.sweep, detail: [why, leak.detail].filter(Boolean).join('; ') };
        if (earlier >= 0) report.leaks[earlier] = entry;
        else report.leaks.push(entry);
      }
      const inFlightUntil = Math.max(0, ...readLedgerOrNothing(this.ledger, this.config.runId, []).inFlight) + this.config.requestTimeoutMs;
      if ((!foundSome && Date.now() >= inFlightUntil) || round >= SWEEP_ROUNDS || Date.now() >= Math.max(retriesEnd, inFlightUntil)) return;
      // With no creation in flight the list is read again at once, only to confirm.
      await new Promise((r) => setTimeout(r, Math.min(SWEEP_PAUSE_MS, Math.max(0, inFlightUntil - Date.now()))));
      // Only the last read's failure is a problem of the run: an earlier one is read again.
      listed = await this.listAtTheEnd(round + 1 >= SWEEP_ROUNDS ? problems : []);
    }
  }

  /**
   * Reads every job execution the ledger says this run created, and the canary, from the target;
   * sweeps whatever is not gone. Each step is guarded on its own, so one failure skips nothing.
   */
  async finish(reportDir: string, say: (line: string) => void = () => undefined): Promise<RunGuardReport> {
    const report: RunGuardReport = { runId: this.config.runId, canary: { outcome: 'not-created', detail: this.canaryProblem }, fixturesCreated: 0, resurrected: [], leaks: [] };
    const problems: string[] = [];
    try {
      // First, so that its own job execution is in the ledger the sweep reads next.
      report.closingCheck = await closingCheck(this.api, this.config, this.ownership, this.ledger, this.baseline);
      const { created, gone } = readLedgerOrNothing(this.ledger, this.config.runId, problems);
      report.fixturesCreated = created.length;
      await waitPastStayGoneWindow(gone, this.config.stayGoneMs);
      const goneAtTheEnd: string[] = [];
      for (const id of created) {
        this.ownership.recordCreated(id);
        const final = await finalState(this.api, id);
        if (final.state === 'gone') {
          goneAtTheEnd.push(id);
          continue;
        }
        const goneAt = gone.get(id);
        if (final.state === 'present' && goneAt !== undefined) report.resurrected.push({ id, goneSeenAt: new Date(goneAt).toISOString(), answer: final.detail });
        report.leaks.push(final.state === 'unknown' ? { id, sweep: 'unknown', detail: final.detail } : { id, ...(await removeOurs(this.api, id, final.read)) });
      }
      const listed = await this.listAtTheEnd(problems);
      const listedIds = new Set(listed?.map((je) => je.id));
      report.listedAfterGone = goneAtTheEnd.filter((id) => listedIds.has(id)).map((id) => ({ id }));
      if (this.canaryId) {
        const final = await finalState(this.api, this.canaryId);
        const outcome = final.state === 'present' ? 'survived' : final.state;
        report.canary = { id: this.canaryId, outcome, detail: outcome === 'survived' ? undefined : final.detail };
        if (final.state !== 'gone') {
          const removal = await removeOurs(this.api, this.canaryId, final.read);
          if (removal.sweep !== 'removed') report.leaks.push({ id: this.canaryId, ...removal, detail: `the run's canary: ${removal.detail ?? 'still present'}` });
        }
      }
      await this.sweepMarkedUntilQuiet(listed, new Set([...created, this.canaryId]), report, problems);
      // Last: a job is not deleted while job executions still refer to it.
      const resources = readLedgerOrNothing(this.ledger, this.config.runId, problems).resources;
      // A job execution being cancelled is given the long deadline by the tests: its job waits as long.
      if (resources.length > 0 || this.config.fixture.ownJob) report.ownResources = await removeRunResources(this.api, this.config.runId, resources, this.config.longDeleteTimeoutMs, say);
    } catch (e) {
      problems.push(`the end-of-run check stopped: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      this.http.close();
    }
    if (problems.length > 0) report.problems = problems;
    // A clean end leaves no ledger behind; otherwise it is what a later cleanup starts from.
    if (problems.length > 0 || report.leaks.some((l) => l.sweep !== 'removed') || report.ownResources?.some((r) => r.outcome !== 'removed')) report.ledgerKept = this.ledger.file;
    else rmSync(this.ledger.file, { force: true });
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, RUN_GUARD_FILE), JSON.stringify(report, null, 2));
    return report;
  }
}
