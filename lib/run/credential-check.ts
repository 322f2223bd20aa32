/**
 * Why the target refused a tenant's token, told apart before any test runs: a configuration
 * mistake must never look like a broken server (a wrong second-project token once ended a run
 * NON-CONFORMANT against a correct one). Tokens the run obtained from the identity service are
 * known good for their project; a token given as it is (CONFORMANCE_AUTH_TOKEN,
 * CONFORMANCE_OTHER_AUTH_TOKEN) is read back from the identity service when OS_AUTH_URL names
 * one - Keystone lets a token validate itself - so the message says whether the token is not
 * valid or is valid for another project, and names the setting to change.
 */
import type { ConnectionPolicy } from '../transport/connection';
import { SuiteConfigError, TargetUnreachableError } from '../errors';
import { issueToken } from '../identity/keystone-tokens';

/** How a tenant's credentials were given: the settings a message names. */
export interface TenantOrigin {
  /** 'the tested project' or 'the second project'. */
  role: string;
  /** The variable of a token given as it is; undefined when the run obtained it (then `issuedFor` says from what). */
  tokenSetting?: string;
  projectSetting: string;
  /** `OS_CLOUD=prod`, `the CONFORMANCE_OTHER_OS_* variables`: where the run's own token came from. */
  issuedFor?: string;
}

export const STATIC_ORIGINS = {
  primary: { role: 'the tested project', tokenSetting: 'CONFORMANCE_AUTH_TOKEN', projectSetting: 'CONFORMANCE_PROJECT_ID' },
  other: { role: 'the second project', tokenSetting: 'CONFORMANCE_OTHER_AUTH_TOKEN', projectSetting: 'CONFORMANCE_OTHER_PROJECT_ID' },
} satisfies Record<string, TenantOrigin>;

/** Where each tenant's credentials came from (lib/run/resolve-credentials), and the identity service that can read a static token back. */
export interface CredentialOrigins {
  primary: TenantOrigin;
  other: TenantOrigin;
  /** The identity service (OS_AUTH_URL, or the first cloud's auth_url): a static token is read back there to tell why the target refused it. */
  authUrl?: string;
}

export interface RefusedToken {
  origin: TenantOrigin;
  projectId: string;
  token: string;
  /** `401 on GET /v1.1/<project>/job-executions`. */
  answer: string;
}

/** The project a token is scoped to, as the identity service reads it back; undefined when it does not accept the token. */
async function projectOfToken(authUrl: string, token: string, trust: ConnectionPolicy): Promise<string | undefined> {
  try {
    const read = await issueToken({ label: 'OS_AUTH_URL', authUrl: { value: authUrl, source: 'OS_AUTH_URL', fromFile: false }, method: { kind: 'token', token, shownAs: 'the token' } }, trust, 15_000);
    return read.projectId;
  } catch (e) {
    if (e instanceof SuiteConfigError) return undefined;
    throw e;
  }
}

/** The one line that says which setting is wrong, after the target refused a tenant's token. */
export async function explainRefusal(refused: RefusedToken, authUrl: string | undefined, trust: ConnectionPolicy): Promise<string> {
  const { origin, projectId, answer } = refused;
  if (origin.issuedFor) {
    return `the target refused the token the identity service issued for ${origin.issuedFor} (${origin.role}, project ${projectId}): ${answer}; the identity service accepts it, so the user may lack a role the target requires`;
  }
  const token = origin.tokenSetting ?? 'the token';
  if (!authUrl) {
    return `the target refused ${token} for ${origin.projectSetting}=${projectId} (${answer}): the token is not valid, or it is valid for another project than ${origin.projectSetting}; set OS_AUTH_URL to the identity service and the suite tells which`;
  }
  const tokenProject = await projectOfToken(authUrl, refused.token, trust).catch((e: Error) => {
    throw new TargetUnreachableError(`the target refused ${token} (${answer}), and the identity service could not be asked why: ${e.message}`);
  });
  if (tokenProject === undefined) return `${token} is not a valid token: the identity service at OS_AUTH_URL does not accept it (and the target answered ${answer}); issue a new one, e.g. with openstack token issue`;
  if (tokenProject !== projectId) return `${token} is valid but for project ${tokenProject}, not ${origin.projectSetting}=${projectId}: set ${origin.projectSetting}=${tokenProject}, or give a token of project ${projectId}`;
  return `the target refused ${token} for project ${projectId} (${answer}) although the identity service accepts it for that project: the user may lack a role the target requires`;
}
