/** Ends the output with the plain line CI reads: "N passed, N failed, N skipped" (tests, final attempts). */
import type { TestResult } from '@playwright/test/reporter';
import { runnerSettings } from '../lib/config';
import { runContext } from '../lib/run/run-context';
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
    // npm test writes its reports to a temporary folder (playwright.config.ts): say which.
    const run = runContext();
    if (runnerSettings().selfTestRun && run) process.stdout.write(`\nReports of this test run: ${run.reportDir}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
