/**
 * Reporter of the matrix run: the verdict of each project (= each case), computed exactly as a
 * normal run computes its own (reporters/verdict.ts), written as JSON to CONFORMANCE_MATRIX_RESULT.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { loadCatalogue, type Level } from '../../../lib/requirements';
import type { ProfileName } from '../../../lib/profiles';
import { computeVerdict, type Outcome, type Verdict } from '../../../reporters/verdict';
import { declarationIn } from '../../../lib/outcome-protocol';

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
}

export default class MatrixReporter implements Reporter {
  private readonly byProject = new Map<string, { profile: ProfileName; results: Map<string, { test: TestCase; result: TestResult }> }>();

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project();
    if (!project) return;
    const environment = (project.use as { targetEnvironment?: Record<string, string> }).targetEnvironment;
    const entry = this.byProject.get(project.name) ?? { profile: (environment?.CONFORMANCE_PROFILE ?? 'sahara') as ProfileName, results: new Map() };
    entry.results.set(test.id, { test, result });
    this.byProject.set(project.name, entry);
  }

  onEnd(): void {
    const catalogue = loadCatalogue();
    const cases: MatrixCaseResult[] = [];
    for (const [name, { profile, results }] of this.byProject) {
      const all = [...results.values()];
      const run = computeVerdict(catalogue, profile, all.filter(({ test }) => declarationIn(test.annotations) !== undefined));
      cases.push({
        name,
        profile,
        verdict: run.verdict,
        failed: run.requirements.filter((r) => r.outcome === 'failed').map((r) => ({ id: r.id, level: r.level, reason: r.reason })),
        unsettled: run.requirements
          .filter((r) => r.applicable && r.level === 'MUST' && r.outcome !== 'passed' && r.outcome !== 'failed')
          .map((r) => ({ id: r.id, outcome: r.outcome, reason: r.reason })),
        tests: all.length,
        testTimeMs: all.reduce((sum, { result }) => sum + result.duration, 0),
      });
    }
    const file = process.env.CONFORMANCE_MATRIX_RESULT;
    if (file) writeFileSync(file, JSON.stringify(cases, null, 2));
  }

  printsToStdio(): boolean {
    return false;
  }
}
