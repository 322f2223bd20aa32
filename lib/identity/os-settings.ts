/**
 * OpenStack client settings (auth_url, username, application_credential_id, region_name ...)
 * from the two places an operator keeps them: a cloud of clouds.yaml (./clouds-file) and OS_*
 * environment variables, which win over the file as they do for the openstack CLI. Every value
 * remembers where it came from, so a message can name the variable or the key to fix.
 */

/** One setting's value and where it was read. */
export interface Setting {
  value: string;
  /** The variable (`OS_PASSWORD`) or the clouds.yaml key (`auth.password of cloud 'prod'`). */
  source: string;
  fromFile: boolean;
}

/** Settings by openstacksdk's key names (lower case, `_`): auth_url, project_name, ... */
export type OsSettings = Record<string, Setting>;

/**
 * Older spellings the OpenStack clients still accept, to the name used here (openstacksdk's
 * `_fix_backwards_*`): tenant for project, endpoint_type for interface, auth_plugin for auth_type.
 */
const ALIASES: Record<string, string> = {
  tenant_id: 'project_id',
  tenant_name: 'project_name',
  endpoint_type: 'interface',
  auth_plugin: 'auth_type',
  auth_token: 'token',
};

export function canonicalKey(raw: string): string {
  const key = raw.toLowerCase().replace(/-/g, '_');
  return ALIASES[key] ?? key;
}

/** Variables that choose where settings come from rather than being settings themselves. */
const SELECTORS = new Set(['cloud', 'cloud_name', 'client_config_file', 'client_secure_file']);

/** The OS_* (or CONFORMANCE_OTHER_OS_*) variables as settings. */
export function settingsFromEnvironment(env: Record<string, string | undefined>, prefix: string): OsSettings {
  const out: OsSettings = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(prefix)) continue;
    const value = raw?.trim();
    const key = canonicalKey(name.slice(prefix.length));
    if (!value || SELECTORS.has(key)) continue;
    out[key] = { value, source: name, fromFile: false };
  }
  return out;
}

/** What a credential needs to be used at all: the pieces that make an identity "configured". */
export const CREDENTIAL_KEYS = ['auth_url', 'username', 'user_id', 'password', 'application_credential_id', 'application_credential_name', 'application_credential_secret', 'token'] as const;
/** The secret pieces: without one of them nothing can be exchanged for a token. */
export const SECRET_KEYS = ['password', 'application_credential_secret', 'token'] as const;

/**
 * What the second tenant takes from the first when it does not say: where the identity service
 * is and how to reach it, never who it is (user, project, secrets).
 */
const SHARED_WITH_SECOND_TENANT = ['auth_url', 'user_domain_id', 'user_domain_name', 'project_domain_id', 'project_domain_name', 'domain_id', 'domain_name', 'region_name', 'interface', 'cacert', 'verify', 'data_processing_service_type'];

export function withSharedSettings(own: OsSettings, first: OsSettings): OsSettings {
  const out = { ...own };
  for (const key of SHARED_WITH_SECOND_TENANT) if (!out[key] && first[key]) out[key] = first[key]!;
  return out;
}

/** The setting as a message shows it: `OS_USERNAME=user-a`, or `user-a (auth.username of cloud 'prod')`. */
export function shown(setting: Setting): string {
  return setting.fromFile ? `${setting.value} (${setting.source})` : `${setting.source}=${setting.value}`;
}
