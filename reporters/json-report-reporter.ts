/**
 * Writes report.json, the certification record: suite and target identity, per-requirement
 * outcomes with evidence, findings and the verdict (shape: ./report-model, ./report.schema.json).
 * The other views are rendered from this file by ./report-views-reporter, which runs after it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullResult } from '@playwright/test/reporter';
import { redactText } from '../lib/redact';
import { loadCatalogue } from '../lib/requirements';
import { runContext } from '../lib/run/run-context';
import { readRunGuardReport } from '../lib/run-data/run-guard-report';
import { buildReport } from './build-report';
import { CollectingReporter } from './run-results';

export const REPORT_JSON = 'report.json';

export default class JsonReportReporter extends CollectingReporter {
  /**
   * Writes report.json; and where the verdict is NON-CONFORMANT while every test passed (the
   * end-of-run checks failed a MUST: a resurrected job execution, the canary gone, the closing
   * check), turns the runner's status to failed, so that a raw `npx playwright test` exits 1 too.
   */
  onEnd(result: FullResult): { status: FullResult['status'] } | void {
    const results = this.results.conformanceResults();
    const run = runContext();
    // A dry run ran against a stand-in: there is nothing to certify.
    if (results.length === 0 || !run || run.dryRun) return;
    const dir = run.reportDir;
    const report = buildReport({
      catalogue: loadCatalogue(),
      profile: run.profile,
      results,
      runId: run.runId,
      baseUrl: run.target.baseUrl,
      embeddedMock: run.target.kind === 'embedded-mock',
      // Playwright's own times of the run: under merge-reports, the earliest shard's start and the
      // latest shard's end (a merge of shards reports when they ran, not when it merged them).
      startedAt: result.startTime,
      finishedAt: new Date(result.startTime.getTime() + result.duration),
      runnerStatus: result.status,
      runGuard: readRunGuardReport(dir, run.runId),
      shard: run.shard,
      generatedIds: run.suite?.generatedIds,
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, REPORT_JSON), redactText(JSON.stringify(report, null, 2)));
    if (report.verdict === 'NON-CONFORMANT' && result.status === 'passed') return { status: 'failed' };
  }
}

