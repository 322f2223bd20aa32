/**
 * Turns password credentials into tokens once per run, before any worker starts: OS_* (the
 * OpenStack client's names) for the tested project, CONFORMANCE_OTHER_OS_* for the second
 * tenant. The tokens reach the workers through the environment, as if they had been configured.
 * With no password configured, a static CONFORMANCE_AUTH_TOKEN is used as it is.
 */
import { issueProjectToken, passwordCredentialsFrom } from '../auth/keystone-password-auth';
import { SuiteConfigError } from '../errors';

type Env = Record<string, string | undefined>;

export async function resolveCredentials(env: Env, timeoutMs: number): Promise<void> {
  const primary = passwordCredentialsFrom(env, 'OS_');
  if (primary) {
    const issued = await issueProjectToken(primary, timeoutMs);
    if (env.CONFORMANCE_PROJECT_ID && env.CONFORMANCE_PROJECT_ID !== issued.projectId) {
      throw new SuiteConfigError(`CONFORMANCE_PROJECT_ID differs from the project the OS_* token is scoped to (${issued.projectId})`);
    }
    process.env.CONFORMANCE_AUTH_TOKEN = issued.token;
    process.env.CONFORMANCE_PROJECT_ID = issued.projectId;
  }
  const other = passwordCredentialsFrom(env, 'CONFORMANCE_OTHER_OS_', env.OS_AUTH_URL);
  if (other) {
    const issued = await issueProjectToken(other, timeoutMs);
    process.env.CONFORMANCE_OTHER_AUTH_TOKEN = issued.token;
    process.env.CONFORMANCE_OTHER_PROJECT_ID = issued.projectId;
  }
}
