/**
 * A configuration mistake never looks like a broken server (issue 24, item 3): each tenant's
 * credentials are tried before any test, and a refused token, a token of another project, or the
 * same project twice stops the run with exit 3 and one line naming the setting to fix. With an
 * identity service (OS_AUTH_URL), a token given as it is is read back there, so "not valid" and
 * "valid for another project" are told apart.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { KEYSTONE_USERS, saharaCatalog, startFakeKeystone, type FakeKeystone } from './support/fake-keystone';
import { runCommandLine } from './support/run-command-line';

test.describe.configure({ mode: 'parallel' });

const { a, b } = SEED_PROJECTS;
const NOT_A_PROJECT = '0000aaaa1111bbbb2222cccc3333dddd';

async function withTargets(body: (mock: RunningMock, keystone: FakeKeystone) => Promise<void>): Promise<void> {
  const mock = await startMockServer();
  const keystone = await startFakeKeystone({ catalog: saharaCatalog(mock.baseUrl) });
  try {
    await body(mock, keystone);
  } finally {
    keystone.close();
    await mock.close();
  }
}

/** Exit 3, the one line, no test run and no stack trace. */
async function expectRefusedStart(settings: Record<string, string>, line: RegExp): Promise<void> {
  const run = await runCommandLine([], settings);
  expect(run.exitCode, run.stdout + run.stderr).toBe(3);
  expect(run.stderr).toMatch(line);
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at |Running \d+ tests/);
  expect(run.report).toBeUndefined();
}

const cases: { what: string; settings: (mock: RunningMock, keystone: FakeKeystone) => Record<string, string>; line: RegExp }[] = [
  {
    what: 'a second-project token the target refuses, no identity service to ask',
    settings: (mock) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_OTHER_AUTH_TOKEN: 'gAAAAA-not-a-token' }),
    line: new RegExp(`the target refused CONFORMANCE_OTHER_AUTH_TOKEN for CONFORMANCE_OTHER_PROJECT_ID=${b.projectId} \\(401 on GET .*\\): the token is not valid, or it is valid for another project than CONFORMANCE_OTHER_PROJECT_ID; set OS_AUTH_URL`),
  },
  {
    what: 'a second-project token that is not valid, told by the identity service',
    settings: (mock, keystone) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), OS_AUTH_URL: keystone.url, CONFORMANCE_OTHER_AUTH_TOKEN: 'gAAAAA-not-a-token' }),
    line: /CONFORMANCE_OTHER_AUTH_TOKEN is not a valid token: the identity service at OS_AUTH_URL does not accept it/,
  },
  {
    what: 'a second-project token of the tested project',
    settings: (mock, keystone) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), OS_AUTH_URL: keystone.url, CONFORMANCE_OTHER_AUTH_TOKEN: a.token }),
    line: new RegExp(`CONFORMANCE_OTHER_AUTH_TOKEN is valid but for project ${a.projectId}, not CONFORMANCE_OTHER_PROJECT_ID=${b.projectId}: set CONFORMANCE_OTHER_PROJECT_ID=${a.projectId}, or give a token of project ${b.projectId}`),
  },
  {
    what: 'a project id that is not the token\'s: the project is named, not the token',
    settings: (mock, keystone) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), OS_AUTH_URL: keystone.url, CONFORMANCE_PROJECT_ID: NOT_A_PROJECT }),
    line: new RegExp(`CONFORMANCE_AUTH_TOKEN is valid but for project ${a.projectId}, not CONFORMANCE_PROJECT_ID=${NOT_A_PROJECT}: set CONFORMANCE_PROJECT_ID=${a.projectId}`),
  },
  {
    what: 'a tested-project token that is not valid, told by the identity service',
    settings: (mock, keystone) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), OS_AUTH_URL: keystone.url, CONFORMANCE_AUTH_TOKEN: 'gAAAAA-expired' }),
    line: /CONFORMANCE_AUTH_TOKEN is not a valid token/,
  },
  {
    what: 'the same project twice',
    settings: (mock) => ({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_OTHER_PROJECT_ID: a.projectId, CONFORMANCE_OTHER_AUTH_TOKEN: a.token }),
    line: new RegExp(`CONFORMANCE_OTHER_PROJECT_ID is the same project as CONFORMANCE_PROJECT_ID \\(${a.projectId}\\): the cross-tenant checks need a second project`),
  },
  {
    what: 'two clouds of the same project',
    settings: (mock, keystone) => {
      const dir = mkdtempSync(join(tmpdir(), 'same-project-'));
      const clouds = join(dir, 'clouds.yaml');
      const user = KEYSTONE_USERS.a;
      writeFileSync(clouds, `clouds:\n  one:\n    auth:\n      auth_url: ${keystone.url}\n      username: ${user.name}\n      password: ${user.password}\n      project_name: ${user.projectName}\n      user_domain_name: Default\n      project_domain_name: Default\n  again:\n    auth:\n      username: ${user.name}\n      password: ${user.password}\n      project_name: ${user.projectName}\n`);
      return { OS_CLIENT_CONFIG_FILE: clouds, OS_CLOUD: 'one', CONFORMANCE_OTHER_OS_CLOUD: 'again' };
    },
    line: new RegExp(`CONFORMANCE_OTHER_OS_CLOUD=again gives a token of project ${a.projectId}, the same project as OS_CLOUD=one: the cross-tenant checks need a second project`),
  },
];

for (const c of cases) {
  test(`${c.what}: exit 3 and the setting named, before any test`, async () => {
    await withTargets(async (mock, keystone) => {
      await expectRefusedStart(c.settings(mock, keystone), c.line);
      expect(mock.store.jobExecutions.size, 'nothing was made on the target').toBe(0);
    });
  });
}
