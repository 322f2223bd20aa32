/**
 * The configuration `sahara-conformance merge` hands to `playwright merge-reports`: the blob
 * reports of a sharded run's shards go through the same reporters as an unsharded run, so the
 * merged report.json (and its views, the console verdict) judge all the shards' tests at once.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  reporter: [
    ['./json-report-reporter.ts'],
    ['./report-views-reporter.ts'],
    ['./console-verdict-reporter.ts'],
    ['./plain-totals-reporter.ts'],
  ],
});
