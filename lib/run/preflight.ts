/**
 * Before any test: is the target there, and does it accept our token? One read of the project's
 * job-execution list answers both. Anything else would turn into a wall of red tests.
 * It goes over the same raw transport as the DELETE under test (fetch refuses some ports).
 */
import type { SuiteConfig } from '../config';
import { TargetUnreachableError } from '../errors';
import { redactText } from '../redact';
import { exchangeOnFreshConnection } from '../transport/wire-exchange';

export async function preflight(config: SuiteConfig): Promise<void> {
  const url = new URL(config.baseUrl.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1.1/${encodeURIComponent(config.primary.projectId)}/job-executions`;
  url.searchParams.set('limit', '1');
  let status: number;
  try {
    ({ status } = await exchangeOnFreshConnection({
      method: 'GET',
      url,
      headers: { 'X-Auth-Token': config.primary.token, Accept: 'application/json' },
      timeoutMs: config.requestTimeoutMs,
      graceMs: 1,
      insecureTls: config.insecureTls,
    }));
  } catch (e) {
    const why = (e as Error).message.replace(/^GET \S+: /, "");
    throw new TargetUnreachableError(redactText(`cannot reach the target at ${config.baseUrl.origin}: ${why}`));
  }
  if (status === 401 || status === 403) {
    throw new TargetUnreachableError(`the target refused CONFORMANCE_AUTH_TOKEN for project ${config.primary.projectId} (${status} on GET ${url.pathname})`);
  }
}
