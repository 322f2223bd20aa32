/**
 * Writes report.json, the certification record: suite and target identity, per-requirement
 * outcomes with evidence, findings and the verdict (shape: ./report-model, ./report.schema.json).
 * The other views are rendered from this file by ./report-views-reporter, which runs after it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullResult } from '@playwright/test/reporter';
import { isDryRun, readEnvironment } from '../lib/config';
import { redactText } from '../lib/redact';
import { loadCatalogue } from '../lib/requirements';
import { certifiesEmbeddedMock } from '../lib/run/embedded-mock';
import { readRunGuardReport } from '../lib/run/run-guard';
import { parseShard, SHARD_VARIABLE } from '../lib/run/shards';
import { buildReport } from './build-report';
import { reportDir } from './report-dir';
import { CollectingReporter, runProfile } from './run-results';

export const REPORT_JSON = 'report.json';

export default class JsonReportReporter extends CollectingReporter {
  private readonly startedAt = new Date();

  onEnd(result: FullResult): void {
    const results = this.results.conformanceResults();
    if (results.length === 0) return;
    const env = readEnvironment();
    // A dry run ran against a stand-in: there is nothing to certify.
    if (isDryRun(env)) return;
    const dir = reportDir();
    const report = buildReport({
      catalogue: loadCatalogue(),
      profile: runProfile(),
      results,
      runId: env.CONFORMANCE_RUN_ID ?? 'adhoc',
      baseUrl: new URL(env.CONFORMANCE_BASE_URL ?? 'http://embedded-mock.invalid'),
      embeddedMock: certifiesEmbeddedMock(env),
      startedAt: this.startedAt,
      finishedAt: new Date(),
      runnerStatus: result.status,
      runGuard: readRunGuardReport(dir, env.CONFORMANCE_RUN_ID),
      shard: parseShard(env[SHARD_VARIABLE]),
    });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, REPORT_JSON), redactText(JSON.stringify(report, null, 2)));
  }
}

