/**
 * The success path of mrs_02_0053: an existing job execution is deleted with 204 and no body,
 * then reads as 404 and leaves the list. The DELETE is observed on the wire.
 */
import { conformance, recordMeasurement, test } from '../../lib/conformance-test';
import { AmbiguousOutcome, PreconditionFailed } from '../../lib/errors';
import { describeAnswer } from '../../lib/client/checked-response';
import { expectAnswer, expectConformsToContract, expectJobExecutionRead, expectJsonErrorBody, expectNoBodyBytes, expectNoContentFraming, expectStatus } from '../../lib/assertions/expectations';
import { expectCreatableAgain, expectGone, FIXTURE_START_UP_MS, requireDeleteAccepted, requireReadable } from '../../lib/assertions/checks';
import { requireThat } from '../../lib/assertions/requirement-failure';
import { listWithEvidence, readWithEvidence, waitUntilGone, watchStaysGone } from '../../lib/assertions/waiters';
import { jobExecutionsListedIn } from '../../lib/client/job-execution-body';

test(
  'an existing job execution reads back, and DELETE answers 204 with zero body bytes',
  ...conformance({ id: 'ad4a9688-c052-4019-8fcc-c3e1535bb25d', requirements: ['JEX-READ-001', 'JEX-DEL-001', 'JEX-DEL-002', 'JEX-DEL-101'] }, async ({ api, jobExecutions, verify }) => {
    const { id } = await jobExecutions.create();
    await verify('JEX-READ-001', async (expected) => expectJobExecutionRead(await api.showJobExecution(id), id, expected));
    const deleted = await api.deleteJobExecution(id);
    await verify('JEX-DEL-001', (expected) => expectStatus(deleted, expected));
    await verify('JEX-DEL-002', () => {
      expectNoBodyBytes(deleted);
      expectConformsToContract(deleted);
    });
    await verify('JEX-DEL-101', () => expectNoContentFraming(deleted));
  }),
);

test(
  'a deleted job execution reads as 404 before the deadline, stays 404 through the stay-gone window and leaves the list, and another one stays',
  ...conformance({ id: '59c3e2f6-225a-4cbd-ba4b-c6c27395a2fc', requirements: ['JEX-DEL-003', 'JEX-DEL-004', 'JEX-DEL-009'], alsoChecks: ['JEX-DEL-102'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id } = await jobExecutions.create();
    const { id: sibling } = await jobExecutions.create();
    await requireReadable(api, id, FIXTURE_START_UP_MS);
    await requireReadable(api, sibling, FIXTURE_START_UP_MS);
    // A list that cannot be read leaves only JEX-DEL-004 undecided, not the checks by id.
    const listedBefore = await listWithEvidence(api).catch((e: unknown) => {
      if (e instanceof AmbiguousOutcome) return e;
      throw e;
    });
    requireDeleteAccepted(await api.deleteJobExecution(id));
    const watch = await waitUntilGone(api, id, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs);
    await verify('JEX-DEL-003', async (expected) => {
      expectGone(watch);
      expectAnswer(watch.lastAnswer!, expected);
      const afterwards = await watchStaysGone(api, id, suiteConfig.stayGoneMs);
      const back = afterwards.find((r) => r.answer.status !== 404);
      requireThat(!back, () => `${id} read 404 ${watch.goneAfterMs} ms after its DELETE, then ${describeAnswer(back!.answer)} ${back!.afterMs} ms later, expected 404 again: the deletion did not stay`);
      for (const r of afterwards) expectAnswer(r.answer, expected);
    });
    await verify('JEX-DEL-102', () => {
      const seen = watch.anomalies.map((a) => `+${a.afterMs} ms: ${a.status} ${a.excerpt}`);
      requireThat(seen.length === 0, () => `while the deletion completed, reads answered ${seen.join('; ')}, expected a valid 200 or 404`);
    });
    await verify('JEX-DEL-004', async (expected) => {
      if (listedBefore instanceof AmbiguousOutcome) throw listedBefore;
      const idsIn = (r: typeof listedBefore) => jobExecutionsListedIn(r).map((je) => je.id);
      expectAnswer(listedBefore, expected);
      requireThat(idsIn(listedBefore).includes(id), `the list did not contain ${id} before its DELETE, expected it there: its absence afterwards would prove nothing`);
      const listedAfter = await listWithEvidence(api);
      expectAnswer(listedAfter, expected);
      requireThat(!idsIn(listedAfter).includes(id), `the list still contains ${id} after it reads as 404, expected it gone from the list`);
    });
    // After the list checks: a creation clears a list cache that a deletion leaves stale.
    await verify('JEX-DEL-009', async (expected) => {
      expectJobExecutionRead(await readWithEvidence(api, sibling), sibling, expected);
      await expectCreatableAgain(jobExecutions);
    });
    recordMeasurement(`deletion observed complete ${watch.goneAfterMs} ms after the DELETE answered (${watch.reads} reads)`);
  }),
);

test(
  'a second DELETE of a job execution that is gone answers 404 with the error envelope',
  ...conformance({ id: 'eab5a06d-874b-4e12-ba18-7f224d50f008', requirements: ['JEX-DEL-005'], alsoChecks: ['JEX-ERR-101'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id } = await jobExecutions.create();
    await requireReadable(api, id, FIXTURE_START_UP_MS);
    requireDeleteAccepted(await api.deleteJobExecution(id));
    const watch = await waitUntilGone(api, id, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs);
    if (watch.goneAfterMs === undefined) throw new PreconditionFailed(`${id} never read as 404 after its DELETE`);
    const again = await api.deleteJobExecution(id);
    await verify('JEX-DEL-005', (expected) => expectAnswer(again, expected));
    await verify('JEX-ERR-101', () => expectJsonErrorBody(again));
  }),
);
