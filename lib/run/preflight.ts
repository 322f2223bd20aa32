/**
 * Before any test: is the target there, does it serve the job-execution API at the base URL, and
 * does it accept our token? One read of the project's job-execution list answers all three.
 * Anything else would turn into a wall of red tests - or, for a base URL that is not the service
 * root, into failures that blame the target for a configuration mistake.
 * It goes over the same raw transport as the DELETE under test (fetch refuses some ports).
 */
import type { SuiteConfig, TenantCredentials } from '../config';
import { explainRefusal, STATIC_ORIGINS, type CredentialOrigins, type TenantOrigin } from './credential-check';
import { isJobExecutionList } from '../client/job-execution-body';
import { TargetUnreachableError } from '../errors';
import { redactText } from '../redact';
import { exchangeOnFreshConnection, type WireResponse } from '../transport/wire-exchange';

/**
 * A 5xx or no answer says nothing about the base URL (real Sahara 16 answered occasional empty
 * 500s and lost requests: reference-target/README.md), so the read is sent again, as the suite's
 * evidence reads are (lib/assertions/waiters). A target that never answers is not waited for more
 * than about twice the request timeout.
 */
const ATTEMPTS = 5;
const PAUSE_MS = 200;

const FIX = 'CONFORMANCE_BASE_URL must be the service root such as http://host:8386, not including /v1.1/<project>, and any path prefix in it must be right';

function listUrl(config: SuiteConfig, tenant: TenantCredentials): URL {
  const url = new URL(config.baseUrl.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1.1/${encodeURIComponent(tenant.projectId)}/job-executions`;
  url.searchParams.set('limit', '1');
  return url;
}

/** Status, content type and the start of the body, on one line and redacted. */
function describeAnswer(answer: WireResponse): string {
  const type = answer.headers['content-type'] ?? 'no Content-Type';
  const text = answer.body.toString('utf8').replace(/\s+/g, ' ').trim();
  const excerpt = text.length > 100 ? `${text.slice(0, 100)}...` : text;
  return redactText(`${answer.status} (${type}) ${excerpt ? JSON.stringify(excerpt) : 'with no body'}`);
}

function servesList(answer: WireResponse): boolean {
  if (answer.status !== 200) return false;
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as unknown;
    return isJobExecutionList(body);
  } catch {
    return false;
  }
}

/**
 * Both tenants, before any test: each reads its own project's list with its own token. A refusal
 * stops the run with the setting to fix - never a run whose cross-tenant checks fail on a
 * configuration mistake.
 */
export async function preflight(config: SuiteConfig, origins: CredentialOrigins = { primary: STATIC_ORIGINS.primary, other: STATIC_ORIGINS.other }): Promise<void> {
  await readOwnList(config, config.primary, origins.primary, origins.authUrl);
  if (config.other) await readOwnList(config, config.other, origins.other, origins.authUrl);
}

async function readOwnList(config: SuiteConfig, tenant: TenantCredentials, origin: TenantOrigin, authUrl: string | undefined): Promise<void> {
  const url = listUrl(config, tenant);
  const tried = redactText(`GET ${url.origin}${url.pathname}${url.search}`);
  const giveUpAt = performance.now() + 2 * config.requestTimeoutMs;
  let failure = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, PAUSE_MS));
    let answer: WireResponse;
    try {
      answer = await exchangeOnFreshConnection({
        method: 'GET',
        url,
        headers: { 'X-Auth-Token': tenant.token, Accept: 'application/json' },
        timeoutMs: config.requestTimeoutMs,
        graceMs: 1,
        connection: config.connection,
      });
    } catch (e) {
      const why = (e as Error).message.split('\n')[0]!.replace(/^GET \S+: /, '');
      failure = redactText(`cannot reach the target at ${config.baseUrl.origin}: ${why}`);
      if (performance.now() >= giveUpAt) break;
      continue;
    }
    if (answer.status >= 500 || answer.status === 429) {
      failure = `${tried} answered ${describeAnswer(answer)} ${attempt} times: the target is there but cannot serve the list; see its logs, or try again later`;
      continue;
    }
    if (answer.status === 401 || answer.status === 403) {
      const refused = { origin, projectId: tenant.projectId, token: tenant.token, answer: `${answer.status} on GET ${url.pathname}` };
      throw new TargetUnreachableError(redactText(await explainRefusal(refused, authUrl, config.connection)));
    }
    if (servesList(answer)) return;
    const what = answer.status === 200 ? ', not a JSON object with a job_executions array' : '';
    throw new TargetUnreachableError(`${tried} answered ${describeAnswer(answer)}${what}: ${FIX}`);
  }
  throw new TargetUnreachableError(failure);
}
