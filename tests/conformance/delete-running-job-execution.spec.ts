/**
 * The long path: a job execution that is still running is cancelled, then removed. Real Sahara
 * keeps it at TOBEKILLED for job_canceling_timeout (300 s by default), so this test waits up to
 * CONFORMANCE_LONG_DELETE_TIMEOUT_MS. Tagged @long: `--grep-invert @long` leaves it out locally.
 */
import { conformance, recordMeasurement, test } from '../../lib/conformance-test';
import { describeAnswer, expectStatus } from '../../lib/assertions/expectations';
import { expectGone, requireReadable } from '../../lib/assertions/checks';
import { isStartingState, jobStateIn } from '../../lib/client/job-execution-body';
import { waitUntilGone } from '../../lib/assertions/waiters';
import { PreconditionFailed } from '../../lib/errors';

test(
  'a running job execution is deleted: 204, then 404 before the long deadline',
  ...conformance({ id: 'a6e411c8-0c9d-42cb-8cbe-8a8a62641c4f', requirements: ['JEX-DEL-008'], long: true }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    if (!suiteConfig.fixture.pendingClusterId) throw new PreconditionFailed('not configured: CONFORMANCE_PENDING_CLUSTER_ID (a cluster where executions keep running)');
    const { id } = await jobExecutions.create({ onPendingCluster: true });
    const before = await requireReadable(api, id);
    if (!isStartingState(jobStateIn(before))) throw new PreconditionFailed(`the job execution is not running (${describeAnswer(before)})`);
    const deleted = await api.deleteJobExecution(id);
    await verify('JEX-DEL-008', async (expected) => {
      expectStatus(deleted, expected);
      const watch = await waitUntilGone(api, id, suiteConfig.longDeleteTimeoutMs, Math.max(suiteConfig.pollIntervalMs, 1000));
      expectGone(watch);
      recordMeasurement(`running job execution gone ${watch.goneAfterMs} ms after its DELETE (states ${watch.statesSeen.join(' -> ') || 'none'})`);
    });
  }),
);
