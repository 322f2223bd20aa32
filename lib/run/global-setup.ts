/**
 * Runs once before any test: fixes the run id, starts the embedded mock when nothing names a
 * target (and refuses to when something does but the base URL is missing), validates the
 * configuration, checks the target serves the API and creates the run's canary. Anything wrong
 * ends the run here with one line and exit code 3 - before a single test is reported. What it
 * certifies, with everything else the run resolved, reaches the workers and the reporters as
 * the run context (lib/run/run-context).
 */
import type { FullConfig } from '@playwright/test';
import { baseUrlOf, cleanupGraceMsOf, isDryRun, loadSuiteConfig, profileOf, readEnvironment, reportDirOf } from '../config';
import { refuseTargetSettingsWithoutBaseUrl, targetConfigured } from '../target-selection';
import { keepRunRecord } from './run-record';
import { EMBEDDED_MOCK_NAME, targetUrlText } from '../deployment-url';
import { loadProfiles } from '../profiles';
import { SuiteConfigError, SuiteDataError, TargetUnreachableError } from '../errors';
import { loadCatalogue } from '../requirements';
import { loadOpenApiDocument } from '../contract/openapi-document';
import { shareSuiteData } from '../suite-data';
import { startEmbeddedMock } from './embedded-mock';
import { preflight } from './preflight';
import type { CredentialOrigins } from './credential-check';
import { resolveCredentials } from './resolve-credentials';
import { RunGuard } from './run-guard';
import { summariseRunGuard } from '../run-data/run-guard-report';
import { describePlan, planFileSink, readPlan } from '../client/request-plan';
import { describeDryRunFixtures, standInSeed } from './dry-run-fixtures';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { RunLedger } from '../run-data/run-ledger';
import { redactText, registerSecretsFromEnvironment } from '../redact';
import { extendRunContext, publishRunContext, type RunContext, type TargetKind } from './run-context';
import { parseShard, SHARD_VARIABLE } from '../run-data/shards';
import { stopGracefullyOnSigterm, stopWhenOrphaned } from './stop-gracefully';
import { gateConsoleOutput, redactFilesUnder } from './output-gate';
import { join } from 'node:path';
import { EXIT_CANNOT_RUN } from '../exit-codes';


type Env = Record<string, string | undefined>;


/** What a dry run names as its target: nothing is asked of the identity service to find the address. */
function dryRunTargetName(env: Env): string {
  if (env.CONFORMANCE_BASE_URL) return targetUrlText(baseUrlOf(env).url);
  if (!targetConfigured(env)) return EMBEDDED_MOCK_NAME;
  const who = env.OS_CLOUD ? `OS_CLOUD=${env.OS_CLOUD}` : 'the OS_* credentials';
  return `the ${env.OS_DATA_PROCESSING_SERVICE_TYPE ?? loadProfiles()[profileOf(env)].catalogServiceType} endpoint in the service catalog of ${who} (not looked up in a dry run)`;
}

async function teardownStep(what: string, step: () => unknown): Promise<void> {
  try {
    await step();
  } catch (error) {
    process.stderr.write(`conformance: ${what} failed: ${redactText(String((error as Error)?.message ?? error).split('\n')[0] ?? '')}\n`);
  }
}

/** The run's target, resolved: the embedded mock's seed or the identity service's answers laid over the configuration. */
async function resolveTarget(env: Env, dryRun: boolean): Promise<{ kind: TargetKind; settings: Env; stopMock?: () => Promise<void>; origins?: CredentialOrigins }> {
  // A dry run goes to a private stand-in; the configured target (and its identity service) hear nothing.
  if (dryRun || !targetConfigured(env)) {
    const { mock, seed } = await startEmbeddedMock(env);
    // The stand-in of a dry run is given only what the configuration gives: its tests then need what the real run would.
    return { kind: 'embedded-mock', settings: { ...env, ...(dryRun && targetConfigured(env) ? standInSeed(seed, env) : seed) }, stopMock: mock.close };
  }
  const { settings, discovery, origins } = await resolveCredentials(env, 15_000);
  if (discovery) process.stdout.write(`conformance: target ${discovery.description}\n`);
  return { kind: 'deployment', settings: { ...env, ...settings }, origins };
}

export default async function globalSetup(playwrightConfig: FullConfig): Promise<(() => Promise<void>) | void> {
  // Reporters and Playwright's own messages write to this process's console: through redaction.
  gateConsoleOutput();
  let stopMock: (() => Promise<void>) | undefined;
  let guard: RunGuard | undefined;
  let context: RunContext | undefined;
  let dryRunTarget: string | undefined;
  // The run's scaffolding (the parsed data files, a dry run's plan): a private folder, removed at the end.
  const scratchDir = mkdtempSync(join(tmpdir(), 'sahara-conformance-run-'));
  try {
    const env = readEnvironment();
    // The configured secrets are masked in everything this process prints, from here on.
    registerSecretsFromEnvironment(env);
    const graceMs = cleanupGraceMsOf(env);
    stopGracefullyOnSigterm(graceMs);
    stopWhenOrphaned(graceMs, env);
    const runId = env.CONFORMANCE_RUN_ID?.trim() || `run-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
    // Before the embedded mock's seed replaces the configuration, dry run or not.
    refuseTargetSettingsWithoutBaseUrl(env);
    const dryRun = isDryRun(env);
    if (dryRun) dryRunTarget = dryRunTargetName(env);
    // What a certification bundle takes of the run besides its reports: its console and its settings.
    else keepRunRecord(reportDirOf(env), env);
    const target = await resolveTarget(env, dryRun);
    stopMock = target.stopMock;
    loadOpenApiDocument();
    loadCatalogue();
    const suiteDataFile = join(scratchDir, 'suite-data.json');
    shareSuiteData(suiteDataFile);
    const config = loadSuiteConfig({ ...target.settings, CONFORMANCE_RUN_ID: runId });
    if (config.connection.insecure) process.stderr.write('conformance: WARNING: TLS certificate checks are off (CONFORMANCE_INSECURE_TLS or verify: false); prefer OS_CACERT=<ca.pem>\n');
    context = publishRunContext({
      runId,
      profile: config.profile,
      reportDir: reportDirOf(env),
      target: { kind: target.kind, baseUrl: config.baseUrl },
      dryRun,
      shard: parseShard(env[SHARD_VARIABLE]),
      // The plan is printed at the end.
      planFile: dryRun ? join(scratchDir, 'plan.jsonl') : undefined,
      suiteDataFile,
      suite: config,
    });
    await preflight(config, target.origins);
    mkdirSync(context.reportDir, { recursive: true });
    context = extendRunContext({ ledgerFile: join(context.reportDir, `ledger-${runId}.jsonl`) });
    if (dryRun) process.stdout.write(`${describeDryRunFixtures(env)}\n`);
    // A dry run's stand-in finds and makes what the real run would: its requests are in the plan.
    const plan = context.planFile ? planFileSink(context.planFile, undefined) : undefined;
    guard = await RunGuard.start(config, new RunLedger(context.ledgerFile!), dryRun ? () => undefined : (line) => process.stdout.write(`conformance: ${line}\n`), plan);
    context = extendRunContext({ suite: guard.config });
    // Once the run is sure to start: a run that cannot start says one line, the reason.
    if (!dryRun) process.stdout.write(`conformance: generated ids (JEX-DEL-010) from seed ${config.generatedIds.seed}, ${config.generatedIds.runs} per run; replay with --seed ${config.generatedIds.seed}\n`);
  } catch (error) {
    if (error instanceof SuiteConfigError || error instanceof SuiteDataError || error instanceof TargetUnreachableError) {
      await stopMock?.();
      rmSync(scratchDir, { recursive: true, force: true });
      process.stderr.write(`conformance: ${error.message}\n`);
      process.exit(EXIT_CANNOT_RUN);
    }
    throw error;
  }
  const reportDir = context.reportDir;
  const planFile = context.planFile;
  // Each step of the teardown runs whatever the one before it did: a failure is one line, never
  // a stack trace that skips the sweep, the run guard's record or stopping the mock.
  return async () => {
    // The guard's report goes out before the reporters' onEnd, which may include it.
    if (guard) {
      await teardownStep('the end-of-run sweep', async () => {
        const summary = summariseRunGuard(await guard!.finish(reportDir, dryRunTarget ? undefined : (line) => process.stdout.write(`conformance: ${line}\n`)));
        if (!dryRunTarget) process.stdout.write(`${summary}\n`);
      });
    }
    if (dryRunTarget) await teardownStep('listing the planned requests', () => process.stdout.write(`${describePlan(readPlan(planFile ?? ''), dryRunTarget!)}\n`));
    await teardownStep('removing the run\'s scratch folder', () => rmSync(scratchDir, { recursive: true, force: true }));
    await teardownStep('stopping the embedded mock', async () => stopMock?.());
    // The last net for files Playwright wrote during the tests (error contexts, attachments).
    await teardownStep('redacting test-results', () => {
      for (const dir of new Set(playwrightConfig.projects.map((p) => p.outputDir))) redactFilesUnder(dir);
    });
  };
}
