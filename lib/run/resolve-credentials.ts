/**
 * Turns OpenStack credentials into what a run needs, once, before any worker starts: a token
 * and project for each tenant (clouds.yaml and OS_* for the tested project,
 * CONFORMANCE_OTHER_OS_CLOUD / CONFORMANCE_OTHER_OS_* for the second) and, when no
 * CONFORMANCE_BASE_URL is given, the deployment's address from the first token's service
 * catalog. The results are settings laid over the configured ones, as if they had been
 * configured; with no OpenStack credentials, a static CONFORMANCE_AUTH_TOKEN is used as it is.
 */
import { resolve } from 'node:path';
import { connectionPolicyOf, loadSuiteConfig, profileOf, type SuiteConfig } from '../config';
import { registerSecretsFromEnvironment } from '../redact';
import { deploymentUrlOf } from '../deployment-url';
import { SuiteConfigError } from '../errors';
import { identityRequestFrom } from '../identity/identity-request';
import { issueToken, type IssuedToken } from '../identity/keystone-tokens';
import { endpointFromCatalog, normalisedInterface } from '../identity/service-catalog';
import { FIRST_TENANT, SECOND_TENANT, tenantSettings, type TenantSettings } from '../identity/tenant-settings';
import { loadProfiles } from '../profiles';
import { STATIC_ORIGINS, type CredentialOrigins } from './credential-check';

type Env = Record<string, string | undefined>;

/** Where a discovered address came from, for the run's console: one line. */
export interface Discovery {
  baseUrl: string;
  description: string;
}

/** What the credentials resolved to: settings that replace the configured ones, where the address came from, and where each token came from. */
export interface ResolvedCredentials {
  settings: Record<string, string>;
  discovery?: Discovery;
  origins: CredentialOrigins;
}

function labelOf(tenant: TenantSettings, variables: string): string {
  return tenant.naming.cloud ? `${tenant.naming.prefix === 'OS_' ? 'OS_CLOUD' : 'CONFORMANCE_OTHER_OS_CLOUD'}=${tenant.naming.cloud}` : `the ${variables} variables`;
}

/** clouds.yaml's `cacert` and `verify: false`, as the settings the run reads (OS_CACERT, CONFORMANCE_INSECURE_TLS). */
function tlsSettingsOf(tenant: TenantSettings, env: Env): Record<string, string> {
  const { cacert, verify } = tenant.settings;
  return {
    ...(cacert && !env.OS_CACERT?.trim() ? { OS_CACERT: resolve(cacert.value) } : {}),
    ...(verify && /^(false|no|0)$/i.test(verify.value) ? { CONFORMANCE_INSECURE_TLS: '1' } : {}),
  };
}

async function tokenFor(tenant: TenantSettings, env: Env, timeoutMs: number): Promise<IssuedToken> {
  const trust = connectionPolicyOf({ ...env, ...tlsSettingsOf(tenant, env), OS_CACERT: tenant.settings.cacert?.value });
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

export async function resolveCredentials(env: Env, timeoutMs: number): Promise<ResolvedCredentials> {
  const first = tenantSettings(env, FIRST_TENANT);
  const settings: Record<string, string> = {};
  let discovery: Discovery | undefined;
  if (first) {
    const issued = await tokenFor(first, env, timeoutMs);
    if (env.CONFORMANCE_PROJECT_ID && env.CONFORMANCE_PROJECT_ID !== issued.projectId) {
      throw new SuiteConfigError(`CONFORMANCE_PROJECT_ID differs from the project the OS_* token is scoped to (${issued.projectId})`);
    }
    if (!env.CONFORMANCE_BASE_URL?.trim()) {
      discovery = discover(first, issued, env);
      settings.CONFORMANCE_BASE_URL = discovery.baseUrl;
    }
    Object.assign(settings, tlsSettingsOf(first, env), { CONFORMANCE_AUTH_TOKEN: issued.token, CONFORMANCE_PROJECT_ID: issued.projectId });
  }
  const origins: CredentialOrigins = {
    primary: first ? { ...STATIC_ORIGINS.primary, issuedFor: labelOf(first, 'OS_*') } : STATIC_ORIGINS.primary,
    other: STATIC_ORIGINS.other,
    authUrl: first?.settings.auth_url?.value ?? env.OS_AUTH_URL?.trim(),
  };
  const second = tenantSettings(env, SECOND_TENANT, first?.settings);
  if (second) {
    const issued = await tokenFor(second, { ...env, ...settings }, timeoutMs);
    origins.other = { ...STATIC_ORIGINS.other, issuedFor: labelOf(second, 'CONFORMANCE_OTHER_OS_*') };
    const primaryProject = settings.CONFORMANCE_PROJECT_ID ?? env.CONFORMANCE_PROJECT_ID?.trim();
    if (issued.projectId === primaryProject) {
      throw new SuiteConfigError(`${origins.other.issuedFor} gives a token of project ${issued.projectId}, the same project as ${origins.primary.issuedFor ?? 'CONFORMANCE_PROJECT_ID'}: the cross-tenant checks need a second project; name another one in ${origins.other.issuedFor}`);
    }
    Object.assign(settings, { CONFORMANCE_OTHER_AUTH_TOKEN: issued.token, CONFORMANCE_OTHER_PROJECT_ID: issued.projectId });
  }
  return { settings, discovery, origins };
}

/** The configuration of a command that is not a run (cleanup, the differential check): credentials resolved, then checked. */
export async function resolvedSuiteConfig(env: Env): Promise<SuiteConfig> {
  registerSecretsFromEnvironment(env);
  const { settings } = await resolveCredentials(env, 15_000);
  return loadSuiteConfig({ ...env, ...settings });
}
