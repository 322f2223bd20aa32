/**
 * The harness every conformance test opts into: Playwright fixtures for the target client, the
 * second tenant, the fixture factory with cleanup; `conformance`, the one way a conformance
 * test is declared; and `verify`, which runs one requirement's check and records its outcome as
 * an annotation that the reporters read.
 *
 * Outcomes: a MUST failure fails the test; a SHOULD/MAY failure is recorded as a finding and the
 * test goes on; a requirement the profile does not have is skipped with that reason; a missing
 * precondition (fixture, second tenant) skips the test with the reason and the target's answer.
 */
import { test as base, type TestInfo } from '@playwright/test';
import { loadSuiteConfig, type SuiteConfig } from './config';
import { loadContract, type Contract } from './contract/contract';
import { AmbiguousOutcome, NotConfigured, PreconditionFailed, SuiteDataError } from './errors';
import {
  declarationAnnotations,
  findingAnnotation,
  hasFinding,
  leakAnnotation,
  measurementAnnotation,
  outcomeAnnotation,
  serverHeadersAnnotation,
  skipKindAnnotation,
  transportNoiseAnnotation,
  type Annotation,
  type SkipKind,
} from './outcome-protocol';
import { reportedMessage } from './failure-message';
import { appliesTo, loadCatalogue, requirementById, type Expectation } from './requirements';
import { ExchangeLog } from './client/exchange-log';
import { planFileSink, recordPlannedSkip, type PlanSink } from './client/request-plan';
import { JobExecutionApi } from './client/job-execution-api';
import { OwnershipRegistry } from './client/ownership';
import { RunLedger } from './run-data/run-ledger';
import { requireRunContext, runContext } from './run/run-context';
import { useSharedSuiteData } from './suite-data';
import { serverHeadersIn } from './server-identity';
import { JobExecutionFactory } from './target-fixtures/job-execution-factory';
import { HttpTransport } from './transport/http-transport';
import { gateConsoleOutput, gateWorkerMessages, redactError } from './run/output-gate';

// Everything this worker tells the runner, and prints, passes redaction (lib/run/output-gate).
gateWorkerMessages();
gateConsoleOutput();

export type Verify = (requirementId: string, check: (expected: Expectation) => Promise<void> | void) => Promise<void>;

/** Options a Playwright config may set per project. */
export interface ConformanceOptions {
  /**
   * The target's configuration as CONFORMANCE_* variables. Unset: the run context's, which global
   * setup resolved. The verdict matrix (tests/self/matrix) gives each project its own target this way.
   */
  targetEnvironment: Record<string, string | undefined> | undefined;
  /**
   * Keep the worker process after a failed test, by marking the failure as expected once it has
   * happened. Playwright restarts the worker after every failed test; in the verdict matrix, where
   * failing is the point, those restarts were half of its CPU time. Outcomes are unaffected: they
   * are read from the annotations and the actual status.
   */
  keepWorkerAfterFailure: boolean;
}

interface WorkerFixtures extends ConformanceOptions {
  suiteConfig: SuiteConfig;
  contract: Contract;
  http: HttpTransport;
  untraced: void;
}

interface AutoFixtures {
  workerKeeper: void;
  redactedErrors: void;
}

interface TestFixtures {
  ownership: OwnershipRegistry;
  exchangeLog: ExchangeLog;
  api: JobExecutionApi;
  /** The client of the second tenant, or undefined when none is configured. */
  otherTenantApi: JobExecutionApi | undefined;
  jobExecutions: JobExecutionFactory;
}

// The contract and catalogue as global setup parsed them, read once here instead of parsed again.
useSharedSuiteData(runContext()?.suiteDataFile);
const catalogue = loadCatalogue();

function suiteConfigOfThisRun(): SuiteConfig {
  const suite = requireRunContext().suite;
  if (!suite) throw new Error('the run context carries no configuration to test with');
  return suite;
}

function annotate(testInfo: TestInfo, annotation: Annotation): void {
  testInfo.annotations.push(annotation);
}

/**
 * Why a test that needs what the configuration lacks is skipped: "not configured: ..." - or, in a
 * dry run, whose stand-in is given only what the configuration gives, "would need ...": a dry run
 * must never show such a test as if it would pass.
 */
function notConfiguredReason(what: string): string {
  return runContext()?.dryRun ? `would need ${what}` : `not configured: ${what}`;
}

/** Skips the test as not configured; a dry run also lists it, with what it would need, beside its planned requests. */
function skipNotConfigured(testInfo: TestInfo, condition: boolean, what: string): void {
  const planFile = runContext()?.planFile;
  if (condition && runContext()?.dryRun && planFile) recordPlannedSkip(planFile, testInfo.title, what);
  skipTest(testInfo, condition, 'not-configured', notConfiguredReason(what));
}

/** Where a dry run plans this test's requests (lib/client/request-plan); nowhere outside a dry run. */
function planOf(testInfo: TestInfo): PlanSink | undefined {
  const file = runContext()?.planFile;
  return file ? planFileSink(file, testInfo.title) : undefined;
}

/** The run's ledger, which global setup names in the run context; none in a process no run started. */
function ledgerOfThisRun(): RunLedger | undefined {
  const file = runContext()?.ledgerFile;
  return file ? new RunLedger(file) : undefined;
}

/** Skips the test when `condition` holds, recording why as a kind the reports read (lib/outcome-protocol). */
function skipTest(testInfo: TestInfo, condition: boolean, kind: SkipKind, reason: string): void {
  if (condition) annotate(testInfo, skipKindAnnotation(kind));
  testInfo.skip(condition, reason);
}

/** An error as the reports carry it, in the suite's words (lib/failure-message). */
const firstLine = reportedMessage;

/** `verify` for one test: `declared` are the requirements its metadata names (kept in the closure, not read back from annotations). */
function makeVerify(suiteConfig: SuiteConfig, testInfo: TestInfo, log: ExchangeLog, declared: readonly string[]): Verify {
  return async (requirementId, check) => {
    const requirement = requirementById(catalogue, requirementId);
    if (!declared.includes(requirementId)) throw new Error(`this test verifies ${requirementId} but does not declare it in its requirements`);
    if (!appliesTo(requirement, suiteConfig.profile)) {
      annotate(testInfo, outcomeAnnotation({ id: requirementId, outcome: 'skipped', skipKind: 'not-applicable', message: `not applicable to profile ${suiteConfig.profile}` }));
      return;
    }
    const expected = requirement.expected[suiteConfig.profile];
    // A check that takes the expected answer, for a requirement the catalogue gives none: a catalogue mistake, never a pass.
    if (check.length > 0 && !expected) throw new SuiteDataError(`${requirementId} has no expected answer for profile ${suiteConfig.profile} in spec/requirements.yaml, but its check compares with one`);
    try {
      await base.step(`${requirementId} (${requirement.level}): ${requirement.title}`, async () => check(expected!));
      annotate(testInfo, outcomeAnnotation({ id: requirementId, outcome: 'passed' }));
    } catch (error) {
      if (error instanceof PreconditionFailed) throw error;
      if (error instanceof AmbiguousOutcome) {
        // Neither passed nor failed: the answer could not be observed (the test still goes red).
        annotate(testInfo, outcomeAnnotation({ id: requirementId, outcome: 'inconclusive', message: firstLine(error), exchangesBefore: log.records.length }));
        throw error;
      }
      annotate(testInfo, outcomeAnnotation({ id: requirementId, outcome: 'failed', message: firstLine(error), exchangesBefore: log.records.length }));
      if (requirement.level === 'MUST') throw error;
      annotate(testInfo, findingAnnotation({ requirement: requirementId, level: requirement.level, message: firstLine(error) }));
    }
  };
}

export const test = base.extend<TestFixtures & AutoFixtures, WorkerFixtures>({
  targetEnvironment: [undefined, { scope: 'worker', option: true }],
  keepWorkerAfterFailure: [false, { scope: 'worker', option: true }],
  workerKeeper: [
    async ({ keepWorkerAfterFailure }, use, testInfo) => {
      await use();
      if (keepWorkerAfterFailure && testInfo.status === 'failed') testInfo.fail();
    },
    { auto: true },
  ],
  // A test's errors are printed, reported and written to error-context.md after this teardown
  // (Playwright's own fixtures finish later): redacted here, none of those carries a secret.
  redactedErrors: [
    async ({}, use, testInfo) => {
      await use();
      for (const error of testInfo.errors) redactError(error);
    },
    { auto: true },
  ],
  // Playwright's traces record every request's headers, the token included, and cannot be
  // redacted: a conformance test refuses to run traced (--trace on) rather than leak the token.
  untraced: [
    async ({ trace }, use) => {
      const mode = typeof trace === 'string' ? trace : trace.mode;
      if (mode !== 'off') throw new Error(`conformance tests are never traced (trace "${mode}"): a Playwright trace would record the auth token`);
      await use();
    },
    { scope: 'worker', auto: true },
  ],
  // The run context's configuration, resolved once by global setup; a project of its own target (the verdict matrix) loads its own.
  suiteConfig: [async ({ targetEnvironment }, use) => use(targetEnvironment ? loadSuiteConfig(targetEnvironment) : suiteConfigOfThisRun()), { scope: 'worker' }],
  contract: [async ({ suiteConfig }, use) => use(loadContract(suiteConfig.profile)), { scope: 'worker' }],
  http: [
    async ({ suiteConfig }, use) => {
      const transport = new HttpTransport(suiteConfig.baseUrl, suiteConfig.connection);
      await use(transport);
      transport.close();
    },
    { scope: 'worker' },
  ],
  ownership: async ({}, use) => use(new OwnershipRegistry()),
  exchangeLog: async ({}, use, testInfo) => {
    const log = new ExchangeLog();
    await use(log);
    if (log.noise.retries > 0 || log.noise.resends > 0) annotate(testInfo, transportNoiseAnnotation(log.noise));
    // What the answers say about the server software, for the report's target section.
    const serverHeaders = serverHeadersIn(log.records);
    if (serverHeaders.length > 0) annotate(testInfo, serverHeadersAnnotation(serverHeaders));
    if ((testInfo.status !== testInfo.expectedStatus || hasFinding(testInfo.annotations)) && log.records.length > 0) {
      await testInfo.attach('evidence', { body: JSON.stringify(log.records, null, 2), contentType: 'application/json' });
    }
  },
  api: async ({ http, suiteConfig, contract, exchangeLog, ownership }, use, testInfo) => {
    await use(new JobExecutionApi({ http, config: suiteConfig, contract, tenant: suiteConfig.primary, log: exchangeLog, ownership, otherProjectToken: suiteConfig.other?.token, ledger: ledgerOfThisRun(), plan: planOf(testInfo) }));
  },
  otherTenantApi: async ({ http, suiteConfig, contract, exchangeLog, ownership }, use, testInfo) => {
    const other = suiteConfig.other;
    await use(other ? new JobExecutionApi({ http, config: suiteConfig, contract, tenant: other, log: exchangeLog, ownership, otherProjectToken: suiteConfig.primary.token, plan: planOf(testInfo) }) : undefined);
  },
  jobExecutions: async ({ api, suiteConfig, ownership }, use, testInfo) => {
    const factory = new JobExecutionFactory(api, suiteConfig, ownership, { ledger: ledgerOfThisRun(), dryRun: runContext()?.dryRun === true });
    await use(factory);
    const leftBehind = (await factory.cleanup()).filter((o) => o.result === 'left-behind');
    for (const o of leftBehind) annotate(testInfo, leakAnnotation(`${o.id}: ${o.detail ?? 'still exists'}`));
  },
});

export interface ConformanceTestMeta {
  /** Stable across renames, so results stay comparable between releases. */
  id: string;
  /** The requirements the test is about; it is skipped when none applies to the profile. */
  requirements: string[];
  /** Requirements it checks on the side (e.g. the JSON error body), which alone do not make it run. */
  alsoChecks?: string[];
  /** Needs a second tenant (CONFORMANCE_OTHER_*). */
  needsOtherTenant?: boolean;
  /** Waits up to the long deletion deadline (CONFORMANCE_LONG_DELETE_TIMEOUT_MS): tagged @long, and its timeout follows that deadline. */
  long?: boolean;
}

/** What a conformance test's body receives: the harness's fixtures and `verify`. */
export type ConformanceFixtures = TestFixtures & { suiteConfig: SuiteConfig; verify: Verify };

type TestDetails = { tag: string[]; annotation: Annotation[] };
type TestBody = (fixtures: TestFixtures & WorkerFixtures, testInfo: TestInfo) => Promise<void>;

/**
 * A conformance test's details and body, for Playwright's `test` (called in the spec file, so the
 * test keeps its own file and line): `test(title, ...conformance(meta, body))`. The stable id and
 * the requirements travel as annotations (for the reporters) and tags (for --grep @JEX-DEL-001),
 * and stay in this closure for the checks made at run time. The test is skipped when none of its
 * requirements applies to the profile or it needs a second tenant that is not configured; a
 * failed precondition becomes a skip that carries the target's answer.
 */
export function conformance(meta: ConformanceTestMeta, body: (fixtures: ConformanceFixtures) => Promise<void>): [TestDetails, TestBody] {
  const declared = [...meta.requirements, ...(meta.alsoChecks ?? [])];
  for (const id of declared) requirementById(catalogue, id);
  const details = {
    tag: [...declared.map((id) => `@${id}`), ...(meta.long ? ['@long'] : [])],
    annotation: declarationAnnotations({ testId: meta.id, requirements: declared, primary: meta.requirements, needsOtherTenant: meta.needsOtherTenant === true }),
  };
  const run: TestBody = async ({ suiteConfig, ownership, exchangeLog, api, otherTenantApi, jobExecutions }, testInfo) => {
    const profile = suiteConfig.profile;
    if (meta.long) testInfo.setTimeout(suiteConfig.longDeleteTimeoutMs + 60_000);
    skipTest(
      testInfo,
      !meta.requirements.some((id) => appliesTo(requirementById(catalogue, id), profile)),
      'not-applicable',
      `not applicable: ${meta.requirements.join(', ')} do not apply to profile ${profile}`,
    );
    skipNotConfigured(testInfo, meta.needsOtherTenant === true && !suiteConfig.other, 'a second project (CONFORMANCE_OTHER_OS_CLOUD, or CONFORMANCE_OTHER_PROJECT_ID and CONFORMANCE_OTHER_AUTH_TOKEN)');
    const verify = makeVerify(suiteConfig, testInfo, exchangeLog, declared);
    try {
      await body({ suiteConfig, ownership, exchangeLog, api, otherTenantApi, jobExecutions, verify });
    } catch (error) {
      if (!(error instanceof PreconditionFailed)) throw error;
      if (error instanceof NotConfigured) skipNotConfigured(testInfo, true, firstLine(error));
      skipTest(testInfo, true, 'precondition-failed', `precondition failed: ${firstLine(error)}`);
    }
  };
  return [details, run];
}

/** A figure worth reporting (e.g. how long a deletion took), carried as an annotation. */
export function recordMeasurement(description: string): void {
  test.info().annotations.push(measurementAnnotation(description));
}
