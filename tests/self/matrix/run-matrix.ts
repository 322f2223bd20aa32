/**
 * Runs the verdict matrix: starts one mock per case in this process, runs the conformance suite
 * against all of them in one child Playwright run (matrix.config.ts), and returns each case's
 * verdict. The child sees only the configuration given here (see support/run-suite.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEnvironment } from '../../../mock/seed';
import { startMockServer, type RunningMock } from '../../../mock/server';
import { isolatedEnvironment } from '../support/run-suite';
import type { MatrixCase } from './matrix-cases';
import type { MatrixCaseResult } from './matrix-reporter';

export interface MatrixRun {
  results: Map<string, MatrixCaseResult>;
  /** Wall-clock time of the whole matrix, mocks included. */
  durationMs: number;
  /** The child run's output, for when it ends without results. */
  output: string;
}

const ROOT = join(__dirname, '..', '..', '..');
const PLAYWRIGHT_CLI = require.resolve('@playwright/test/cli');

/** The child run, stopped (SIGTERM) if it outlives `deadlineMs`, so that it never outlives the test. */
function runMatrixChild(env: NodeJS.ProcessEnv, deadlineMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', '--config', 'tests/self/matrix/matrix.config.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: deadlineMs });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (_code, signal) => resolve(signal ? `${output}\n[matrix run stopped by ${signal} after ${deadlineMs} ms]` : output));
  });
}

export async function runVerdictMatrix(cases: MatrixCase[], deadlineMs: number): Promise<MatrixRun> {
  const started = performance.now();
  const mocks: RunningMock[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'verdict-matrix-'));
  try {
    const targets: Record<string, Record<string, string>> = {};
    // What a run's guard lists at its start, for the closing check the matrix makes (matrix-reporter.ts).
    const listedAtStart: Record<string, number> = {};
    for (const c of cases) {
      const mock = await startMockServer(c.mock);
      mocks.push(mock);
      targets[c.name] = { ...seedEnvironment(mock.baseUrl, mock.options.profile), ...c.suiteEnvironment };
      listedAtStart[c.name] = mock.store.list(targets[c.name]?.CONFORMANCE_PROJECT_ID ?? '').length;
    }
    const resultFile = join(dir, 'matrix.json');
    const env = isolatedEnvironment({
      CONFORMANCE_MATRIX_TARGETS: JSON.stringify(targets),
      CONFORMANCE_MATRIX_LISTED_AT_START: JSON.stringify(listedAtStart),
      CONFORMANCE_MATRIX_RESULT: resultFile,
      CONFORMANCE_MATRIX_OUTPUT: join(dir, 'output'),
    });
    const output = await runMatrixChild(env, Math.max(1, Math.round(deadlineMs - (performance.now() - started))));
    const list: MatrixCaseResult[] = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : [];
    return { results: new Map(list.map((r) => [r.name, r])), durationMs: Math.round(performance.now() - started), output };
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
