/** Writes report.json: the per-requirement outcomes and the verdict, for machines and other reporters. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { readEnvironment } from '../lib/config';
import { redactText } from '../lib/redact';
import { loadCatalogue } from '../lib/requirements';
import { reportDir } from './report-dir';
import { RunResults, runProfile } from './run-results';
import { computeVerdict } from './verdict';

export default class JsonReportReporter implements Reporter {
  private readonly results = new RunResults();
  private readonly startedAt = new Date();

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.onTestEnd(test, result);
  }

  onEnd(result: FullResult): void {
    const results = this.results.conformanceResults();
    if (results.length === 0) return;
    const catalogue = loadCatalogue();
    const profile = runProfile();
    const target = new URL(readEnvironment().CONFORMANCE_BASE_URL ?? 'http://embedded-mock.invalid');
    const run = computeVerdict(catalogue, profile, results);
    const report = {
      catalogueVersion: catalogue.version,
      profile,
      target: `${target.origin}${target.pathname.replace(/\/$/, '')}`,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runnerStatus: result.status,
      ...run,
    };
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), redactText(JSON.stringify(report, null, 2)));
  }
}
