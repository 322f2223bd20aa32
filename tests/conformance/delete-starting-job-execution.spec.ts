/**
 * A job execution deleted the moment it exists, while its job may still be starting. Real Sahara
 * 16 answers 204, the job finishes during the cancellation, and the row is then held at TOBEKILLED
 * until job_canceling_timeout (300 s) instead of removed (observed on every reference run); the
 * other DELETE tests let their fixture start first.
 */
import { conformance, expect, preconditioned, test } from '../../lib/conformance-test';
import { describeAnswer, expectStatus } from '../../lib/client/expectations';
import { waitUntilGone } from '../../lib/client/waiters';

test(
  'a job execution deleted right after its creation is removed as well',
  conformance({ id: 'f11915e5-98db-488b-9ff3-fa092221ef2a', requirements: ['JEX-DEL-103'] }),
  preconditioned(async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id } = await jobExecutions.create();
    const deleted = await api.deleteJobExecution(id);
    await verify('JEX-DEL-103', async (expected) => {
      expectStatus(deleted, expected);
      const watch = await waitUntilGone(api, id, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs);
      const last = watch.lastAnswer ? describeAnswer(watch.lastAnswer) : 'no answer';
      expect(watch.goneAfterMs, `still readable ${watch.waitedMs} ms after a DELETE answered 204 (states ${watch.statesSeen.join(' -> ') || 'none'}); last: ${last}`).toBeDefined();
    });
  }),
);
