/**
 * Gets a project-scoped token from a Keystone v3 identity service (IAM for MRS: mrs_02_0009),
 * with its service catalog. Sent over the suite's own transport: it never follows a redirect
 * (a password would otherwise be re-posted to wherever a 307 points), goes through the same
 * proxy and trusts the same certificates as every other request, and reads at most
 * MAX_IDENTITY_BODY_BYTES of an answer. Secrets never appear in a message; the token is
 * registered for redaction as soon as it arrives.
 */
import { SuiteConfigError, TargetUnreachableError } from '../errors';
import { redactText, registerSecret } from '../redact';
import type { ConnectionPolicy } from '../transport/connection';
import { HttpTransport, type HttpAnswer } from '../transport/http-transport';
import { MAX_IDENTITY_BODY_BYTES } from '../transport/limits';
import type { IdentityRequest } from './identity-request';
import type { CatalogEntry } from './service-catalog';

export interface IssuedToken {
  token: string;
  projectId: string;
  catalog: CatalogEntry[];
}

function tokensUrl(authUrl: string): URL {
  const base = authUrl.replace(/\/+$/, '');
  return new URL(`${/\/v3$/.test(base) ? base : `${base}/v3`}/auth/tokens`);
}

/** Names only the host a redirect points to: its path or query may carry secrets of its own. */
function redirectTarget(location: string | undefined, from: URL): string {
  if (!location) return 'without a Location';
  try {
    return `redirecting to host ${new URL(location, from).host}`;
  } catch {
    return 'with an unreadable Location';
  }
}

function authBody(request: IdentityRequest): unknown {
  const m = request.method;
  const scope = request.project ? { scope: { project: request.project } } : {};
  if (m.kind === 'password') return { auth: { identity: { methods: ['password'], password: { user: { ...m.user, password: m.password } } }, ...scope } };
  // An application credential is scoped to its own project: Keystone refuses a scope beside it.
  if (m.kind === 'application-credential') return { auth: { identity: { methods: ['application_credential'], application_credential: { ...m.credential, secret: m.secret } } } };
  return { auth: { identity: { methods: ['token'], token: { id: m.token } }, ...scope } };
}

async function exchange(request: IdentityRequest, trust: ConnectionPolicy, timeoutMs: number): Promise<{ url: URL; answer: HttpAnswer; method: string }> {
  let url: URL;
  try {
    url = tokensUrl(request.authUrl.value);
  } catch {
    throw new SuiteConfigError(`${request.authUrl.source} is not a URL: "${request.authUrl.value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SuiteConfigError(`${request.authUrl.source} must be http(s), got "${url.protocol}"`);
  // A token without a project to move to is used as it is: read back (Keystone lets a token
  // validate itself) for its project and catalog.
  const asIs = request.method.kind === 'token' && !request.project;
  const method = asIs ? 'GET' : 'POST';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (asIs && request.method.kind === 'token') Object.assign(headers, { 'X-Auth-Token': request.method.token, 'X-Subject-Token': request.method.token });
  else headers['Content-Type'] = 'application/json';
  const transport = new HttpTransport(url, trust);
  try {
    const answer = await transport.send({ method, url, headers, body: asIs ? undefined : Buffer.from(JSON.stringify(authBody(request))), timeoutMs, maxBodyBytes: MAX_IDENTITY_BODY_BYTES });
    return { url, answer, method };
  } catch (e) {
    const why = String((e as Error).message).split('\n')[0]!.replace(/^(GET|POST) \S+: /, '');
    throw new TargetUnreachableError(redactText(`cannot reach the identity service at ${request.authUrl.source} (${url.origin}): ${why}`));
  } finally {
    transport.close();
  }
}

function header(answer: HttpAnswer, name: string): string | undefined {
  return answer.headerList.find((h) => h.name.toLowerCase() === name)?.value;
}

function parsedBody(answer: HttpAnswer): { token?: { project?: { id?: unknown }; catalog?: unknown } } | undefined {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export async function issueToken(request: IdentityRequest, trust: ConnectionPolicy, timeoutMs: number): Promise<IssuedToken> {
  const { url, answer, method } = await exchange(request, trust, timeoutMs);
  if (answer.status >= 300 && answer.status < 400) {
    throw new SuiteConfigError(
      redactText(`the identity service at ${url.origin} answered ${answer.status} ${redirectTarget(header(answer, 'location'), url)}; credentials are never re-sent: set ${request.authUrl.source} to the final address`),
    );
  }
  const expected = method === 'GET' ? 200 : 201;
  const token = method === 'GET' && request.method.kind === 'token' ? request.method.token : header(answer, 'x-subject-token');
  if (answer.status !== expected || !token) {
    throw new SuiteConfigError(redactText(`the identity service refused ${request.method.shownAs} (${answer.status} from ${method} ${url.pathname})`));
  }
  registerSecret(token);
  const body = parsedBody(answer)?.token;
  const projectId = typeof body?.project?.id === 'string' ? body.project.id : undefined;
  if (!projectId) throw new SuiteConfigError(`the token issued for ${request.method.shownAs} is not scoped to a project: name one (${request.label})`);
  return { token, projectId, catalog: Array.isArray(body?.catalog) ? (body.catalog as CatalogEntry[]) : [] };
}
