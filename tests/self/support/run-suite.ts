/**
 * Runs the conformance suite in a child Playwright process against a given target, the way a
 * user would, and returns its exit code, output and report.json. The child sees only the
 * configuration given here: the parent's CONFORMANCE_* variables and any .env are kept out.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentWithoutSuiteSettings } from '../../../lib/config';

const ROOT = join(__dirname, '..', '..', '..');
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');

export interface SuiteRun {
  exitCode: number;
  output: string;
  reportDir: string;
  report?: {
    verdict: string;
    profile: string;
    requirements: { id: string; level: string; outcome: string; reason?: string }[];
    findings: string[];
  };
}

export function isolatedEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { TEST_WORKER_INDEX: _worker, TEST_PARALLEL_INDEX: _parallel, ...env } = environmentWithoutSuiteSettings();
  return { ...env, CONFORMANCE_ENV_FILE: '/dev/null', CONFORMANCE_WORKERS: '2', FORCE_COLOR: '0', ...extra };
}

export function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ exitCode: code ?? -1, output }));
  });
}

export async function runConformanceSuite(target: Record<string, string>, extraArgs: string[] = []): Promise<SuiteRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'conformance-run-'));
  const env = isolatedEnvironment({ ...target, CONFORMANCE_REPORT_DIR: reportDir });
  const { exitCode, output } = await runPlaywright(['test', '--project=conformance', '--reporter=./reporters/json-report-reporter.ts,./reporters/console-verdict-reporter.ts', ...extraArgs], env);
  const reportFile = join(reportDir, 'report.json');
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
  return { exitCode, output, reportDir, report };
}

export function failedRequirements(run: SuiteRun): string[] {
  return (run.report?.requirements ?? []).filter((r) => r.outcome === 'failed').map((r) => r.id);
}
