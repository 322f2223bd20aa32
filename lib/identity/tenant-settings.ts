/**
 * The OpenStack settings of each tenant the suite acts as: the tested project from OS_CLOUD
 * and the OS_* variables (the openstack CLI's names), the second tenant from
 * CONFORMANCE_OTHER_OS_CLOUD and CONFORMANCE_OTHER_OS_*. Variables win over the cloud's keys.
 * A static token (CONFORMANCE_AUTH_TOKEN) with OS_* variables that hold no secret means the
 * variables are an openrc left in the shell: they are not used, and nothing is asked of Keystone.
 */
import { cloudSettings } from './clouds-file';
import type { Naming } from './identity-request';
import { CREDENTIAL_KEYS, SECRET_KEYS, settingsFromEnvironment, withSharedSettings, type OsSettings } from './os-settings';

type Env = Record<string, string | undefined>;

export interface TenantSettings {
  settings: OsSettings;
  naming: Naming;
}

interface Tenant {
  prefix: string;
  cloudVariable: string;
  staticToken: string;
}

export const FIRST_TENANT: Tenant = { prefix: 'OS_', cloudVariable: 'OS_CLOUD', staticToken: 'CONFORMANCE_AUTH_TOKEN' };
export const SECOND_TENANT: Tenant = { prefix: 'CONFORMANCE_OTHER_OS_', cloudVariable: 'CONFORMANCE_OTHER_OS_CLOUD', staticToken: 'CONFORMANCE_OTHER_AUTH_TOKEN' };

function has(settings: OsSettings, keys: readonly string[]): boolean {
  return keys.some((key) => settings[key]);
}

/** Whether the tenant's credentials are to come from the identity service. */
export function identityRequested(env: Env, tenant: Tenant = FIRST_TENANT): boolean {
  if (env[tenant.cloudVariable]?.trim()) return true;
  const fromVariables = settingsFromEnvironment(env, tenant.prefix);
  if (!has(fromVariables, CREDENTIAL_KEYS)) return false;
  return !env[tenant.staticToken]?.trim() || has(fromVariables, SECRET_KEYS);
}

/** The tenant's settings, or undefined when it is not to use the identity service. */
export function tenantSettings(env: Env, tenant: Tenant, first?: OsSettings): TenantSettings | undefined {
  if (!identityRequested(env, tenant)) return undefined;
  const cloud = env[tenant.cloudVariable]?.trim();
  const fromFile = cloud ? cloudSettings(cloud, tenant.cloudVariable, env).settings : {};
  const own = { ...fromFile, ...settingsFromEnvironment(env, tenant.prefix) };
  return { settings: first ? withSharedSettings(own, first) : own, naming: { prefix: tenant.prefix, cloud } };
}
