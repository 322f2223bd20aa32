/**
 * DELETE of ids that name nothing: mrs_02_0015 404 (and 400 for a malformed id on MRS), and a
 * job execution of the project that stands by is left intact (a refusal changes nothing).
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer, expectJsonErrorBody } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable } from '../../lib/assertions/checks';
import type { OwnershipRegistry } from '../../lib/client/ownership';

const cases: { title: string; id: string; requirement: string; probe: (ownership: OwnershipRegistry) => string }[] = [
  {
    title: 'a DELETE of a random id that names no job execution answers 404',
    id: '7539f53a-1e02-42bf-ac4b-7d25ff3e1d5f',
    requirement: 'JEX-DEL-006',
    probe: (ownership) => ownership.unknownId(),
  },
  {
    title: 'a DELETE of the malformed id "abc" is refused as not found or bad request',
    id: 'ab61009e-a13b-4f4e-a169-3aceb4fda7c9',
    requirement: 'JEX-DEL-007',
    probe: (ownership) => ownership.probeId('abc'),
  },
];

for (const c of cases) {
  test(c.title, ...conformance({ id: c.id, requirements: [c.requirement], alsoChecks: ['JEX-ERR-101'] }, async ({ api, ownership, jobExecutions, verify, suiteConfig }) => {
    const { id: bystander } = await jobExecutions.create();
    const before = await requireReadable(api, bystander);
    const answer = await api.deleteJobExecution(c.probe(ownership));
    await verify(c.requirement, async (expected) => {
      expectAnswer(answer, expected);
      await expectIntact(api, bystander, before, suiteConfig.settleMs);
    });
    await verify('JEX-ERR-101', () => expectJsonErrorBody(answer));
  }));
}
