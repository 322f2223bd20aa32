/**
 * Reporter of the matrix run: the verdict of each project (= each case), computed exactly as a
 * normal run computes its own (reporters/verdict.ts), written as JSON to CONFORMANCE_MATRIX_RESULT.
 * A normal run ends with its run guard's closing check (lib/run/closing-check.ts); the matrix has
 * no run guard per case, so the closing check is made here, against each case's mock once its
 * tests are over, and counts in the case's verdict as it does in a run's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { loadCatalogue, type Level } from '../../../lib/requirements';
import type { ProfileName } from '../../../lib/profiles';
import { computeVerdict, type Outcome, type Verdict } from '../../../reporters/verdict';
import { declarationIn } from '../../../lib/outcome-protocol';
import { loadSuiteConfig } from '../../../lib/config';
import { closingCheck } from '../../../lib/run/closing-check';
import type { ClosingCheck } from '../../../lib/run-data/run-guard-report';
import { openGuardClient } from '../../../lib/run/guard-client';
import { RunLedger } from '../../../lib/run-data/run-ledger';

export interface MatrixCaseResult {
  name: string;
  profile: ProfileName;
  verdict: Verdict;
  /** Requirements whose outcome is failed, MUST or not (a failed SHOULD is a finding). */
  failed: { id: string; level: Level; reason?: string }[];
  /** MUST requirements that neither passed nor failed: why a verdict is INCOMPLETE. */
  unsettled: { id: string; outcome: Outcome; reason?: string }[];
  tests: number;
  /** Sum of the case's test durations. */
  testTimeMs: number;
  /** The closing check made once the case's tests were over. */
  closingCheck?: ClosingCheck;
}

/** The closing check against one case's target; its ledger is a scratch file (the mock is thrown away after the matrix). */
async function closingCheckOf(environment: Record<string, string>, ledgerFile: string, listedAtStart: number | undefined): Promise<ClosingCheck> {
  let client;
  try {
    const config = loadSuiteConfig(environment);
    client = openGuardClient(config);
    return await closingCheck(client.api, config, client.ownership, new RunLedger(ledgerFile), { listedAtStart });
  } catch (e) {
    return { outcome: 'unknown', detail: (e as Error).message.split('\n')[0] };
  } finally {
    client?.http.close();
  }
}

export default class MatrixReporter implements Reporter {
  private readonly byProject = new Map<string, { profile: ProfileName; environment: Record<string, string>; results: Map<string, { test: TestCase; result: TestResult }> }>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project();
    if (!project) return;
    const environment = (project.use as { targetEnvironment?: Record<string, string> }).targetEnvironment;
    const entry = this.byProject.get(project.name) ?? { profile: (environment?.CONFORMANCE_PROFILE ?? 'sahara') as ProfileName, environment: environment ?? {}, results: new Map() };
    entry.results.set(test.id, { test, result });
    this.byProject.set(project.name, entry);
  }

  async onEnd(): Promise<void> {
    const catalogue = loadCatalogue();
    const ledgers = mkdtempSync(join(tmpdir(), 'matrix-closing-'));
    const projects = [...this.byProject];
    // Each case has its own mock: the closing checks run side by side.
    const listedAtStart = JSON.parse(process.env.CONFORMANCE_MATRIX_LISTED_AT_START ?? '{}') as Record<string, number>;
    const closing = await Promise.all(projects.map(([name, { environment }], i) => closingCheckOf(environment, join(ledgers, `${i}.jsonl`), listedAtStart[name])));
    rmSync(ledgers, { recursive: true, force: true });
    const cases: MatrixCaseResult[] = projects.map(([name, { profile, results }], i) => {
      const all = [...results.values()];
      const closingCheck = closing[i] ?? { outcome: 'unknown' };
      // Only the closing check: the matrix has no canary, ledger or sweep of its own.
      const runGuard = { runId: name, canary: { outcome: 'not-created' as const }, fixturesCreated: 0, resurrected: [], leaks: [], closingCheck };
      const run = computeVerdict(catalogue, profile, all.filter(({ test }) => declarationIn(test.annotations) !== undefined), runGuard);
      return {
        name,
        profile,
        verdict: run.verdict,
        failed: run.requirements.filter((r) => r.outcome === 'failed').map((r) => ({ id: r.id, level: r.level, reason: r.reason })),
        unsettled: run.requirements
          .filter((r) => r.applicable && r.level === 'MUST' && r.outcome !== 'passed' && r.outcome !== 'failed')
          .map((r) => ({ id: r.id, outcome: r.outcome, reason: r.reason })),
        tests: all.length,
        testTimeMs: all.reduce((sum, { result }) => sum + result.duration, 0),
        closingCheck,
      };
    });
    const file = process.env.CONFORMANCE_MATRIX_RESULT;
    if (file) writeFileSync(file, JSON.stringify(cases, null, 2));
  }

  printsToStdio(): boolean {
    return false;
  }
}
