/** A protected job execution is not deleted (Sahara's is_protected; MRS does not have it). */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer, expectJsonErrorBody, expectStatus } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable, requireUpdated } from '../../lib/assertions/checks';

test(
  'a protected job execution is refused with 400 DELETION_FAILED, and deletable once unprotected',
  ...conformance({ id: '19bbde88-b66f-4aa2-bee9-ab0282a01338', requirements: ['JEX-PROT-001'], alsoChecks: ['JEX-ERR-101'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id } = await jobExecutions.create();
    requireUpdated(await api.updateJobExecution(id, { is_protected: true }), 'protected');
    const before = await requireReadable(api, id);
    const refused = await api.deleteJobExecution(id);
    await verify('JEX-PROT-001', async (expected) => {
      expectAnswer(refused, expected);
      await expectIntact(api, id, before, suiteConfig.settleMs);
      requireUpdated(await api.updateJobExecution(id, { is_protected: false }), 'unprotected');
      expectStatus(await api.deleteJobExecution(id), { status: [204] });
    });
    await verify('JEX-ERR-101', () => expectJsonErrorBody(refused));
  }),
);
