/**
 * The proof of the suite's verdicts (issue 5): the conformance suite, run against the mock once
 * per catalogued defect and once per conformant variant, fails every defect on the requirement it
 * violates and accepts every variant; every MUST requirement is guarded by a defect; in CI a
 * second run of the whole matrix gives the same verdicts. Its duration is printed against the
 * 3-minute budget, not asserted (figures, not timed tests).
 * Prints the matrix with its kill rate and false-failure rate. See docs/verdict-accuracy.md, "The
 * verdict matrix".
 */
import { expect, test } from '@playwright/test';
import { loadCatalogue } from '../../lib/requirements';
import { matrixCases } from './matrix/matrix-cases';
import { formatMatrix, judgeMatrix, verdictFingerprints } from './matrix/matrix-judgement';
import { runVerdictMatrix, type MatrixRun } from './matrix/run-matrix';

/** Issue 5: the whole matrix in under 3 minutes on a 2-core machine. */
const MATRIX_BUDGET_MS = 180_000;
/**
 * Past this a run is stopped; until then an overrun still yields the matrix and its measured time.
 * Generous on purpose: the budget is printed, never asserted, and with both cores busy (other test
 * runs beside it) the matrix has taken 540 s - three budgets stopped it with no verdict at all.
 */
const MATRIX_DEADLINE_MS = 8 * MATRIX_BUDGET_MS;

const cases = matrixCases();
let firstRun: MatrixRun | undefined;

// One worker, in this order: the later tests read the first run.
test.describe.configure({ mode: 'serial' });

test('every defect is failed on the requirement it violates, and every conformant variant is judged CONFORMANT', async ({}, testInfo) => {
  test.setTimeout(MATRIX_DEADLINE_MS + 30_000);
  firstRun = await runVerdictMatrix(cases, MATRIX_DEADLINE_MS);
  const judgement = judgeMatrix(cases, firstRun.results, loadCatalogue());
  const table = formatMatrix(judgement, firstRun.durationMs);
  process.stdout.write(`${table}\n`);
  await testInfo.attach('verdict-matrix', { body: table, contentType: 'text/plain' });
  // Speed is measured and printed, not asserted: a timed test would judge the machine's load.
  process.stdout.write(`verdict matrix: ${cases.length} cases in ${(firstRun.durationMs / 1000).toFixed(1)} s (budget ${MATRIX_BUDGET_MS / 1000} s${firstRun.durationMs > MATRIX_BUDGET_MS ? ', OVER BUDGET' : ''})\n`);
  expect(firstRun.results.size, `the matrix run produced results for ${firstRun.results.size} of ${cases.length} cases:\n${firstRun.output.slice(-2000)}`).toBe(cases.length);
  expect(judgement.cases.filter((j) => !j.ok).map((j) => `${j.matrixCase.name}: ${j.why}`), table).toEqual([]);
  expect(judgement.unguarded, 'MUST requirements that no defect breaks (checks that may never fail)').toEqual([]);
});

test('a second run of the matrix gives identical verdicts', async () => {
  test.skip(!process.env.CI, 'run in CI (CI=true, as .ci/run sets it): it repeats the whole matrix');
  test.setTimeout(MATRIX_DEADLINE_MS + 30_000);
  const secondRun = await runVerdictMatrix(cases, MATRIX_DEADLINE_MS);
  expect(verdictFingerprints(secondRun.results)).toEqual(verdictFingerprints(firstRun!.results));
});


