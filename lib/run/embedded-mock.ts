/**
 * With no CONFORMANCE_BASE_URL the run targets a mock started in the runner process on a free
 * loopback port; its seeded projects, tokens, job and clusters become the run's configuration.
 * Global setup first refuses a configuration that names a target (lib/target-selection
 * refuseTargetSettingsWithoutBaseUrl): once the seed replaces it, it could no longer tell.
 */
import { startMockServer, type RunningMock } from '../../mock/server';
import { MOCK_QUIRKS, type MockQuirk } from '../../mock/options';
import { seedEnvironment } from '../../mock/seed';
import { profileOf } from '../config';
import { SuiteConfigError } from '../errors';

type Env = Record<string, string | undefined>;

/** The mock, and its seeded projects, tokens, job and clusters as the settings that replace the environment's. */
export async function startEmbeddedMock(env: Env): Promise<{ mock: RunningMock; seed: Record<string, string> }> {
  const profile = profileOf(env);
  const quirks = (env.CONFORMANCE_MOCK_QUIRKS ?? '').split(',').map((q) => q.trim()).filter(Boolean);
  for (const q of quirks) {
    if (!(MOCK_QUIRKS as readonly string[]).includes(q)) throw new SuiteConfigError(`CONFORMANCE_MOCK_QUIRKS names unknown quirk "${q}" (known: ${MOCK_QUIRKS.join(', ')})`);
  }
  const delay = env.CONFORMANCE_MOCK_DELETE_DELAY_MS;
  if (delay !== undefined && !/^\d+$/.test(delay)) throw new SuiteConfigError(`CONFORMANCE_MOCK_DELETE_DELAY_MS must be a whole number, got "${delay}"`);
  const mock = await startMockServer({ profile, quirks: new Set(quirks as MockQuirk[]), deleteDelayMs: Number(delay ?? 0) });
  return { mock, seed: seedEnvironment(mock.baseUrl, profile) };
}
