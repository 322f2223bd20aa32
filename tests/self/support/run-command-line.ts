/**
 * Runs the command line (bin/sahara-conformance.cjs, what npx and `npm run conformance` start)
 * in a child process with only the configuration given, and collects its exit code, output
 * and the report folder.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../../../reporters/report-model';
import { isolatedEnvironment } from './run-suite';

export const ROOT = join(__dirname, '..', '..', '..');
export const COMMAND = join(ROOT, 'bin', 'sahara-conformance.cjs');

export interface CommandLineRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  reportDir: string;
  report?: ConformanceReport;
}

/** Broken mocks never finish deleting: keep the waits short so a run takes seconds. */
export const SHORT_WAITS = { CONFORMANCE_DELETE_TIMEOUT_MS: '1500', CONFORMANCE_LONG_DELETE_TIMEOUT_MS: '3000' };

export function run(executable: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

/**
 * `sahara-conformance ...args` with the target's environment; a fresh report folder unless the
 * arguments name one. `viaNpm` starts it the README's way, `npm run conformance -- ...args`.
 */
export async function runCommandLine(args: string[], target: Record<string, string> = {}, options: { viaNpm?: boolean } = {}): Promise<CommandLineRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
  const fullArgs = args.includes('--report-dir') ? args : [...args, '--report-dir', reportDir];
  const env = isolatedEnvironment(target);
  const result = options.viaNpm
    ? await run('npm', ['run', 'conformance', '--', ...fullArgs], env)
    : await run(COMMAND, fullArgs, env); // the file itself, through its shebang, as npx runs it
  const dir = fullArgs[fullArgs.indexOf('--report-dir') + 1]!;
  const reportFile = join(dir, 'report.json');
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport) : undefined;
  return { ...result, reportDir: dir, report };
}

export function lastLines(text: string, count: number): string[] {
  return text.trimEnd().split('\n').slice(-count);
}
