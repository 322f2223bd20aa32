/**
 * From the run's test results to report.json: the verdict and per-requirement outcomes come from
 * ./verdict (the one place that judges); this adds identity, durations, evidence, reproduction
 * lines and structured findings.
 */
import { join, relative } from 'node:path';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { annotationsOfRun, declarationIn, describeFinding, findingsIn, outcomesIn, serverHeadersSeenIn, type FindingRecord } from '../lib/outcome-protocol';
import { EMBEDDED_MOCK_NAME, targetUrlText } from '../lib/deployment-url';
import type { ProfileName } from '../lib/profiles';
import type { Catalogue } from '../lib/requirements';
import type { RunGuardReport } from '../lib/run-data/run-guard-report';
import type { Shard } from '../lib/run-data/shards';
import { mergeServerHeaders, type ServerHeaderSeen } from '../lib/server-identity';
import { evidenceOf } from './evidence';
import type { ConformanceReport, Evidence, Finding, RequirementReport } from './report-model';
import { curlCommand } from './reproduction';
import { suiteIdentity } from './suite-identity';
import { computeVerdict, type Outcome } from './verdict';

export interface RunFacts {
  catalogue: Catalogue;
  profile: ProfileName;
  results: { test: TestCase; result: TestResult }[];
  runId: string;
  /** CONFORMANCE_BASE_URL as configured (a catalogue form is reported as its service root). */
  baseUrl: URL;
  embeddedMock: boolean;
  startedAt: Date;
  finishedAt: Date;
  runnerStatus: string;
  runGuard?: RunGuardReport;
  shard?: Shard;
  /** The seed and count of the run's generated ids (lib/config generatedIds). */
  generatedIds?: { seed: number; runs: number };
}

const ROOT = join(__dirname, '..');

/** Where in the test's exchanges the requirement's check failed (lib/conformance-test verify). */
function exchangesBeforeFailure(entry: { test: TestCase; result: TestResult }, requirementId: string): number | undefined {
  const records = outcomesIn(annotationsOfRun(entry.test, entry.result));
  return records.find((o) => o.id === requirementId && o.outcome !== 'passed' && o.outcome !== 'skipped')?.exchangesBefore;
}

function findingOf(record: FindingRecord, testTitle: string): Finding {
  const text = describeFinding(record);
  return { requirement: record.requirement, level: record.level, message: record.message, test: testTitle, text: `${text} [${testTitle}]` };
}

/** What a run certified, as the console and every report name it: the embedded mock, or the target's URL. */
export function certifiedTargetName(embeddedMock: boolean, baseUrl: URL): string {
  return embeddedMock ? EMBEDDED_MOCK_NAME : targetUrlText(baseUrl);
}

export function buildReport(facts: RunFacts): ConformanceReport {
  const run = computeVerdict(facts.catalogue, facts.profile, facts.results, facts.runGuard);
  const byStableId = new Map(facts.results.map((r) => [declarationIn(annotationsOfRun(r.test, r.result))?.testId || r.test.id, r]));
  const baseUrl = targetUrlText(facts.baseUrl);

  const requirements: RequirementReport[] = run.requirements.map((r) => {
    const requirement = facts.catalogue.byId.get(r.id)!;
    // Per test, the report keeps the outcome and its reason; the kind is the requirement's.
    const tests = r.checks.map(({ skipKind: _kind, ...check }) => {
      const found = byStableId.get(check.testId);
      return { ...check, file: found ? relative(ROOT, found.test.location.file) : '' };
    });
    // Evidence wherever the requirement did not pass or skip in a test: failures and findings.
    const evidence = r.checks
      .filter((c) => c.outcome === 'failed' || c.outcome === 'inconclusive')
      .map((c) => {
        const found = byStableId.get(c.testId);
        return found ? evidenceOf(c.testId, c.title, found.result, c.reason, exchangesBeforeFailure(found, r.id)) : undefined;
      })
      .filter((e): e is Evidence => e !== undefined);
    const judged = evidence.find((e) => e.judgedExchange !== undefined);
    return {
      id: r.id,
      level: r.level,
      title: r.title,
      statement: r.statement,
      source: r.source,
      profiles: requirement.profiles,
      expected: requirement.expected[facts.profile],
      applicable: r.applicable,
      outcome: r.outcome,
      reason: r.reason,
      skipKind: r.outcome === 'skipped' ? r.skipKind ?? 'other' : undefined,
      tests,
      durationMs: tests.reduce((sum, t) => sum + t.durationMs, 0),
      evidence,
      reproduction: r.outcome !== 'passed' && judged ? curlCommand(baseUrl, judged.exchanges[judged.judgedExchange!]!) : undefined,
    };
  });

  const findings: Finding[] = [];
  const serverHeaders: ServerHeaderSeen[][] = [];
  for (const entry of facts.results) {
    const annotations = annotationsOfRun(entry.test, entry.result);
    findings.push(...findingsIn(annotations).map((f) => findingOf(f, entry.test.title)));
    serverHeaders.push(...serverHeadersSeenIn<ServerHeaderSeen>(annotations));
  }
  const summary: Record<Outcome, number> = { passed: 0, failed: 0, skipped: 0, inconclusive: 0 };
  for (const r of requirements) summary[r.outcome]++;

  return {
    reportFormat: '1',
    suite: suiteIdentity(facts.catalogue),
    runId: facts.runId,
    profile: facts.profile,
    target: { name: certifiedTargetName(facts.embeddedMock, facts.baseUrl), baseUrl, embeddedMock: facts.embeddedMock, serverHeaders: mergeServerHeaders(serverHeaders) },
    startedAt: facts.startedAt.toISOString(),
    finishedAt: facts.finishedAt.toISOString(),
    durationMs: facts.finishedAt.getTime() - facts.startedAt.getTime(),
    runnerStatus: facts.runnerStatus,
    verdict: run.verdict,
    summary,
    requirements,
    findings,
    measurements: run.measurements,
    leaks: run.leaks,
    transportNoise: run.transportNoise,
    ...(facts.generatedIds ? { generatedIds: facts.generatedIds } : {}),
    runGuard: facts.runGuard,
    ...(facts.shard ? { shard: facts.shard } : {}),
  };
}
