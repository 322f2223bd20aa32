/**
 * A run configured the OpenStack way, end to end: OS_CLOUD and a clouds.yaml (an application
 * credential for the tested project, a password in secure.yaml for the second tenant), no
 * CONFORMANCE_BASE_URL - the address comes from the service catalog - and no secret in any
 * output. Also: OS_* variables alone, a catalog without the service, unusable settings, a dry run.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { KEYSTONE_USERS, saharaCatalog, startFakeKeystone } from './support/fake-keystone';
import { runConformanceSuite } from './support/run-suite';
import { findValues, secretForms } from './support/secret-scan';

const { a, b } = KEYSTONE_USERS;

/** The fixture ids a user still gives: everything about the target and who they are comes from OpenStack settings. */
function fixtureIdsOnly(mockUrl: string): Record<string, string> {
  const env = seedEnvironment(mockUrl, 'sahara');
  for (const name of ['CONFORMANCE_BASE_URL', 'CONFORMANCE_AUTH_TOKEN', 'CONFORMANCE_PROJECT_ID', 'CONFORMANCE_OTHER_AUTH_TOKEN', 'CONFORMANCE_OTHER_PROJECT_ID']) delete env[name];
  return env;
}

function cloudsFiles(keystoneUrl: string): { clouds: string; secure: string } {
  const dir = mkdtempSync(join(tmpdir(), 'os-cloud-'));
  const clouds = join(dir, 'clouds.yaml');
  const secure = join(dir, 'secure.yaml');
  writeFileSync(
    clouds,
    `clouds:
  ci:
    auth_type: v3applicationcredential
    auth:
      auth_url: ${keystoneUrl}
      application_credential_id: ${a.application.id}
      application_credential_secret: ${a.application.secret}
    region_name: RegionOne
    interface: public
  ci-second:
    auth:
      username: ${b.name}
      project_name: ${b.projectName}
      user_domain_name: Default
      project_domain_name: Default
`,
  );
  writeFileSync(secure, `clouds:\n  ci-second:\n    auth:\n      password: ${b.password}\n`);
  return { clouds, secure };
}

const SECRETS = [a.application.secret, b.password, SEED_PROJECTS.a.token, SEED_PROJECTS.b.token];

test('OS_CLOUD with nothing else but fixture ids certifies the deployment the catalog names', async () => {
  const mock = await startMockServer();
  const keystone = await startFakeKeystone({ catalog: saharaCatalog(mock.baseUrl) });
  try {
    const files = cloudsFiles(keystone.url);
    const run = await runConformanceSuite(
      { ...fixtureIdsOnly(mock.baseUrl), OS_CLOUD: 'ci', CONFORMANCE_OTHER_OS_CLOUD: 'ci-second', OS_CLIENT_CONFIG_FILE: files.clouds, OS_CLIENT_SECURE_FILE: files.secure },
      ['--grep', '@JEX-DEL-001|@JEX-TEN-001'],
    );
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain(`conformance: target ${mock.baseUrl} from the service catalog of OS_CLOUD=ci (data-processing, public, RegionOne)`);
    const outcome = (id: string) => run.report?.requirements.find((r) => r.id === id)?.outcome;
    expect(outcome('JEX-DEL-001'), run.output).toBe('passed');
    // The second tenant's token (a password from secure.yaml) was issued and used.
    expect(outcome('JEX-TEN-001'), run.output).toBe('passed');
    expect((run.report as unknown as { target: { baseUrl: string } }).target.baseUrl).toBe(mock.baseUrl);
    expect(keystone.received.filter((r) => r.method === 'POST')).toHaveLength(2);
    for (const secret of SECRETS) for (const form of secretForms(secret)) expect(run.output).not.toContain(form);
    expect(findValues([run.reportDir], SECRETS)).toEqual([]);
  } finally {
    keystone.close();
    await mock.close();
  }
});

test('application-credential variables alone, without a clouds.yaml, are enough', async () => {
  const mock = await startMockServer();
  const keystone = await startFakeKeystone({ catalog: saharaCatalog(mock.baseUrl) });
  try {
    const run = await runConformanceSuite(
      { ...fixtureIdsOnly(mock.baseUrl), OS_AUTH_URL: keystone.url, OS_APPLICATION_CREDENTIAL_ID: a.application.id, OS_APPLICATION_CREDENTIAL_SECRET: a.application.secret },
      ['--grep', '@JEX-DEL-001'],
    );
    expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-001')?.outcome, run.output).toBe('passed');
    expect(run.output).toContain('from the service catalog of the OS_* credentials (data-processing, public)');
    for (const form of secretForms(a.application.secret)) expect(run.output).not.toContain(form);
  } finally {
    keystone.close();
    await mock.close();
  }
});

test('a catalog without the service, or OS_* settings that cannot be used, stop the run with one line and exit 3', async () => {
  const mock = await startMockServer();
  const keystone = await startFakeKeystone({ catalog: (projectId) => saharaCatalog(mock.baseUrl)(projectId).slice(0, 1) });
  try {
    const credential = { OS_AUTH_URL: keystone.url, OS_APPLICATION_CREDENTIAL_ID: a.application.id, OS_APPLICATION_CREDENTIAL_SECRET: a.application.secret };
    const noService = await runConformanceSuite({ ...fixtureIdsOnly(mock.baseUrl), ...credential });
    expect(noService.exitCode, noService.output).toBe(3);
    expect(noService.output.trim()).toBe(
      "conformance: the service catalog of the OS_* credentials has no data-processing service (it lists identity); set CONFORMANCE_BASE_URL to the deployment's address instead, or OS_DATA_PROCESSING_SERVICE_TYPE to the type it is registered under",
    );
    const unusable = await runConformanceSuite({ ...fixtureIdsOnly(mock.baseUrl), OS_AUTH_URL: keystone.url, OS_APPLICATION_CREDENTIAL_ID: a.application.id });
    expect(unusable.exitCode, unusable.output).toBe(3);
    expect(unusable.output.trim()).toBe('conformance: OS_APPLICATION_CREDENTIAL_SECRET is not set (an application credential needs its secret)');
    const noCloud = await runConformanceSuite({ ...fixtureIdsOnly(mock.baseUrl), OS_CLOUD: 'prod', OS_CLIENT_CONFIG_FILE: join(tmpdir(), 'no-such-clouds.yaml') });
    expect(noCloud.exitCode, noCloud.output).toBe(3);
    expect(noCloud.output.trim()).toBe(`conformance: OS_CLIENT_CONFIG_FILE names ${join(tmpdir(), 'no-such-clouds.yaml')}, which does not exist`);
  } finally {
    keystone.close();
    await mock.close();
  }
});

test('a dry run with OS_CLOUD names the catalog as the target and asks the identity service nothing', async () => {
  const mock = await startMockServer();
  const keystone = await startFakeKeystone({ catalog: saharaCatalog(mock.baseUrl) });
  try {
    const files = cloudsFiles(keystone.url);
    const run = await runConformanceSuite({ ...fixtureIdsOnly(mock.baseUrl), OS_CLOUD: 'ci', OS_CLIENT_CONFIG_FILE: files.clouds, CONFORMANCE_DRY_RUN: '1' }, ['--grep', '@JEX-DEL-001']);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain('the data-processing endpoint in the service catalog of OS_CLOUD=ci (not looked up in a dry run)');
    expect(keystone.received).toEqual([]);
  } finally {
    keystone.close();
    await mock.close();
  }
});
