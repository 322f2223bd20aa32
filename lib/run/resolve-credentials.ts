/**
 * Turns OpenStack credentials into what a run needs, once, before any worker starts: a token
 * and project for each tenant (clouds.yaml and OS_* for the tested project,
 * CONFORMANCE_OTHER_OS_CLOUD / CONFORMANCE_OTHER_OS_* for the second) and, when no
 * CONFORMANCE_BASE_URL is given, the deployment's address from the first token's service
 * catalog. The results reach the workers through the environment, as if they had been
 * configured; with no OpenStack credentials, a static CONFORMANCE_AUTH_TOKEN is used as it is.
 */
import { resolve } from 'node:path';
import { profileOf, tlsTrustOf } from '../config';
import { deploymentUrlOf } from '../deployment-url';
import { SuiteConfigError } from '../errors';
import { identityRequestFrom } from '../identity/identity-request';
import { issueToken, type IssuedToken } from '../identity/keystone-tokens';
import { endpointFromCatalog, normalisedInterface } from '../identity/service-catalog';
import { FIRST_TENANT, SECOND_TENANT, tenantSettings, type TenantSettings } from '../identity/tenant-settings';
import { loadProfiles } from '../profiles';

type Env = Record<string, string | undefined>;

/** Where a discovered address came from, for the run's console: one line. */
export interface Discovery {
  baseUrl: string;
  description: string;
}

/** clouds.yaml's `cacert` and `verify: false` become what the workers read (OS_CACERT, CONFORMANCE_INSECURE_TLS). */
function exportTlsSettings(tenant: TenantSettings, env: Env): void {
  const { cacert, verify } = tenant.settings;
  if (cacert && !env.OS_CACERT?.trim()) process.env.OS_CACERT = resolve(cacert.value);
  if (verify && /^(false|no|0)$/i.test(verify.value)) process.env.CONFORMANCE_INSECURE_TLS = '1';
}

async function tokenFor(tenant: TenantSettings, timeoutMs: number): Promise<IssuedToken> {
  const trust = tlsTrustOf({
    OS_CACERT: tenant.settings.cacert?.value,
    CONFORMANCE_INSECURE_TLS: process.env.CONFORMANCE_INSECURE_TLS,
  });
  return issueToken(identityRequestFrom(tenant.settings, tenant.naming), trust, timeoutMs);
}

function discover(tenant: TenantSettings, issued: IssuedToken, env: Env): Discovery {
  const { settings, naming } = tenant;
  const label = naming.cloud ? `OS_CLOUD=${naming.cloud}` : 'the OS_* credentials';
  const wanted = {
    serviceType: settings.data_processing_service_type?.value ?? loadProfiles()[profileOf(env)].catalogServiceType,
    interface: normalisedInterface(settings.interface?.value ?? 'public'),
    region: settings.region_name?.value,
    label,
  };
  const raw = endpointFromCatalog(issued.catalog, wanted, issued.projectId);
  const name = `the ${wanted.serviceType} endpoint of the service catalog (${raw})`;
  const { url, projectId } = deploymentUrlOf(raw, name);
  if (projectId && projectId !== issued.projectId) {
    throw new SuiteConfigError(`${name} names project ${projectId}, not the project the token of ${label} is scoped to (${issued.projectId}); set CONFORMANCE_BASE_URL instead`);
  }
  const where = [wanted.serviceType, wanted.interface, wanted.region].filter(Boolean).join(', ');
  return { baseUrl: raw, description: `${url.href.replace(/\/$/, '')} from the service catalog of ${label} (${where})` };
}

export async function resolveCredentials(env: Env, timeoutMs: number): Promise<Discovery | undefined> {
  const first = tenantSettings(env, FIRST_TENANT);
  let discovery: Discovery | undefined;
  if (first) {
    const issued = await tokenFor(first, timeoutMs);
    if (env.CONFORMANCE_PROJECT_ID && env.CONFORMANCE_PROJECT_ID !== issued.projectId) {
      throw new SuiteConfigError(`CONFORMANCE_PROJECT_ID differs from the project the OS_* token is scoped to (${issued.projectId})`);
    }
    if (!env.CONFORMANCE_BASE_URL?.trim()) {
      discovery = discover(first, issued, env);
      process.env.CONFORMANCE_BASE_URL = discovery.baseUrl;
    }
    exportTlsSettings(first, env);
    process.env.CONFORMANCE_AUTH_TOKEN = issued.token;
    process.env.CONFORMANCE_PROJECT_ID = issued.projectId;
  }
  const second = tenantSettings(env, SECOND_TENANT, first?.settings);
  if (second) {
    const issued = await tokenFor(second, timeoutMs);
    process.env.CONFORMANCE_OTHER_AUTH_TOKEN = issued.token;
    process.env.CONFORMANCE_OTHER_PROJECT_ID = issued.projectId;
  }
  return discovery;
}
