/** Ends the output with the plain line CI reads: "N passed, N failed, N skipped" (tests, final attempts). */
import type { TestResult } from '@playwright/test/reporter';
import { CollectingReporter } from './run-results';

export default class PlainTotalsReporter extends CollectingReporter {

  printsToStdio(): boolean {
    return true;
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
