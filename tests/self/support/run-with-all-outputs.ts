/**
 * The conformance suite with every output it can leave - our reports, Playwright's HTML report,
 * test-results/ (error contexts) and the console - all under one folder, for secret scans.
 */
import { join } from 'node:path';
import { SHORT_WAITS } from './run-command-line';
import { isolatedEnvironment, runPlaywright } from './run-suite';

export const OUTPUT_FOLDERS = ['conformance-report', 'test-results', 'playwright-report'];

export function runWithAllOutputs(target: Record<string, string>, dir: string, extraArgs: string[] = []): Promise<{ exitCode: number; output: string }> {
  const reporters = ['list', './reporters/json-report-reporter.ts', './reporters/report-views-reporter.ts', 'html'].join(',');
  const env = isolatedEnvironment({
    ...SHORT_WAITS,
    ...target,
    CONFORMANCE_REPORT_DIR: join(dir, 'conformance-report'),
    PLAYWRIGHT_HTML_OUTPUT_DIR: join(dir, 'playwright-report'),
    PLAYWRIGHT_HTML_OPEN: 'never',
  });
  return runPlaywright(['test', '--project=conformance', `--reporter=${reporters}`, `--output=${join(dir, 'test-results')}`, ...extraArgs], env);
}
