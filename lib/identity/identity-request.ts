/**
 * What to ask the identity service (Keystone v3; IAM for MRS, mrs_02_0009) for a project-scoped
 * token, decided from OpenStack settings: the auth types the OpenStack clients call `password`
 * (user and project by name or id), `v3applicationcredential` and `token`. Without `auth_type`
 * the type follows from the secret given, as a user would expect. Anything missing or
 * unsupported is one line naming the settings to fix.
 */
import { SuiteConfigError } from '../errors';
import { shown, type OsSettings, type Setting } from './os-settings';

type Ref = { id: string } | { name: string; domain: { id: string } | { name: string } };

export type IdentityMethod =
  | { kind: 'password'; user: Ref; password: string; shownAs: string }
  | { kind: 'application-credential'; credential: { id: string } | { name: string; user: Ref }; secret: string; shownAs: string }
  | { kind: 'token'; token: string; shownAs: string };

export interface IdentityRequest {
  /** Where the settings came from, for messages: `OS_CLOUD=prod`, `the OS_* variables`. */
  label: string;
  authUrl: Setting;
  method: IdentityMethod;
  /** The project to scope to; an application credential carries its own. */
  project?: Ref;
}

const AUTH_TYPES: Record<string, IdentityMethod['kind']> = {
  password: 'password',
  v3password: 'password',
  v3applicationcredential: 'application-credential',
  applicationcredential: 'application-credential',
  token: 'token',
  v3token: 'token',
};

/** How to name a setting that is missing: the variable, and the clouds.yaml key when a cloud is used. */
export interface Naming {
  prefix: string;
  cloud?: string;
}

function nameOf(naming: Naming, key: string, inAuth = true): string {
  const variable = `${naming.prefix}${key.toUpperCase()}`;
  return naming.cloud ? `${variable} (or ${inAuth ? 'auth.' : ''}${key} of cloud '${naming.cloud}')` : variable;
}

function domainOf(s: OsSettings, kind: 'user' | 'project'): { id: string } | { name: string } {
  const id = s[`${kind}_domain_id`]?.value ?? s.domain_id?.value;
  if (id) return { id };
  // Keystone's own default domain, as the suite assumed before it read clouds.yaml.
  return { name: s[`${kind}_domain_name`]?.value ?? s.domain_name?.value ?? 'Default' };
}

function userOf(s: OsSettings): Ref | undefined {
  if (s.user_id) return { id: s.user_id.value };
  if (s.username) return { name: s.username.value, domain: domainOf(s, 'user') };
  return undefined;
}

function projectOf(s: OsSettings): Ref | undefined {
  if (s.project_id) return { id: s.project_id.value };
  if (s.project_name) return { name: s.project_name.value, domain: domainOf(s, 'project') };
  return undefined;
}

function kindOf(s: OsSettings, naming: Naming): IdentityMethod['kind'] {
  const declared = s.auth_type;
  if (declared) {
    const kind = AUTH_TYPES[declared.value.toLowerCase()];
    if (!kind) throw new SuiteConfigError(`${declared.source}=${declared.value} is not an auth type this suite speaks: use password, v3applicationcredential or token`);
    return kind;
  }
  if (s.application_credential_secret || s.application_credential_id || s.application_credential_name) return 'application-credential';
  if (s.password) return 'password';
  if (s.token) return 'token';
  const secrets = `${naming.prefix}PASSWORD, ${naming.prefix}APPLICATION_CREDENTIAL_SECRET (with _ID or _NAME), ${naming.prefix}TOKEN`;
  if (naming.cloud) throw new SuiteConfigError(`cloud '${naming.cloud}' has none of auth.password, auth.application_credential_secret, auth.token (nor are ${secrets} set): the suite cannot get a token without one`);
  const present = Object.values(s).map((setting) => setting.source).sort();
  const [list, are] = present.length ? [present.join(', '), present.length === 1 ? 'is' : 'are'] : [`no ${naming.prefix}* variable`, 'is'];
  throw new SuiteConfigError(`${list} ${are} set but none of ${secrets} is: the suite cannot get a token without one`);
}

function need(s: OsSettings, key: string, naming: Naming, why: string): Setting {
  const setting = s[key];
  if (!setting?.value) throw new SuiteConfigError(`${nameOf(naming, key)} is not set (${why})`);
  return setting;
}

export function identityRequestFrom(s: OsSettings, naming: Naming): IdentityRequest {
  const label = naming.cloud ? `${naming.prefix}CLOUD=${naming.cloud}` : `the ${naming.prefix}* variables`;
  const kind = kindOf(s, naming);
  // Asked for after the method's own pieces: a missing secret is the first thing to say.
  const authUrl = () => need(s, 'auth_url', naming, 'the identity service, e.g. https://keystone.example.com:5000/v3');
  if (kind === 'password') {
    const password = need(s, 'password', naming, 'the password auth type needs it');
    const user = userOf(s);
    if (!user) throw new SuiteConfigError(`${nameOf(naming, 'username')} or ${naming.prefix}USER_ID is not set (the password auth type needs the user)`);
    const project = projectOf(s);
    if (!project) throw new SuiteConfigError(`${nameOf(naming, 'project_name')} or ${naming.prefix}PROJECT_ID must name the project to scope the token to`);
    return { label, authUrl: authUrl(), project, method: { kind, user, password: password.value, shownAs: `the credentials of ${shownUser(s)}` } };
  }
  if (kind === 'application-credential') {
    const secret = need(s, 'application_credential_secret', naming, 'an application credential needs its secret');
    const id = s.application_credential_id?.value;
    const name = s.application_credential_name?.value;
    if (id) return { label, authUrl: authUrl(), method: { kind, credential: { id }, secret: secret.value, shownAs: `the application credential ${shown(s.application_credential_id!)}` } };
    if (!name) throw new SuiteConfigError(`${nameOf(naming, 'application_credential_id')} is not set (or _NAME with the user that owns it)`);
    const user = userOf(s);
    if (!user) throw new SuiteConfigError(`${nameOf(naming, 'application_credential_name')} names a credential by name: ${naming.prefix}USERNAME or ${naming.prefix}USER_ID must name its owner`);
    return { label, authUrl: authUrl(), method: { kind, credential: { name, user }, secret: secret.value, shownAs: `the application credential ${shown(s.application_credential_name!)}` } };
  }
  const token = need(s, 'token', naming, 'the token auth type needs it');
  return { label, authUrl: authUrl(), project: projectOf(s), method: { kind, token: token.value, shownAs: `the token of ${token.source}` } };
}

function shownUser(s: OsSettings): string {
  return shown((s.username ?? s.user_id)!);
}
