/**
 * Runs the conformance suite against the independent server (correct, or with one bug) and prints
 * the verdict and the failed requirement ids. `npx tsx tests/self/independent/score.ts [case ...]`
 * where a case is `correct`, `correct-sahara-401` or a bug name; no case: all of them, in turn.
 */
import { runConformanceSuite, failedRequirements } from '../support/run-suite';
import { BUG_NAMES, BugName, startIndependentServer } from './independent-sahara';
// The matrix's loopback timings and pinned seed: the same judge as the mock's defects get.
import { MATRIX_SUITE_ENVIRONMENT } from '../matrix/matrix-cases';

async function runCase(name: string): Promise<void> {
  const bug = (BUG_NAMES as readonly string[]).includes(name) ? (name as BugName) : undefined;
  const server = await startIndependentServer(bug, name === 'correct-sahara-401' ? { authErrorStyle: 'sahara' } : {});
  const started = Date.now();
  try {
    const run = await runConformanceSuite({ ...server.suiteEnvironment, ...MATRIX_SUITE_ENVIRONMENT });
    const report = run.report;
    const failed = failedRequirements(run);
    const findings = (report?.requirements ?? []).filter((r) => r.outcome === 'finding').map((r) => r.id);
    const other = (report?.requirements ?? []).filter((r) => !['passed', 'failed', 'finding'].includes(r.outcome)).map((r) => `${r.id}:${r.outcome}${r.reason ? `(${r.reason})` : ''}`);
    console.log(`${name.padEnd(40)} ${((Date.now() - started) / 1000).toFixed(1)}s exit=${run.exitCode} ${report?.verdict ?? 'NO REPORT'} failed=[${failed.join(' ')}] findings=[${findings.join(' ')}] other=[${other.join(' ')}] report=${run.reportDir}`);
    if (!report || process.env.VERBOSE) console.log(run.output.slice(-6000));
  } finally {
    await server.close();
  }
}

async function mainCli(): Promise<void> {
  const cases = process.argv.slice(2);
  for (const name of cases.length ? cases : ['correct', ...BUG_NAMES]) await runCase(name);
}

if (require.main === module) mainCli().catch((error) => {
  console.error(error);
  process.exit(1);
});
