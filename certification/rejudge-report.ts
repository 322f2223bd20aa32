/**
 * A certification bundle's report.json judged again, from the checks it lists, with the
 * catalogue the bundle carries: a report whose verdict, requirement outcomes or counts do not
 * follow from its own checks was edited (or written by something else than this suite). Each
 * problem is one line.
 */
import { PROFILE_NAMES, type ProfileName } from '../lib/profiles';
import type { Catalogue } from '../lib/requirements';
import type { ConformanceReport } from '../reporters/report-model';
import { judgeRequirements, type Outcome, type RequirementCheck } from '../reporters/verdict';

/** The run guard's checks are listed among a requirement's tests; they are derived again from report.runGuard. */
const RUN_GUARD_TEST_ID = 'run-guard';

function checksIn(report: ConformanceReport): Map<string, RequirementCheck[]> {
  const checks = new Map<string, RequirementCheck[]>();
  for (const requirement of report.requirements ?? []) {
    const listed = (requirement.tests ?? []).filter((t) => t.testId !== RUN_GUARD_TEST_ID);
    checks.set(requirement.id, listed.map((t) => ({ testId: t.testId, title: t.title, outcome: t.outcome, reason: t.reason, durationMs: t.durationMs })));
  }
  return checks;
}

export function rejudgeReport(report: ConformanceReport, catalogue: Catalogue): string[] {
  const problems: string[] = [];
  const profile = PROFILE_NAMES.find((p) => p === report.profile) as ProfileName | undefined;
  if (!profile) return [`report.json names profile ${JSON.stringify(report.profile)}, not one of ${PROFILE_NAMES.join(', ')}`];
  if (report.shard) problems.push(`report.json is one shard's (${report.shard.current}/${report.shard.total}): it judges only its share of the tests; bundle the merged report`);
  const listed = new Map<string, number>();
  for (const r of report.requirements ?? []) listed.set(r.id, (listed.get(r.id) ?? 0) + 1);
  for (const r of catalogue.requirements) {
    if (!listed.has(r.id)) problems.push(`requirement ${r.id} of catalogue ${catalogue.version} is missing from report.json`);
    else if (listed.get(r.id)! > 1) problems.push(`requirement ${r.id} appears ${listed.get(r.id)} times in report.json`);
  }
  for (const id of listed.keys()) if (!catalogue.byId.has(id)) problems.push(`report.json lists ${id}, which catalogue ${catalogue.version} does not have`);
  const judged = judgeRequirements(catalogue, profile, checksIn(report), report.runGuard);
  for (const mine of judged.requirements) {
    const theirs = report.requirements?.find((r) => r.id === mine.id);
    if (!theirs) continue;
    if (theirs.level !== mine.level) problems.push(`${mine.id} is ${theirs.level} in report.json but ${mine.level} in catalogue ${catalogue.version}`);
    if (theirs.outcome !== mine.outcome) problems.push(`${mine.id} says ${theirs.outcome}, but its checks give ${mine.outcome}${mine.reason ? ` (${mine.reason})` : ''}`);
  }
  if (report.verdict !== judged.verdict) problems.push(`report.json says ${report.verdict}, but its requirements give ${judged.verdict}`);
  const counted: Record<Outcome, number> = { passed: 0, failed: 0, skipped: 0, inconclusive: 0 };
  for (const r of judged.requirements) counted[r.outcome] += 1;
  for (const outcome of Object.keys(counted) as Outcome[]) {
    if (report.summary?.[outcome] !== counted[outcome]) problems.push(`report.json counts ${report.summary?.[outcome]} ${outcome}, its requirements ${counted[outcome]}`);
  }
  return problems;
}
