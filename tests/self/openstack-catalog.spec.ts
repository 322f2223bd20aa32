/**
 * The identity service's side: a token for each auth type from a Keystone stand-in (what is
 * sent, and what is not: no scope beside an application credential), the deployment's address
 * picked from the token's catalog (one match, none, several, region and interface), and
 * OS_CACERT trusted for an https identity service.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityRequestFrom } from '../../lib/identity/identity-request';
import { issueToken } from '../../lib/identity/keystone-tokens';
import { endpointFromCatalog, type CatalogEntry } from '../../lib/identity/service-catalog';
import { FIRST_TENANT, tenantSettings } from '../../lib/identity/tenant-settings';
import { connectionPolicyOf } from '../../lib/config';
import { SEED_PROJECTS } from '../../mock/seed';
import { KEYSTONE_USERS, saharaCatalog, startFakeKeystone } from './support/fake-keystone';

const NODE_TRUST = { insecure: false };
const requestFor = (env: Record<string, string>) => identityRequestFrom(tenantSettings(env, FIRST_TENANT)!.settings, { prefix: 'OS_' });
const user = KEYSTONE_USERS.a;

test('each auth type gets the project-scoped token; an application credential is sent without a scope', async () => {
  const keystone = await startFakeKeystone({ catalog: saharaCatalog('http://sahara.example:8386') });
  try {
    const auth = { OS_AUTH_URL: keystone.url };
    const variants: Record<string, string>[] = [
      { ...auth, OS_USERNAME: user.name, OS_PASSWORD: user.password, OS_PROJECT_NAME: user.projectName },
      { ...auth, OS_USER_ID: user.id, OS_PASSWORD: user.password, OS_PROJECT_ID: SEED_PROJECTS.a.projectId, OS_USER_DOMAIN_ID: 'default' },
      { ...auth, OS_APPLICATION_CREDENTIAL_ID: user.application.id, OS_APPLICATION_CREDENTIAL_SECRET: user.application.secret },
      { ...auth, OS_APPLICATION_CREDENTIAL_NAME: user.application.name, OS_USERNAME: user.name, OS_APPLICATION_CREDENTIAL_SECRET: user.application.secret },
      { ...auth, OS_TOKEN: user.token, OS_PROJECT_NAME: user.projectName },
      // A token already scoped is read as it is (it validates itself): no project to move it to.
      { ...auth, OS_AUTH_TYPE: 'v3token', OS_TOKEN: SEED_PROJECTS.a.token },
    ];
    for (const env of variants) {
      const issued = await issueToken(requestFor(env), NODE_TRUST, 5_000);
      expect(issued, JSON.stringify(env)).toMatchObject({ token: SEED_PROJECTS.a.token, projectId: SEED_PROJECTS.a.projectId });
      expect(issued.catalog.map((entry) => entry.type)).toEqual(['identity', 'data-processing']);
    }
    const sentWithCredential = keystone.received.filter((r) => r.body?.auth?.identity?.methods?.includes('application_credential'));
    expect(sentWithCredential).toHaveLength(2);
    for (const r of sentWithCredential) expect(r.body.auth.scope).toBeUndefined();
    expect(keystone.received.at(-1)).toMatchObject({ method: 'GET', path: '/v3/auth/tokens' });
  } finally {
    keystone.close();
  }
});

test('a refused secret is one line naming whose, and never the secret', async () => {
  const keystone = await startFakeKeystone();
  try {
    const wrong = 'not-the-secret-7777';
    const attempt = issueToken(requestFor({ OS_AUTH_URL: keystone.url, OS_APPLICATION_CREDENTIAL_ID: user.application.id, OS_APPLICATION_CREDENTIAL_SECRET: wrong }), NODE_TRUST, 5_000);
    await expect(attempt).rejects.toThrow(`the identity service refused the application credential OS_APPLICATION_CREDENTIAL_ID=${user.application.id} (401 from POST /v3/auth/tokens)`);
  } finally {
    keystone.close();
  }
});

const catalog: CatalogEntry[] = [
  { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: 'http://keystone:5000/v3' }] },
  {
    type: 'data-processing',
    name: 'sahara',
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', url: 'http://sahara-one:8386/v1.1/%(tenant_id)s' },
      { interface: 'internal', region_id: 'RegionOne', url: 'http://10.0.0.5:8386/v1.1/%(tenant_id)s' },
      { interface: 'public', region_id: 'RegionTwo', url: 'http://sahara-two:8386/v1.1/$(project_id)s' },
    ],
  },
];
const wanted = (more: { interface?: string; region?: string; serviceType?: string } = {}) => ({ serviceType: 'data-processing', interface: 'public', label: 'OS_CLOUD=prod', ...more });

test('the catalog gives one address for service type, interface and region, with the project filled in', () => {
  expect(endpointFromCatalog(catalog, wanted({ region: 'RegionOne' }), 'p-1')).toBe('http://sahara-one:8386/v1.1/p-1');
  expect(endpointFromCatalog(catalog, wanted({ region: 'RegionTwo' }), 'p-1')).toBe('http://sahara-two:8386/v1.1/p-1');
  expect(endpointFromCatalog(catalog, wanted({ interface: 'internalURL' }), 'p-1')).toBe('http://10.0.0.5:8386/v1.1/p-1');
  expect(endpointFromCatalog(catalog.slice(0, 1).concat({ type: 'mrs', endpoints: [{ interface: 'public', region: 'eu-de', url: 'https://mrs.eu-de.example' }] }), wanted({ serviceType: 'mrs' }), 'p-1')).toBe('https://mrs.eu-de.example');
});

test('none or several addresses is one line listing what the catalog offers', () => {
  expect(() => endpointFromCatalog(catalog.slice(0, 1), wanted(), 'p')).toThrow(
    'the service catalog of OS_CLOUD=prod has no data-processing service (it lists identity); set CONFORMANCE_BASE_URL to the deployment\'s address instead, or OS_DATA_PROCESSING_SERVICE_TYPE to the type it is registered under',
  );
  expect(() => endpointFromCatalog(catalog, wanted({ interface: 'admin' }), 'p')).toThrow(
    /^the service catalog of OS_CLOUD=prod has no admin data-processing endpoint \(it offers: internal RegionOne http:\/\/10\.0\.0\.5:8386\/v1\.1\/%\(tenant_id\)s; public RegionOne .*; public RegionTwo .*\); set OS_INTERFACE \/ OS_REGION_NAME to one of them/,
  );
  expect(() => endpointFromCatalog(catalog, wanted({ region: 'RegionNine' }), 'p')).toThrow(/has no public data-processing endpoint in region RegionNine \(it offers: /);
  expect(() => endpointFromCatalog(catalog, wanted(), 'p')).toThrow(
    /^the service catalog of OS_CLOUD=prod has 2 public data-processing endpoints \(public RegionOne http:\/\/sahara-one.*; public RegionTwo http:\/\/sahara-two.*\); set OS_REGION_NAME to choose one/,
  );
  // A hostile or broken catalog is read as far as it makes sense, never trusted to be well formed.
  expect(() => endpointFromCatalog([{ type: 'data-processing', endpoints: 'nope' }, null as unknown as CatalogEntry].filter(Boolean), wanted(), 'p')).toThrow(/has no public data-processing endpoint \(it offers: no endpoints\)/);
});

test('OS_CACERT is trusted for an https identity service; without it the certificate is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-ca-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const keystone = await startFakeKeystone({ tls: { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') } });
  try {
    const request = requestFor({ OS_AUTH_URL: keystone.url, OS_APPLICATION_CREDENTIAL_ID: user.application.id, OS_APPLICATION_CREDENTIAL_SECRET: user.application.secret });
    await expect(issueToken(request, NODE_TRUST, 5_000)).rejects.toThrow(/^cannot reach the identity service at OS_AUTH_URL \(https:\/\/127\.0\.0\.1:\d+\): self[- ]signed certificate/);
    expect((await issueToken(request, connectionPolicyOf({ OS_CACERT: cert }), 5_000)).projectId).toBe(SEED_PROJECTS.a.projectId);
    expect(() => connectionPolicyOf({ OS_CACERT: join(dir, 'missing.pem') })).toThrow(`OS_CACERT names ${join(dir, 'missing.pem')}, which cannot be read (ENOENT)`);
  } finally {
    keystone.close();
  }
});
