/**
 * Runs once before any test: fixes the run id, starts the embedded mock when nothing names a
 * target (and refuses to when something does but the base URL is missing), validates the
 * configuration, checks the target serves the API and creates the run's canary. Anything wrong
 * ends the run here with one line and exit code 3 - before a single test is reported. What it
 * certifies - the embedded mock or CONFORMANCE_BASE_URL - reaches the reporters through
 * EMBEDDED_MOCK_VARIABLE (lib/run/embedded-mock).
 */
import type { FullConfig } from '@playwright/test';
import { baseUrlOf, isDryRun, loadSuiteConfig, profileOf, readEnvironment, refuseTargetSettingsWithoutBaseUrl, targetConfigured } from '../config';
import { targetUrlText } from '../deployment-url';
import { loadProfiles } from '../profiles';
import { SuiteConfigError, SuiteDataError, TargetUnreachableError } from '../errors';
import { loadCatalogue } from '../requirements';
import { loadOpenApiDocument } from '../contract/openapi-document';
import { EMBEDDED_MOCK_NAME, EMBEDDED_MOCK_VARIABLE, startEmbeddedMock } from './embedded-mock';
import { preflight } from './preflight';
import { resolveCredentials } from './resolve-credentials';
import { RunGuard, summariseRunGuard } from './run-guard';
import { describePlan, PLAN_VARIABLE, readPlan } from '../client/request-plan';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { LEDGER_VARIABLE, RunLedger } from './run-ledger';
import { mkdirSync } from 'node:fs';
import { redactText } from '../redact';
import { stopGracefullyOnSigterm, stopWhenOrphaned } from './stop-gracefully';
import { gateConsoleOutput, redactFilesUnder } from './output-gate';
import { join, resolve } from 'node:path';

export const EXIT_CANNOT_RUN = 3;

/** What a dry run names as its target: nothing is asked of the identity service to find the address. */
function dryRunTargetName(env: Record<string, string | undefined>): string {
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

export default async function globalSetup(playwrightConfig: FullConfig): Promise<(() => Promise<void>) | void> {
  // Reporters and Playwright's own messages write to this process's console: through redaction.
  gateConsoleOutput();
  const graceMs = Number(process.env.CONFORMANCE_CLEANUP_GRACE_MS ?? 30_000);
  stopGracefullyOnSigterm(graceMs);
  stopWhenOrphaned(graceMs);
  let stopMock: (() => Promise<void>) | undefined;
  let guard: RunGuard | undefined;
  const reportDir = resolve(readEnvironment().CONFORMANCE_REPORT_DIR ?? 'conformance-report');
  let dryRunTarget: string | undefined;
  let planDir: string | undefined;
  try {
    const env = readEnvironment();
    process.env.CONFORMANCE_RUN_ID ||= `run-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
    // Before the embedded mock writes its seed over the configuration, dry run or not.
    refuseTargetSettingsWithoutBaseUrl(env);
    process.env[EMBEDDED_MOCK_VARIABLE] = !targetConfigured(env) && !isDryRun(env) ? '1' : '0';
    if (isDryRun(env)) {
      // The run goes to a private stand-in; the configured target (and its identity service) hear nothing.
      dryRunTarget = dryRunTargetName(env);
      stopMock = (await startEmbeddedMock(env)).close;
      // The plan is printed at the end; its file is scaffolding, in a folder of its own, removed after.
      planDir = mkdtempSync(join(tmpdir(), 'sahara-conformance-plan-'));
      process.env[PLAN_VARIABLE] = join(planDir, 'plan.jsonl');
    } else if (!targetConfigured(env)) stopMock = (await startEmbeddedMock(env)).close;
    else {
      const discovery = await resolveCredentials(env, 15_000);
      if (discovery) process.stdout.write(`conformance: target ${discovery.description}\n`);
    }
    loadOpenApiDocument();
    loadCatalogue();
    const config = loadSuiteConfig();
    if (config.tls.insecure) process.stderr.write('conformance: WARNING: TLS certificate checks are off (CONFORMANCE_INSECURE_TLS or verify: false); prefer OS_CACERT=<ca.pem>\n');
    await preflight(config);
    mkdirSync(reportDir, { recursive: true });
    process.env[LEDGER_VARIABLE] = join(reportDir, `ledger-${config.runId}.jsonl`);
    guard = await RunGuard.start(config, new RunLedger(process.env[LEDGER_VARIABLE]));
  } catch (error) {
    if (error instanceof SuiteConfigError || error instanceof SuiteDataError || error instanceof TargetUnreachableError) {
      await stopMock?.();
      process.stderr.write(`conformance: ${error.message}\n`);
      process.exit(EXIT_CANNOT_RUN);
    }
    throw error;
  }
  // Each step of the teardown runs whatever the one before it did: a failure is one line, never
  // a stack trace that skips the sweep, the run guard's record or stopping the mock.
  return async () => {
    // The guard's report goes out before the reporters' onEnd, which may include it.
    if (guard) {
      await teardownStep('the end-of-run sweep', async () => {
        const summary = summariseRunGuard(await guard!.finish(reportDir));
        if (!dryRunTarget) process.stdout.write(`${summary}\n`);
      });
    }
    if (dryRunTarget) await teardownStep('listing the planned requests', () => process.stdout.write(`${describePlan(readPlan(process.env[PLAN_VARIABLE] ?? ''), dryRunTarget!)}\n`));
    if (planDir) await teardownStep('removing the plan file', () => rmSync(planDir!, { recursive: true, force: true }));
    await teardownStep('stopping the embedded mock', async () => stopMock?.());
    // The last net for files Playwright wrote during the tests (error contexts, attachments).
    await teardownStep('redacting test-results', () => {
      for (const dir of new Set(playwrightConfig.projects.map((p) => p.outputDir))) redactFilesUnder(dir);
    });
  };
}
