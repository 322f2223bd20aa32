/**
 * The verdict matrix as ONE Playwright run: one project per case, each running the whole
 * conformance suite against its own mock. Starting a Playwright process per case cost ~8 s of
 * start-up each; here the cases share one runner and differ only in the `targetEnvironment`
 * option (lib/conformance-test.ts). The mocks are started by the caller (run-matrix.ts), which
 * passes each case's suite environment in CONFORMANCE_MATRIX_TARGETS.
 *
 * `workers: 1` per project: a case's tests run one at a time against its mock, so one test's
 * side effects (a collateral deletion, say) can never reach another test's fixtures, and the
 * verdicts do not depend on scheduling.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import type { ConformanceOptions } from '../../../lib/conformance-test';

const targets = JSON.parse(process.env.CONFORMANCE_MATRIX_TARGETS ?? '{}') as Record<string, Record<string, string>>;

export default defineConfig<ConformanceOptions>({
  testDir: join(__dirname, '..', '..', 'conformance'),
  // Evidence of the defects' failures goes to the run's temporary directory, not into the tree.
  outputDir: process.env.CONFORMANCE_MATRIX_OUTPUT ?? join(tmpdir(), 'verdict-matrix-output'),
  // As in the main config: a retry could turn a real defect into a pass.
  retries: 0,
  // Four workers on two cores: a good part of each case is spent waiting (settle windows,
  // deadlines, slow answers), and the extra workers use the CPU meanwhile (measured: 4 beat 2 and 3).
  workers: Number(process.env.CONFORMANCE_MATRIX_WORKERS ?? 4),
  fullyParallel: true,
  timeout: 60_000,
  reporter: [['./matrix-reporter.ts']],
  // Defects make tests fail on purpose: keep each worker for its whole case instead of
  // restarting it after every failure (see keepWorkerAfterFailure).
  use: { trace: 'off', keepWorkerAfterFailure: true },
  projects: Object.entries(targets).map(([name, environment]) => ({ name, workers: 1, use: { targetEnvironment: environment } })),
});
