/**
 * The shape of report.json - the certification record every other view (HTML, Markdown, JUnit,
 * badge) is rendered from. reporters/report.schema.json describes the same shape for other
 * tools; a self-test keeps the two in step.
 */
import type { ExchangeRecord } from '../lib/client/exchange-log';
import type { Shard } from '../lib/run-data/shards';
import type { RunGuardReport } from '../lib/run-data/run-guard-report';
import type { ServerHeaderSeen } from '../lib/server-identity';
import type { Expectation, Level } from '../lib/requirements';
import type { Outcome, Verdict } from './verdict';

import type { SkipKind } from '../lib/outcome-protocol';
/** Why a requirement was skipped, as a machine can sort it (the text stays in `reason`). */
export type { SkipKind };

export interface SuiteIdentity {
  name: string;
  version: string;
  /** The git commit the suite was built from (lib/suite-version). */
  commit: string;
  /** The contract the run judged against, and its sha256, so a report names the exact spec text. */
  specFile: string;
  specSha256: string;
  catalogueVersion: string;
  playwrightVersion: string;
  /** sha256 by path of the contract, the catalogue, the profiles and every conformance test file: what a certification bundle is checked against. */
  files: Record<string, string>;
}

export interface TargetIdentity {
  /** What the run certified, as every view names it: "the embedded mock", or `baseUrl`. */
  name: string;
  /** The service root: scheme, host, port and path only (never credentials, a query or /v1.1/<project>). */
  baseUrl: string;
  /** True when no target was configured and the suite tested its own embedded mock. */
  embeddedMock: boolean;
  serverHeaders: ServerHeaderSeen[];
}

/** One request and its answer, redacted, as the test recorded it (lib/client/exchange-log). */
export interface EvidenceExchange extends ExchangeRecord {
  /** How many bytes followed the head on the wire (the bytes themselves are in bytesAfterHeadBase64). */
  bytesAfterHeadLength?: number;
}

export interface Evidence {
  testId: string;
  testTitle: string;
  /** Index in `exchanges` of the answer the failed check judged, when it could be told. */
  judgedExchange?: number;
  exchanges: EvidenceExchange[];
  /** Long polls are cut to their first and last exchanges; this many were left out between. */
  omittedExchanges: number;
}

export interface TestRecord {
  testId: string;
  title: string;
  file: string;
  outcome: Outcome;
  reason?: string;
  durationMs: number;
}

export interface RequirementReport {
  id: string;
  level: Level;
  title: string;
  statement: string;
  source: string;
  /** The profiles the requirement exists in, and what the run's profile expects (absent: not applicable). */
  profiles: string[];
  expected?: Expectation;
  applicable: boolean;
  outcome: Outcome;
  reason?: string;
  skipKind?: SkipKind;
  tests: TestRecord[];
  durationMs: number;
  evidence: Evidence[];
  /** A curl command line that sends the judged request again; the token is $TOKEN, or $OTHER_TOKEN for the second project's (./reproduction). */
  reproduction?: string;
}

export interface Finding {
  requirement?: string;
  level?: string;
  message: string;
  test: string;
  /** The finding as one line: "JEX-DEL-101 (SHOULD): ... [test title]". */
  text: string;
}

export interface ConformanceReport {
  reportFormat: '1';
  suite: SuiteIdentity;
  runId: string;
  profile: string;
  target: TargetIdentity;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Playwright's own status of the run (passed, failed, interrupted, timedout). */
  runnerStatus: string;
  verdict: Verdict;
  summary: Record<Outcome, number>;
  requirements: RequirementReport[];
  findings: Finding[];
  measurements: string[];
  leaks: string[];
  /** Requests the tests sent again because of transport noise: after a 429 / 503 "not now" (retries), on a fresh connection after a kept-alive one died (resends). */
  transportNoise?: { retries: number; resends: number };
  /** The generated ids of JEX-DEL-010: the seed that replays them (--seed) and how many were sent per run (--fuzz-runs). */
  generatedIds?: { seed: number; runs: number };
  /** The run's safety record (lib/run-data/run-guard-report): did the canary survive, what did the sweep remove. */
  runGuard?: RunGuardReport;
  /** Set in one shard's report (--shard i/n): its verdict covers only its share of the tests. */
  shard?: Shard;
}

