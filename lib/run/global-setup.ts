/**
 * Runs once before any test: fixes the run id, starts the embedded mock when no target is
 * configured, validates the configuration and checks the target is reachable. Anything wrong
 * ends the run here with one line and exit code 3 - before a single test is reported.
 */
import type { FullConfig } from '@playwright/test';
import { loadSuiteConfig, readEnvironment } from '../config';
import { SuiteConfigError, SuiteDataError, TargetUnreachableError } from '../errors';
import { loadCatalogue } from '../requirements';
import { loadOpenApiDocument } from '../contract/openapi-document';
import { startEmbeddedMock } from './embedded-mock';
import { preflight } from './preflight';
import { resolveCredentials } from './resolve-credentials';

export const EXIT_CANNOT_RUN = 3;

export default async function globalSetup(_config: FullConfig): Promise<(() => Promise<void>) | void> {
  let stopMock: (() => Promise<void>) | undefined;
  try {
    const env = readEnvironment();
    process.env.CONFORMANCE_RUN_ID ||= `run-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
    if (!env.CONFORMANCE_BASE_URL) stopMock = (await startEmbeddedMock(env)).close;
    else await resolveCredentials(env, 15_000);
    loadOpenApiDocument();
    loadCatalogue();
    const config = loadSuiteConfig();
    await preflight(config);
  } catch (error) {
    if (error instanceof SuiteConfigError || error instanceof SuiteDataError || error instanceof TargetUnreachableError) {
      await stopMock?.();
      process.stderr.write(`conformance: ${error.message}\n`);
      process.exit(EXIT_CANNOT_RUN);
    }
    throw error;
  }
  return stopMock;
}
