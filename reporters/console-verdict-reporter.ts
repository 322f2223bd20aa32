/**
 * Prints, after a run with conformance tests, each requirement's outcome, the findings and the
 * verdict, naming what was certified: the embedded mock or the target's URL (the run context says
 * which: lib/run/run-context).
 */
import { loadCatalogue } from '../lib/requirements';
import { CollectingReporter } from './run-results';
import { computeVerdict, type Outcome } from './verdict';
import { readRunGuardReport } from '../lib/run-data/run-guard-report';
import { runContext } from '../lib/run/run-context';
import { certifiedTargetName } from './build-report';
import { exchangesOf } from './evidence';
import { profileHint } from './profile-hint';

const MARK: Record<Outcome, string> = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', inconclusive: 'INCO' };

export default class ConsoleVerdictReporter extends CollectingReporter {

  printsToStdio(): boolean {
    return true;
  }


  onEnd(): void {
    const results = this.results.conformanceResults();
    const context = runContext();
    // A dry run's answers come from a stand-in: printing them as a verdict would mislead.
    if (results.length === 0 || !context || context.dryRun) return;
    const profile = context.profile;
    const run = computeVerdict(loadCatalogue(), profile, results, readRunGuardReport(context.reportDir, context.runId));
    const target = certifiedTargetName(context.target.kind === 'embedded-mock', context.target.baseUrl);
    const lines = ['', `Requirements (profile ${profile}):`];
    for (const r of run.requirements) {
      const why = r.outcome === 'passed' ? '' : ` - ${r.reason ?? ''}`;
      lines.push(`  ${MARK[r.outcome]} ${r.id.padEnd(13)} ${r.level.padEnd(6)} ${r.title}${why}`);
    }
    if (run.findings.length) lines.push('', 'Findings:', ...run.findings.map((f) => `  - ${f}`));
    if (run.measurements.length) lines.push('', 'Measurements:', ...run.measurements.map((m) => `  - ${m}`));
    if (run.leaks.length) lines.push('', `Leaked job executions: ${run.leaks.length}`, ...run.leaks.map((l) => `  - ${l}`));
    const failed = results.filter(({ result }) => result.status !== 'passed' && result.status !== 'skipped');
    const hint = profileHint(profile, failed.flatMap(({ result }) => exchangesOf(result)));
    if (hint) lines.push('', hint);
    lines.push('', `Verdict: ${run.verdict} for ${target}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
