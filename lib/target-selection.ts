/**
 * Which target a run certifies, decided from the configuration before anything starts: the one it
 * names (an address, or OpenStack credentials whose catalog gives one), or - with nothing named -
 * the embedded mock. A configuration that names part of a target without its address is refused
 * rather than silently certifying the mock under the user's name.
 */
import { resolve } from 'node:path';
import { SuiteConfigError } from './errors';
import { identityRequested } from './identity/tenant-settings';

type Env = Record<string, string | undefined>;

/**
 * Whether the run has a target of its own: an address, or OpenStack credentials whose service
 * catalog gives one (lib/run/resolve-credentials). Without either the run certifies the embedded mock.
 */
export function targetConfigured(env: Env): boolean {
  return Boolean(env.CONFORMANCE_BASE_URL?.trim()) || identityRequested(env);
}

/**
 * Settings that only mean something for a real deployment: a project or token, OpenStack
 * credentials (OS_*: what an openrc or clouds.yaml user has set), fixture ids, or an env file
 * named on purpose (/dev/null, the way to read none, excepted). The embedded mock replaces them
 * all with its own seed, so without a base URL they would be silently ignored.
 */
const TARGET_SPECIFIC = [
  /^CONFORMANCE_(OTHER_)?(PROJECT_ID|AUTH_TOKEN|JOB_ID|CLUSTER_ID)$/,
  /^CONFORMANCE_(PENDING_CLUSTER_ID|CLUSTER_NAME|INPUT_ID|OUTPUT_ID|FIXTURE_COMMAND)$/,
  /^OS_(AUTH_URL|USERNAME|USER_ID|USER_DOMAIN_\w+|PASSWORD|TOKEN|CLOUD|APPLICATION_CREDENTIAL_\w+|PROJECT_\w+|TENANT_\w+)$/,
  /^CONFORMANCE_OTHER_OS_\w+$/,
];

export function targetSpecificSettings(env: Env): string[] {
  const found = Object.keys(env).filter((name) => env[name]?.trim() && TARGET_SPECIFIC.some((pattern) => pattern.test(name)));
  const file = env.CONFORMANCE_ENV_FILE?.trim();
  if (file && resolve(file) !== '/dev/null') found.push('CONFORMANCE_ENV_FILE');
  return found.sort();
}

/**
 * Without a base URL the run certifies the embedded mock; with anything target-specific
 * configured that would certify the wrong thing under the user's name for their target.
 */
export function refuseTargetSettingsWithoutBaseUrl(env: Env): void {
  if (targetConfigured(env)) return;
  const found = targetSpecificSettings(env);
  if (found.length === 0) return;
  const [are, them] = found.length === 1 ? ['is', 'it'] : ['are', 'them'];
  throw new SuiteConfigError(
    `${found.join(', ')} ${are} set but CONFORMANCE_BASE_URL is not: the run would certify the embedded mock instead of your target; ` +
      `set CONFORMANCE_BASE_URL (or --base-url), or unset ${them} to certify the mock`,
  );
}
