/** Collects the final result of each test, for the verdict reporters. */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { declarationIn } from '../lib/outcome-protocol';

export class RunResults implements Pick<Reporter, 'onTestEnd'> {
  private readonly last = new Map<string, { test: TestCase; result: TestResult }>();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.last.set(test.id, { test, result });
  }

  /** Only conformance tests: those that declare requirements. */
  conformanceResults(): { test: TestCase; result: TestResult }[] {
    return [...this.last.values()].filter(({ test }) => declarationIn(test.annotations) !== undefined);
  }

  all(): { test: TestCase; result: TestResult }[] {
    return [...this.last.values()];
  }
}

/** The shared part of this suite's reporters: they keep each test's final result for onEnd. */
export abstract class CollectingReporter implements Reporter {
  protected readonly results = new RunResults();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.onTestEnd(test, result);
  }
}
