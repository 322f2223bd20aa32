/**
 * Guards a run against a shared target: a canary job execution made before any test must still
 * exist after the last one (a target that deletes the wrong object is caught even when no test
 * looked), and a final sweep re-checks every fixture the ledger says this run created, removing
 * and reporting as leaks those whose own cleanup did not happen (failed, interrupted, crashed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type APIRequestContext } from '@playwright/test';
import type { SuiteConfig } from '../config';
import { loadContract } from '../contract/contract';
import { ExchangeLog } from '../client/exchange-log';
import { describeAnswer } from '../client/expectations';
import { JobExecutionApi } from '../client/job-execution-api';
import { OwnershipRegistry } from '../client/ownership';
import { createJobExecutionOnTarget } from '../fixtures/fixture-strategies';
import { requestContextOptions } from '../transport/connection';
import { RunLedger } from './run-ledger';

export interface RunGuardReport {
  runId: string;
  canary: { id?: string; outcome: 'survived' | 'gone' | 'not-created'; detail?: string };
  fixturesCreated: number;
  /** Fixtures whose own cleanup did not remove them; the sweep tried again. */
  leaks: { id: string; sweep: 'removed' | 'already-gone' | 'still-present'; detail?: string }[];
}

export const RUN_GUARD_FILE = 'run-guard.json';

/**
 * A canary that disappeared was deleted without anybody asking: the target removed the wrong
 * object, which is what this requirement forbids, so the verdict counts it there.
 */
export const CANARY_REQUIREMENT = 'JEX-DEL-009';

/** This run's guard record (written in global teardown, before the reporters end), if any. */
export function readRunGuardReport(dir: string, runId: string | undefined): RunGuardReport | undefined {
  const file = join(dir, RUN_GUARD_FILE);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as RunGuardReport;
  return record.runId === runId ? record : undefined;
}

async function removeOurs(api: JobExecutionApi, id: string): Promise<{ sweep: 'removed' | 'already-gone' | 'still-present'; detail?: string }> {
  try {
    const read = await api.showJobExecution(id);
    if (read.status === 404) return { sweep: 'already-gone' };
    if ((read.json as { job_execution?: { is_protected?: unknown } } | undefined)?.job_execution?.is_protected === true) {
      await api.updateJobExecution(id, { is_protected: false });
    }
    const deleted = await api.deleteJobExecution(id);
    return deleted.status === 204 || deleted.status === 404 ? { sweep: 'removed' } : { sweep: 'still-present', detail: describeAnswer(deleted) };
  } catch (e) {
    return { sweep: 'still-present', detail: (e as Error).message.split('\n')[0] };
  }
}

export class RunGuard {
  private canaryId?: string;
  private canaryProblem?: string;

  private constructor(
    private readonly config: SuiteConfig,
    private readonly http: APIRequestContext,
    private readonly api: JobExecutionApi,
    private readonly ownership: OwnershipRegistry,
    private readonly ledger: RunLedger,
  ) {}

  static async start(config: SuiteConfig, ledger: RunLedger): Promise<RunGuard> {
    const http = await request.newContext(requestContextOptions(config.baseUrl, config.insecureTls));
    const ownership = new OwnershipRegistry();
    const api = new JobExecutionApi(http, config, loadContract(config.profile), config.primary, new ExchangeLog(), ownership);
    const guard = new RunGuard(config, http, api, ownership, ledger);
    try {
      guard.canaryId = await createJobExecutionOnTarget(api, config, {});
      ownership.recordCreated(guard.canaryId);
    } catch (e) {
      // Without a canary the run still happens; the tests report their own failed preconditions.
      guard.canaryProblem = (e as Error).message.split('\n')[0];
    }
    return guard;
  }

  async finish(reportDir: string): Promise<RunGuardReport> {
    const report: RunGuardReport = { runId: this.config.runId, canary: { outcome: 'not-created', detail: this.canaryProblem }, fixturesCreated: 0, leaks: [] };
    try {
      if (this.canaryId) {
        const read = await this.api.showJobExecution(this.canaryId);
        const survived = read.status === 200 && (read.json as { job_execution?: { id?: unknown } } | undefined)?.job_execution?.id === this.canaryId;
        report.canary = { id: this.canaryId, outcome: survived ? 'survived' : 'gone', detail: survived ? undefined : describeAnswer(read) };
      }
      const { created, removed } = this.ledger.read();
      report.fixturesCreated = created.length;
      for (const id of created.filter((c) => !removed.has(c))) {
        this.ownership.recordCreated(id);
        report.leaks.push({ id, ...(await removeOurs(this.api, id)) });
      }
      if (this.canaryId) await removeOurs(this.api, this.canaryId);
    } finally {
      await this.http.dispose();
    }
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, RUN_GUARD_FILE), JSON.stringify(report, null, 2));
    return report;
  }
}

export function summariseRunGuard(report: RunGuardReport): string {
  const canary = report.canary.outcome === 'survived' ? 'survived' : `${report.canary.outcome.toUpperCase()}${report.canary.detail ? ` (${report.canary.detail})` : ''}`;
  const leftover = report.leaks.filter((l) => l.sweep !== 'already-gone');
  const still = leftover.filter((l) => l.sweep === 'still-present');
  return `Run ${report.runId}: canary ${canary}; ${report.fixturesCreated} fixtures created, ${leftover.length} leaked${leftover.length ? ` (${leftover.length - still.length} swept, ${still.length} still present: ${still.map((l) => l.id).join(', ') || 'none'})` : ''}`;
}
