/**
 * Renders report.json (written just before by ./json-report-reporter; Playwright ends reporters
 * in list order) as report.html, report.md, junit.xml and badge.svg in the same folder. Every
 * view comes from the one record, so they cannot disagree; each passes redaction once more.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactText } from '../lib/redact';
import { REPORT_JSON } from './json-report-reporter';
import { runContext } from '../lib/run/run-context';
import type { ConformanceReport } from './report-model';
import { CollectingReporter } from './run-results';
import { REPORT_VIEWS } from './views/report-views';

export { REPORT_VIEWS };

/** Writes every view of a report.json into its folder (also usable on a report.json kept from an earlier run). */
export function writeReportViews(dir: string): void {
  const report = JSON.parse(readFileSync(join(dir, REPORT_JSON), 'utf8')) as ConformanceReport;
  for (const [file, render] of Object.entries(REPORT_VIEWS)) writeFileSync(join(dir, file), redactText(render(report)));
}

export default class ReportViewsReporter extends CollectingReporter {


  onEnd(): void {
    // Same condition as the JSON reporter: without conformance tests there is no fresh report.json.
    if (this.results.conformanceResults().length === 0) return;
    const run = runContext();
    if (!run || run.dryRun) return;
    if (existsSync(join(run.reportDir, REPORT_JSON))) writeReportViews(run.reportDir);
  }
}
