/**
 * The long path: a job execution that is still running is cancelled, then removed - on the run's
 * cluster when the target keeps the run's own job running, else on CONFORMANCE_PENDING_CLUSTER_ID
 * (lib/target-fixtures/running-job-execution). Real Sahara
 * keeps it at TOBEKILLED for job_canceling_timeout (300 s by default), so this test waits up to
 * CONFORMANCE_LONG_DELETE_TIMEOUT_MS. Tagged @long: `--grep-invert @long` leaves it out locally.
 */
import { conformance, recordMeasurement, test } from '../../lib/conformance-test';
import { expectStatus } from '../../lib/assertions/expectations';
import { expectGone } from '../../lib/assertions/checks';
import { waitUntilGone } from '../../lib/assertions/waiters';
import { createRunningJobExecution } from '../../lib/target-fixtures/running-job-execution';

test(
  'a running job execution is deleted: 204, then 404 before the long deadline',
  ...conformance({ id: 'a6e411c8-0c9d-42cb-8cbe-8a8a62641c4f', requirements: ['JEX-DEL-008'], long: true }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id, where } = await createRunningJobExecution(api, jobExecutions, suiteConfig);
    const deleted = await api.deleteJobExecution(id);
    await verify('JEX-DEL-008', async (expected) => {
      expectStatus(deleted, expected);
      const watch = await waitUntilGone(api, id, suiteConfig.longDeleteTimeoutMs, Math.max(suiteConfig.pollIntervalMs, 1000));
      expectGone(watch);
      recordMeasurement(`running job execution (${where}) gone ${watch.goneAfterMs} ms after its DELETE (states ${watch.statesSeen.join(' -> ') || 'none'})`);
    });
  }),
);
