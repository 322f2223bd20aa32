import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { runnerSettings, useReportDir } from './lib/config';
import { parseShard } from './lib/run-data/shards';

/**
 * Two projects: `conformance` (the checks of a target; `npm run conformance`) and `self` (the
 * suite's own tests, which also run the conformance suite against broken mocks; `npm test` runs
 * both). No browser is needed: requests go over the suite's own HTTP client (lib/transport) or raw sockets.
 */
/**
 * `npm test` is the suite's own test run: its reports and Playwright's output go to a temporary
 * folder (named on its last lines), never over a user's ./conformance-report or into the
 * repository. Set here, in the runner, before any worker starts: workers inherit the variable.
 */
const runner = runnerSettings();
const shard = parseShard(runner.shardText);
const reportDir = runner.reportDir ?? (runner.selfTestRun ? mkdtempSync(join(tmpdir(), 'sahara-conformance-npm-test-')) : 'conformance-report');
if (runner.selfTestRun && !runner.reportDir) useReportDir(reportDir);

export default defineConfig({
  ...(runner.selfTestRun ? { outputDir: join(reportDir, 'test-results') } : {}),
  globalSetup: require.resolve('./lib/run/global-setup'),
  forbidOnly: runner.ci,
  // A retry could turn a real defect into a pass; verdicts must come from one attempt.
  retries: 0,
  // CONFORMANCE_WORKERS, else lib/config defaultWorkers().
  workers: runner.workers,
  fullyParallel: true,
  timeout: 60_000,
  // The whole run's deadline (0: none); tests still running then are stopped and cleaned up.
  globalTimeout: runner.deadlineMs,
  reporter: [
    ['list'],
    ['./reporters/json-report-reporter.ts'],
    // Renders report.json (written just before) as report.html, report.md, junit.xml, badge.svg.
    ['./reporters/report-views-reporter.ts'],
    ['./reporters/console-verdict-reporter.ts'],
    ['./reporters/plain-totals-reporter.ts'],
    // One shard of a sharded run (sahara-conformance --shard i/n) also writes Playwright's blob
    // report into its report folder, which `sahara-conformance merge` turns into one verdict.
    ...(shard ? [['blob', { outputDir: join(reportDir, 'blob'), fileName: `shard-${shard.current}-of-${shard.total}.zip` }] as const] : []),
  ],
  use: { trace: 'off' },
  projects: [
    { name: 'conformance', testDir: './tests/conformance' },
    { name: 'self', testDir: './tests/self', timeout: 180_000 },
  ],
});
