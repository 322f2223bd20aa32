/**
 * Before any test: is the target there, and does it accept our token? One read of the project's
 * job-execution list answers both. Anything else would turn into a wall of red tests.
 */
import type { SuiteConfig } from '../config';
import { TargetUnreachableError } from '../errors';
import { redactText } from '../redact';

export async function preflight(config: SuiteConfig): Promise<void> {
  const url = new URL(config.baseUrl.href);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/v1.1/${encodeURIComponent(config.primary.projectId)}/job-executions`;
  url.searchParams.set('limit', '1');
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'X-Auth-Token': config.primary.token, Accept: 'application/json' }, signal: AbortSignal.timeout(config.requestTimeoutMs) });
    await response.arrayBuffer();
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw new TargetUnreachableError(redactText(`cannot reach the target at ${config.baseUrl.origin}: ${why}`));
  }
  if (response.status === 401 || response.status === 403) {
    throw new TargetUnreachableError(`the target refused CONFORMANCE_AUTH_TOKEN for project ${config.primary.projectId} (${response.status} on GET ${url.pathname})`);
  }
}
