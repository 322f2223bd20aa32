/**
 * With no CONFORMANCE_BASE_URL the run targets a mock started in the runner process on a free
 * loopback port; its seeded projects, tokens, job and clusters become the run's configuration.
 * Global setup first refuses a configuration that names a target (lib/config
 * refuseTargetSettingsWithoutBaseUrl): once the seed is written below, it could no longer tell.
 */
import { startMockServer, type RunningMock } from '../../mock/server';
import { MOCK_QUIRKS, type MockQuirk } from '../../mock/options';
import { seedEnvironment } from '../../mock/seed';
import { SuiteConfigError } from '../errors';

type Env = Record<string, string | undefined>;

/**
 * The one run fact global setup hands to the reporters about the target (they run in the same
 * process, after it): '1' when this run certifies the embedded mock, '0' when it certifies
 * CONFORMANCE_BASE_URL. Global setup always sets it, so a value left in the environment is never
 * believed. A dry run certifies nothing and sets '0'.
 */
export const EMBEDDED_MOCK_VARIABLE = 'CONFORMANCE_CERTIFIES_EMBEDDED_MOCK';

/** How the console and the reports name the embedded mock as what a run certified. */
export const EMBEDDED_MOCK_NAME = 'the embedded mock';

export function certifiesEmbeddedMock(env: Env = process.env): boolean {
  return env[EMBEDDED_MOCK_VARIABLE] === '1';
}

export async function startEmbeddedMock(env: Env): Promise<RunningMock> {
  const profile = env.CONFORMANCE_PROFILE ?? 'sahara';
  if (profile !== 'sahara' && profile !== 'mrs') throw new SuiteConfigError(`CONFORMANCE_PROFILE must be one of sahara, mrs, got "${profile}"`);
  const quirks = (env.CONFORMANCE_MOCK_QUIRKS ?? '').split(',').map((q) => q.trim()).filter(Boolean);
  for (const q of quirks) {
    if (!(MOCK_QUIRKS as readonly string[]).includes(q)) throw new SuiteConfigError(`CONFORMANCE_MOCK_QUIRKS names unknown quirk "${q}" (known: ${MOCK_QUIRKS.join(', ')})`);
  }
  const delay = env.CONFORMANCE_MOCK_DELETE_DELAY_MS;
  if (delay !== undefined && !/^\d+$/.test(delay)) throw new SuiteConfigError(`CONFORMANCE_MOCK_DELETE_DELAY_MS must be a whole number, got "${delay}"`);
  const mock = await startMockServer({ profile, quirks: new Set(quirks as MockQuirk[]), deleteDelayMs: Number(delay ?? 0) });
  // The mock's own identities replace whatever the environment said about a target.
  Object.assign(process.env, seedEnvironment(mock.baseUrl, profile));
  return mock;
}
