/**
 * A DELETE whose credentials do not entitle it is refused with 401 (mrs_02_0009, mrs_02_0015)
 * and leaves the job execution in place.
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer, expectJsonErrorBody } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable } from '../../lib/assertions/checks';
import type { Credentials } from '../../lib/client/job-execution-api';

const cases: { title: string; id: string; requirement: string; credentials: Credentials; needsOtherTenant?: boolean }[] = [
  {
    title: 'a DELETE without X-Auth-Token is refused with 401 and deletes nothing',
    id: '4ac612bd-a03f-4238-8d95-2c7b85addaf5',
    requirement: 'JEX-AUTH-001',
    credentials: 'none',
  },
  {
    title: 'a DELETE with a token no identity service issued is refused with 401 and deletes nothing',
    id: '9ce8dded-de0a-4505-814e-3ecbd48a40b9',
    requirement: 'JEX-AUTH-002',
    credentials: 'invalid',
  },
  {
    title: "a DELETE with another project's valid token on this project's URL is refused and deletes nothing",
    id: 'fbb535f9-8cac-4e0b-a784-0746aa199575',
    requirement: 'JEX-AUTH-003',
    credentials: 'other-project',
    needsOtherTenant: true,
  },
];

for (const c of cases) {
  test(
    c.title,
    ...conformance({ id: c.id, requirements: [c.requirement], alsoChecks: ['JEX-ERR-101'], needsOtherTenant: c.needsOtherTenant }, async ({ api, jobExecutions, verify, suiteConfig }) => {
      const { id } = await jobExecutions.create();
      const before = await requireReadable(api, id);
      const refused = await api.deleteJobExecution(id, { credentials: c.credentials });
      await verify(c.requirement, async (expected) => {
        expectAnswer(refused, expected);
        await expectIntact(api, id, before, suiteConfig.settleMs);
      });
      await verify('JEX-ERR-101', () => expectJsonErrorBody(refused));
    }),
  );
}

/**
 * Authentication comes before the lookup (JEX-AUTH-004): a server that looks the id up first
 * answers 404 for an id that names nothing and so tells anyone which ids exist. The existing id
 * is the cases above; here ids that name nothing, well-formed and malformed.
 */
const beforeLookup: { title: string; id: string; credentials: Credentials }[] = [
  {
    title: 'a DELETE without X-Auth-Token is refused with 401 whatever the id names, unknown or malformed',
    id: '3f0f6c1e-5d3b-4a44-9d0e-7b1f2f4d8a61',
    credentials: 'none',
  },
  {
    title: 'a DELETE with a token no identity service issued is refused with 401 whatever the id names, unknown or malformed',
    id: 'c7a2e9d4-18b5-4f0a-a3c6-52e0d9b7f314',
    credentials: 'invalid',
  },
];

for (const c of beforeLookup) {
  test(
    c.title,
    ...conformance({ id: c.id, requirements: ['JEX-AUTH-004'], alsoChecks: ['JEX-ERR-101'] }, async ({ api, ownership, verify }) => {
      const refusals = [
        await api.deleteJobExecution(ownership.unknownId(), { credentials: c.credentials }),
        await api.deleteJobExecution(ownership.probeId('abc'), { credentials: c.credentials }),
      ];
      await verify('JEX-AUTH-004', (expected) => refusals.forEach((refused) => expectAnswer(refused, expected)));
      await verify('JEX-ERR-101', () => refusals.forEach(expectJsonErrorBody));
    }),
  );
}
