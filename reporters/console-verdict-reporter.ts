/** Prints, after a run with conformance tests, each requirement's outcome, the findings and the verdict. */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { loadCatalogue } from '../lib/requirements';
import { RunResults, runProfile } from './run-results';
import { computeVerdict, type Outcome } from './verdict';

const MARK: Record<Outcome, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', inconclusive: 'INCO' };

export default class ConsoleVerdictReporter implements Reporter {
  private readonly results = new RunResults();

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.onTestEnd(test, result);
  }

  onEnd(): void {
    const results = this.results.conformanceResults();
    if (results.length === 0) return;
    const profile = runProfile();
    const run = computeVerdict(loadCatalogue(), profile, results);
    const lines = ['', `Requirements (profile ${profile}):`];
    for (const r of run.requirements) {
      const why = r.outcome === 'passed' ? '' : ` - ${r.reason ?? ''}`;
      lines.push(`  ${MARK[r.outcome]} ${r.id.padEnd(13)} ${r.level.padEnd(6)} ${r.title}${why}`);
    }
    if (run.findings.length) lines.push('', 'Findings:', ...run.findings.map((f) => `  - ${f}`));
    if (run.measurements.length) lines.push('', 'Measurements:', ...run.measurements.map((m) => `  - ${m}`));
    if (run.leaks.length) lines.push('', `Leaked job executions: ${run.leaks.length}`, ...run.leaks.map((l) => `  - ${l}`));
    lines.push('', `Verdict: ${run.verdict}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
