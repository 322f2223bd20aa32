/**
 * A job execution deleted the moment it exists, while its job may still be starting. A 204 is a
 * promise whatever the state (JEX-DEL-103, MUST within the long deadline); real Sahara 16 keeps
 * such a job execution at TOBEKILLED until job_canceling_timeout (300 s) and then deletes it
 * anyway (sahara/service/ops.py), so taking longer than the ordinary deadline is a finding
 * (JEX-DEL-104). Tagged @long: on such a server it waits for the long deadline.
 */
import { conformance, recordMeasurement, test } from '../../lib/conformance-test';
import { expectStatus } from '../../lib/assertions/expectations';
import { expectGone } from '../../lib/assertions/checks';
import { requireThat } from '../../lib/assertions/requirement-failure';
import { waitUntilGone, type DeletionWatch } from '../../lib/assertions/waiters';

test(
  'a job execution deleted right after its creation is removed as well, before the long deadline',
  ...conformance({ id: 'f11915e5-98db-488b-9ff3-fa092221ef2a', requirements: ['JEX-DEL-103', 'JEX-DEL-104'], long: true }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const { id } = await jobExecutions.create();
    const deleted = await api.deleteJobExecution(id);
    let prompt: DeletionWatch | undefined;
    await verify('JEX-DEL-103', async (expected) => {
      expectStatus(deleted, expected);
      prompt = await waitUntilGone(api, id, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs);
      if (prompt.goneAfterMs !== undefined) return;
      const remainingMs = Math.max(0, suiteConfig.longDeleteTimeoutMs - prompt.waitedMs);
      const late = await waitUntilGone(api, id, remainingMs, Math.max(suiteConfig.pollIntervalMs, 1000));
      expectGone(late, prompt.waitedMs + late.waitedMs);
      recordMeasurement(`job execution deleted while starting gone ${prompt.waitedMs + late.goneAfterMs} ms after its DELETE (states ${[...prompt.statesSeen, ...late.statesSeen].join(' -> ') || 'none'})`);
    });
    await verify('JEX-DEL-104', () => {
      requireThat(prompt !== undefined, 'JEX-DEL-103 did not get as far as watching the deletion');
      expectGone(prompt!);
    });
  }),
);
