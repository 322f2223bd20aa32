/** Ends the output with the plain line CI reads: "N passed, N failed, N skipped" (tests, final attempts). */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { RunResults } from './run-results';

export default class PlainTotalsReporter implements Reporter {
  private readonly results = new RunResults();

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.onTestEnd(test, result);
  }

  onEnd(): void {
    const all = this.results.all();
    const count = (pred: (r: TestResult) => boolean) => all.filter(({ result }) => pred(result)).length;
    const passed = count((r) => r.status === 'passed');
    const skipped = count((r) => r.status === 'skipped');
    const failed = all.length - passed - skipped;
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
