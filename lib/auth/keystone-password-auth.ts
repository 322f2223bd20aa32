/**
 * Keystone v3 / IAM password authentication (mrs_02_0009): CI pipelines hold credentials, not
 * tokens, and IAM tokens expire. Issues a project-scoped token; the project id comes from the
 * token when only the project name was given. Passwords and tokens never appear in messages.
 */
import { SuiteConfigError, TargetUnreachableError } from '../errors';
import { redactText, registerSecret } from '../redact';

export interface PasswordCredentials {
  /** Where the variables came from, e.g. "OS_" or "CONFORMANCE_OTHER_OS_", for messages. */
  prefix: string;
  authUrl: string;
  username: string;
  password: string;
  userDomainName: string;
  projectName?: string;
  projectId?: string;
  projectDomainName: string;
}

export interface IssuedToken {
  token: string;
  projectId: string;
}

type Env = Record<string, string | undefined>;

/** Credentials under a prefix, or undefined when no password is configured there. */
export function passwordCredentialsFrom(env: Env, prefix: string, fallbackAuthUrl?: string): PasswordCredentials | undefined {
  const get = (name: string) => env[`${prefix}${name}`]?.trim() || undefined;
  const password = get('PASSWORD');
  if (!password) return undefined;
  const authUrl = get('AUTH_URL') ?? fallbackAuthUrl;
  const username = get('USERNAME');
  if (!authUrl) throw new SuiteConfigError(`${prefix}PASSWORD is set but ${prefix}AUTH_URL is not`);
  if (!username) throw new SuiteConfigError(`${prefix}PASSWORD is set but ${prefix}USERNAME is not`);
  const projectName = get('PROJECT_NAME');
  const projectId = get('PROJECT_ID');
  if (!projectName && !projectId) throw new SuiteConfigError(`${prefix}PROJECT_NAME or ${prefix}PROJECT_ID must name the project to scope the token to`);
  registerSecret(password);
  return {
    prefix,
    authUrl,
    username,
    password,
    userDomainName: get('USER_DOMAIN_NAME') ?? env.OS_USER_DOMAIN_NAME ?? 'Default',
    projectName,
    projectId,
    projectDomainName: get('PROJECT_DOMAIN_NAME') ?? env.OS_PROJECT_DOMAIN_NAME ?? 'Default',
  };
}

function tokensUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return `${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`;
}

/** Names only the host a redirect points to: its path or query may carry secrets of its own. */
function redirectTarget(location: string | null, from: string): string {
  if (!location) return 'without a Location';
  try {
    return `redirecting to host ${new URL(location, from).host}`;
  } catch {
    return 'with an unreadable Location';
  }
}

export async function issueProjectToken(c: PasswordCredentials, timeoutMs: number): Promise<IssuedToken> {
  const project = c.projectId ? { id: c.projectId } : { name: c.projectName, domain: { name: c.projectDomainName } };
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: c.username, domain: { name: c.userDomainName }, password: c.password } } },
      scope: { project },
    },
  };
  const url = tokensUrl(c.authUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      // fetch re-sends the body, password included, to wherever a 307/308 points: never follow.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new TargetUnreachableError(`cannot reach the identity service at ${c.prefix}AUTH_URL (${new URL(c.authUrl).origin}): ${cause}`);
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined);
    throw new SuiteConfigError(
      redactText(`the identity service at ${new URL(url).origin} answered ${response.status} ${redirectTarget(response.headers.get('location'), url)}; credentials are never re-sent: set ${c.prefix}AUTH_URL to the final address`),
    );
  }
  const payload = (await response.json().catch(() => undefined)) as { token?: { project?: { id?: string } } } | undefined;
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token) {
    throw new SuiteConfigError(`the identity service refused the credentials of ${c.prefix}USERNAME=${c.username} (${response.status} from POST /v3/auth/tokens)`);
  }
  registerSecret(token);
  const projectId = payload?.token?.project?.id ?? c.projectId;
  if (!projectId) throw new SuiteConfigError(`the token issued for ${c.prefix}USERNAME=${c.username} is not scoped to a project`);
  return { token, projectId };
}
