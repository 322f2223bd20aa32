/**
 * OpenStack configuration as operators keep it: where clouds.yaml is looked for and in what
 * order, secure.yaml laid over it, OS_* variables over both, what the second tenant takes from
 * the first, which auth type follows from which settings, and the one line that names what to
 * fix when the settings cannot be used.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { candidateFiles, cloudSettings } from '../../lib/identity/clouds-file';
import { identityRequestFrom } from '../../lib/identity/identity-request';
import { FIRST_TENANT, identityRequested, SECOND_TENANT, tenantSettings } from '../../lib/identity/tenant-settings';
import { redactText } from '../../lib/redact';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'clouds-'));
}

function cloudsFile(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const cloud = (name: string, authUrl: string, extra = '') => `clouds:\n  ${name}:\n    auth:\n      auth_url: ${authUrl}\n      username: user-a\n      password: pw-from-${name}\n      project_name: proj-a\n${extra}`;

test('the search order is OS_CLIENT_CONFIG_FILE, then the working folder, ~/.config/openstack and /etc/openstack', () => {
  const home = folder();
  const cwd = folder();
  const named = join(folder(), 'mine.yaml');
  const order = candidateFiles('clouds', { HOME: home, OS_CLIENT_CONFIG_FILE: named }, cwd);
  expect(order[0]).toBe(named);
  expect(order.indexOf(join(cwd, 'clouds.yaml'))).toBe(1);
  expect(order.indexOf(join(cwd, 'clouds.yaml'))).toBeLessThan(order.indexOf(join(home, '.config', 'openstack', 'clouds.yaml')));
  expect(order.indexOf(join(home, '.config', 'openstack', 'clouds.yaml'))).toBeLessThan(order.indexOf('/etc/openstack/clouds.yaml'));
  expect(candidateFiles('secure', { HOME: home, OS_CLIENT_SECURE_FILE: named }, cwd)[0]).toBe(named);
});

test('the first clouds.yaml that exists is read: the working folder before the home folder, OS_CLIENT_CONFIG_FILE before both', () => {
  const home = folder();
  const cwd = folder();
  cloudsFile(join(home, '.config', 'openstack'), 'clouds.yaml', cloud('prod', 'http://home.example:5000/v3'));
  expect(cloudSettings('prod', 'OS_CLOUD', { HOME: home }, cwd).settings.auth_url?.value).toBe('http://home.example:5000/v3');
  cloudsFile(cwd, 'clouds.yml', cloud('prod', 'http://cwd.example:5000/v3'));
  expect(cloudSettings('prod', 'OS_CLOUD', { HOME: home }, cwd).settings.auth_url?.value).toBe('http://cwd.example:5000/v3');
  const named = cloudsFile(folder(), 'elsewhere.yaml', cloud('prod', 'http://named.example:5000/v3'));
  expect(cloudSettings('prod', 'OS_CLOUD', { HOME: home, OS_CLIENT_CONFIG_FILE: named }, cwd).settings.auth_url?.value).toBe('http://named.example:5000/v3');
});

test('secure.yaml is laid over clouds.yaml key by key, and the first region is the default', () => {
  const cwd = folder();
  cloudsFile(cwd, 'clouds.yaml', 'clouds:\n  prod:\n    regions: [RegionTwo, RegionThree]\n    auth:\n      auth_url: http://k:5000\n      application_credential_id: ac-1\n');
  cloudsFile(cwd, 'secure.yaml', 'clouds:\n  prod:\n    auth:\n      application_credential_secret: s3cret-from-secure-yaml\n');
  const { settings } = cloudSettings('prod', 'OS_CLOUD', { HOME: folder() }, cwd);
  expect(settings.application_credential_id?.value).toBe('ac-1');
  expect(settings.application_credential_secret?.value).toBe('s3cret-from-secure-yaml');
  expect(settings.region_name?.value).toBe('RegionTwo');
  // Read from a file, a secret is known to the redaction gate at once.
  expect(redactText('leaked s3cret-from-secure-yaml')).toBe('leaked [REDACTED]');
});

test('a cloud that is not there, a missing file and a vendor profile are each one line naming the fix', () => {
  const cwd = folder();
  const home = folder();
  expect(() => cloudSettings('prod', 'OS_CLOUD', { HOME: home }, cwd)).toThrow(/^OS_CLOUD=prod is set but no clouds.yaml was found \(looked in .*\/etc\/openstack\); put one there or name it with OS_CLIENT_CONFIG_FILE$/);
  expect(() => cloudSettings('prod', 'OS_CLOUD', { HOME: home, OS_CLIENT_CONFIG_FILE: join(cwd, 'nope.yaml') }, cwd)).toThrow(`OS_CLIENT_CONFIG_FILE names ${join(cwd, 'nope.yaml')}, which does not exist`);
  const path = cloudsFile(cwd, 'clouds.yaml', `${cloud('staging', 'http://k')}  otc:\n    profile: otc\n    auth:\n      username: u\n`);
  expect(() => cloudSettings('prod', 'OS_CLOUD', { HOME: home }, cwd)).toThrow(`OS_CLOUD=prod: ${path} has no cloud of that name (it has staging, otc)`);
  expect(() => cloudSettings('otc', 'OS_CLOUD', { HOME: home }, cwd)).toThrow(/uses the vendor profile "otc", which this suite does not read: put auth.auth_url in the cloud/);
  cloudsFile(cwd, 'clouds.yaml', 'clouds: [unclosed');
  expect(() => cloudSettings('prod', 'OS_CLOUD', { HOME: home }, cwd)).toThrow(/clouds.yaml is not valid YAML: /);
});

test('OS_* variables win over the cloud; the second tenant takes where Keystone is, never who it is', () => {
  const path = cloudsFile(folder(), 'clouds.yaml', cloud('prod', 'http://file.example:5000/v3', '    region_name: RegionOne\n  other:\n    auth:\n      username: user-b\n      password: pw-b\n      project_name: proj-b\n'));
  const env = { OS_CLIENT_CONFIG_FILE: path, OS_CLOUD: 'prod', OS_REGION_NAME: 'RegionTwo', OS_PASSWORD: 'pw-from-env', CONFORMANCE_OTHER_OS_CLOUD: 'other' };
  const first = tenantSettings(env, FIRST_TENANT)!;
  expect(first.settings.password?.value).toBe('pw-from-env');
  expect(first.settings.region_name?.value).toBe('RegionTwo');
  expect(first.settings.auth_url?.value).toBe('http://file.example:5000/v3');
  const second = tenantSettings(env, SECOND_TENANT, first.settings)!;
  expect(second.settings.auth_url?.value).toBe('http://file.example:5000/v3');
  expect(second.settings.region_name?.value).toBe('RegionTwo');
  expect(second.settings.username?.value).toBe('user-b');
  expect(second.settings.password?.value).toBe('pw-b');
  expect(second.naming).toEqual({ prefix: 'CONFORMANCE_OTHER_OS_', cloud: 'other' });
  // Nothing of the second tenant's identity comes from the first: without its own secret it has none.
  expect(tenantSettings({ CONFORMANCE_OTHER_OS_USERNAME: 'user-b' }, SECOND_TENANT, first.settings)?.settings.password).toBeUndefined();
});

test('an openrc left in the shell beside a static token is not used; with a secret, or OS_CLOUD, it is', () => {
  const openrc = { OS_AUTH_URL: 'http://k:5000/v3', OS_USERNAME: 'user-a', OS_PROJECT_NAME: 'proj-a', OS_IDENTITY_API_VERSION: '3' };
  expect(identityRequested({ ...openrc, CONFORMANCE_AUTH_TOKEN: 't0ken-static' })).toBe(false);
  expect(identityRequested({ ...openrc, OS_PASSWORD: 'pw', CONFORMANCE_AUTH_TOKEN: 't0ken-static' })).toBe(true);
  expect(identityRequested(openrc)).toBe(true);
  expect(identityRequested({ OS_CLOUD: 'prod' })).toBe(true);
  expect(identityRequested({ OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'internal' })).toBe(false);
});

const request = (env: Record<string, string>) => identityRequestFrom(tenantSettings(env, FIRST_TENANT)!.settings, { prefix: 'OS_' });

test('each auth type: password by names or ids, application credential by id or by name and owner, token', () => {
  const auth = { OS_AUTH_URL: 'http://k:5000/v3' };
  const byNames = request({ ...auth, OS_USERNAME: 'user-a', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'proj-a', OS_USER_DOMAIN_NAME: 'Users', OS_PROJECT_DOMAIN_ID: 'd-1' });
  expect(byNames.method).toMatchObject({ kind: 'password', user: { name: 'user-a', domain: { name: 'Users' } }, password: 'pw' });
  expect(byNames.project).toEqual({ name: 'proj-a', domain: { id: 'd-1' } });
  const byIds = request({ ...auth, OS_USER_ID: 'u-1', OS_PASSWORD: 'pw', OS_PROJECT_ID: 'p-1', OS_AUTH_TYPE: 'v3password' });
  expect(byIds.method).toMatchObject({ kind: 'password', user: { id: 'u-1' } });
  expect(byIds.project).toEqual({ id: 'p-1' });
  // OS_DOMAIN_NAME is the default of both domains (openstacksdk), OS_TENANT_NAME the old project name.
  expect(request({ ...auth, OS_USERNAME: 'u', OS_PASSWORD: 'pw', OS_TENANT_NAME: 't', OS_DOMAIN_NAME: 'Corp' })).toMatchObject({ method: { user: { domain: { name: 'Corp' } } }, project: { name: 't', domain: { name: 'Corp' } } });
  const application = request({ ...auth, OS_APPLICATION_CREDENTIAL_ID: 'ac-1', OS_APPLICATION_CREDENTIAL_SECRET: 'sec' });
  expect(application).toMatchObject({ method: { kind: 'application-credential', credential: { id: 'ac-1' }, secret: 'sec' } });
  expect(application.project).toBeUndefined();
  expect(request({ ...auth, OS_AUTH_TYPE: 'v3applicationcredential', OS_APPLICATION_CREDENTIAL_NAME: 'ci', OS_USERNAME: 'user-a', OS_APPLICATION_CREDENTIAL_SECRET: 'sec' }).method).toMatchObject({
    credential: { name: 'ci', user: { name: 'user-a', domain: { name: 'Default' } } },
  });
  expect(request({ ...auth, OS_TOKEN: 'tok', OS_PROJECT_ID: 'p-1' })).toMatchObject({ method: { kind: 'token', token: 'tok' }, project: { id: 'p-1' } });
  expect(request({ ...auth, OS_AUTH_TYPE: 'v3token', OS_TOKEN: 'tok' }).project).toBeUndefined();
});

test('OS_* settings that cannot be used say which and why, never "not set" about something else', () => {
  const cases: [Record<string, string>, string | RegExp][] = [
    [{ OS_AUTH_URL: 'http://k', OS_USERNAME: 'user-a' }, 'OS_AUTH_URL, OS_USERNAME are set but none of OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET (with _ID or _NAME), OS_TOKEN is: the suite cannot get a token without one'],
    [{ OS_APPLICATION_CREDENTIAL_ID: 'ac-1' }, 'OS_APPLICATION_CREDENTIAL_SECRET is not set (an application credential needs its secret)'],
    [{ OS_APPLICATION_CREDENTIAL_ID: 'ac-1', OS_APPLICATION_CREDENTIAL_SECRET: 'sec' }, 'OS_AUTH_URL is not set (the identity service, e.g. https://keystone.example.com:5000/v3)'],
    [{ OS_AUTH_URL: 'http://k', OS_APPLICATION_CREDENTIAL_NAME: 'ci', OS_APPLICATION_CREDENTIAL_SECRET: 'sec' }, /OS_USERNAME or OS_USER_ID must name its owner/],
    [{ OS_AUTH_URL: 'http://k', OS_USERNAME: 'u', OS_PASSWORD: 'pw' }, 'OS_PROJECT_NAME or OS_PROJECT_ID must name the project to scope the token to'],
    [{ OS_AUTH_URL: 'http://k', OS_PASSWORD: 'pw', OS_PROJECT_ID: 'p' }, 'OS_USERNAME or OS_USER_ID is not set (the password auth type needs the user)'],
    [{ OS_AUTH_URL: 'http://k', OS_AUTH_TYPE: 'v3oidcpassword', OS_PASSWORD: 'pw' }, 'OS_AUTH_TYPE=v3oidcpassword is not an auth type this suite speaks: use password, v3applicationcredential or token'],
  ];
  for (const [env, message] of cases) expect(() => request(env), JSON.stringify(env)).toThrow(message);
  const path = cloudsFile(folder(), 'clouds.yaml', 'clouds:\n  prod:\n    auth:\n      auth_url: http://k\n      username: u\n');
  expect(() => identityRequestFrom(tenantSettings({ OS_CLOUD: 'prod', OS_CLIENT_CONFIG_FILE: path }, FIRST_TENANT)!.settings, { prefix: 'OS_', cloud: 'prod' })).toThrow(
    "cloud 'prod' has none of auth.password, auth.application_credential_secret, auth.token (nor are OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET (with _ID or _NAME), OS_TOKEN set): the suite cannot get a token without one",
  );
});
