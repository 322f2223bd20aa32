/**
 * Another project cannot delete our job executions through its own URL: a private one is hidden
 * (404), a public one is refused (400 DELETION_FAILED), as real Sahara answers.
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer, expectJsonErrorBody } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable, requireUpdated } from '../../lib/assertions/checks';

const cases: { title: string; id: string; requirement: string; makePublic: boolean }[] = [
  {
    title: "another project cannot delete this project's private job execution",
    id: '59c02193-f82b-4943-96d4-7347bf4578da',
    requirement: 'JEX-TEN-001',
    makePublic: false,
  },
  {
    title: "another project cannot delete this project's public job execution",
    id: 'e6f8aa12-8d82-44ea-a069-72d6c65583bb',
    requirement: 'JEX-TEN-002',
    makePublic: true,
  },
];

for (const c of cases) {
  test(
    c.title,
    ...conformance({ id: c.id, requirements: [c.requirement], alsoChecks: ['JEX-ERR-101'], needsOtherTenant: true }, async ({ api, otherTenantApi, jobExecutions, verify, suiteConfig }) => {
      const { id } = await jobExecutions.create();
      if (c.makePublic) requireUpdated(await api.updateJobExecution(id, { is_public: true }), 'public');
      const before = await requireReadable(api, id);
      const refused = await otherTenantApi!.deleteJobExecution(id);
      await verify(c.requirement, async (expected) => {
        expectAnswer(refused, expected);
        await expectIntact(api, id, before, suiteConfig.settleMs);
      });
      await verify('JEX-ERR-101', () => expectJsonErrorBody(refused));
    }),
  );
}
