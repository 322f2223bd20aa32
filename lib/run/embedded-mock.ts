/**
 * With no CONFORMANCE_BASE_URL the run targets a mock started in the runner process on a free
 * loopback port; its seeded projects, tokens, job and clusters become the run's configuration.
 */
import { startMockServer, type RunningMock } from '../../mock/server';
import { MOCK_QUIRKS, type MockQuirk } from '../../mock/options';
import { seedEnvironment } from '../../mock/seed';
import { SuiteConfigError } from '../errors';

type Env = Record<string, string | undefined>;

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
