/**
 * Password authentication against a Keystone-like identity service: the suite exchanges OS_*
 * credentials for a project-scoped token before any test, refuses wrong credentials with one
 * line, and never prints the password or the token.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { runConformanceSuite } from './support/run-suite';
import { findValues, secretForms } from './support/secret-scan';
import { KEYSTONE_USERS, startFakeKeystone } from './support/fake-keystone';

const PASSWORD = KEYSTONE_USERS.a.password;

/** A plain listener that records every request it gets: where a followed redirect would land. */
async function recordingListener(): Promise<{ origin: string; host: string; close: () => void; received: string[] }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    received.push(`${req.method} ${req.url}`);
    res.writeHead(201, { 'Content-Type': 'application/json', 'X-Subject-Token': SEED_PROJECTS.a.token });
    res.end(JSON.stringify({ token: { project: { id: SEED_PROJECTS.a.projectId, name: 'proj-a' } } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin: `http://${host}`, host, close: () => server.close(), received };
}

function passwordEnvironment(mockUrl: string, keystoneUrl: string, password: string): Record<string, string> {
  const env = seedEnvironment(mockUrl, 'sahara');
  delete env.CONFORMANCE_AUTH_TOKEN;
  delete env.CONFORMANCE_PROJECT_ID;
  return { ...env, OS_AUTH_URL: keystoneUrl, OS_USERNAME: 'user-a', OS_PASSWORD: password, OS_PROJECT_NAME: 'proj-a', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' };
}

test('OS_* credentials are exchanged for a token and the project id comes from it', async () => {
  const [mock, keystone] = await Promise.all([startMockServer(), startFakeKeystone()]);
  try {
    const run = await runConformanceSuite(passwordEnvironment(mock.baseUrl, keystone.url, PASSWORD), ['--grep', '@JEX-DEL-001']);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report?.requirements.find((r) => r.id === 'JEX-DEL-001')?.outcome).toBe('passed');
    expect(keystone.received.length).toBeGreaterThan(0);
    expect(run.output).not.toContain(PASSWORD);
    expect(run.output).not.toContain(SEED_PROJECTS.a.token);
  } finally {
    keystone.close();
    await mock.close();
  }
});

test('a wrong password stops the run with one line, exit 3, and no secret in the output', async () => {
  const [mock, keystone] = await Promise.all([startMockServer(), startFakeKeystone()]);
  try {
    const wrong = 'wrong-password-0000';
    const run = await runConformanceSuite(passwordEnvironment(mock.baseUrl, keystone.url, wrong));
    expect(run.exitCode, run.output).toBe(3);
    expect(run.output.trim()).toBe('conformance: the identity service refused the credentials of OS_USERNAME=user-a (401 from POST /v3/auth/tokens)');
    expect(run.output).not.toContain(wrong);
  } finally {
    keystone.close();
    await mock.close();
  }
});

for (const status of [307, 308, 302]) {
  test(`a ${status} from the identity service is never followed: exit 3, one line, nothing re-sent`, async () => {
    const [mock, elsewhere] = await Promise.all([startMockServer(), recordingListener()]);
    const keystone = await startFakeKeystone({ redirect: { status, location: `${elsewhere.origin}/v3/auth/tokens` } });
    try {
      const run = await runConformanceSuite(passwordEnvironment(mock.baseUrl, keystone.url, PASSWORD));
      const keystoneOrigin = new URL(keystone.url).origin;
      const message = `conformance: the identity service at ${keystoneOrigin} answered ${status} redirecting to host ${elsewhere.host}; credentials are never re-sent: set OS_AUTH_URL to the final address`;
      expect(run.exitCode, run.output).toBe(3);
      expect(run.output.split('\n').filter((line) => line.includes('redirecting to host')), run.output).toEqual([message]);
      expect(run.output.trim()).toBe(message);
      expect(elsewhere.received).toEqual([]);
      for (const form of secretForms(PASSWORD)) expect(run.output).not.toContain(form);
      expect(findValues([run.reportDir], [PASSWORD])).toEqual([]);
    } finally {
      keystone.close();
      elsewhere.close();
      await mock.close();
    }
  });
}
