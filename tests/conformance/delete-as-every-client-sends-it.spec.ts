/**
 * The DELETE as each real client family sends it (lib/client/client-request-heads: python-saharaclient,
 * openstacksdk, gophercloud, curl), on a fresh connection and - for the clients that pool their
 * connections - on a kept-alive one that has just carried a GET of the same job execution, as a
 * pooled client's DELETE usually travels. Each combination deletes its own fixture: 204, zero body
 * bytes on the wire, gone, and (read again at the run's end) staying gone. A failure names the
 * client and the connection.
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectNoBodyBytes, expectNoContentFraming, expectStatus } from '../../lib/assertions/expectations';
import { expectEach, expectGone, FIXTURE_START_UP_MS, requireReadable } from '../../lib/assertions/checks';
import { waitUntilGone } from '../../lib/assertions/waiters';
import { CLIENT_DELETE_HEADS } from '../../lib/client/client-request-heads';
import type { CheckedResponse } from '../../lib/client/checked-response';
import type { ConnectionMode } from '../../lib/client/job-execution-api';

/** Every client on a fresh connection; on a reused one, those that keep theirs alive (curl's one-shot command does not). */
const combinations = CLIENT_DELETE_HEADS.flatMap((client) => (['fresh', 'reused'] as ConnectionMode[]).filter((mode) => mode === 'fresh' || client.keepsConnectionsAlive).map((mode) => ({ client, mode })));

test(
  'a DELETE sent as each client family sends it, on a fresh and on a kept-alive connection, answers 204 with zero body bytes and deletes',
  ...conformance({ id: 'c3a1e0f4-6b1d-4f0a-9d55-2f1f8c7b9e21', requirements: ['JEX-DEL-001', 'JEX-DEL-002', 'JEX-DEL-003'], alsoChecks: ['JEX-DEL-101'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
    const fixtures: { id: string; client: (typeof combinations)[number]['client']; mode: ConnectionMode }[] = [];
    for (const combination of combinations) fixtures.push({ ...combination, id: (await jobExecutions.create()).id });
    await Promise.all(fixtures.map((f) => requireReadable(api, f.id, FIXTURE_START_UP_MS)));
    const deleted: { label: string; item: { id: string; answer: CheckedResponse } }[] = [];
    // One after another: what is judged is each answer, not the target under concurrent load.
    for (const f of fixtures) {
      const answer = await api.deleteJobExecution(f.id, { asClient: f.client, connection: f.mode });
      deleted.push({ label: answer.sentAs ?? `${f.client.client}, ${f.mode}`, item: { id: f.id, answer } });
    }
    await verify('JEX-DEL-001', (expected) => expectEach(deleted, ({ answer }) => expectStatus(answer, expected)));
    await verify('JEX-DEL-002', () => expectEach(deleted, ({ answer }) => expectNoBodyBytes(answer)));
    await verify('JEX-DEL-003', async () => {
      // Watched side by side: on a target that deletes slowly, the deadlines run at once.
      const watches = await Promise.all(deleted.map(({ item }) => waitUntilGone(api, item.id, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs)));
      await expectEach(deleted.map(({ label }, i) => ({ label, item: watches[i]! })), (watch) => expectGone(watch));
    });
    await verify('JEX-DEL-101', () => expectEach(deleted, ({ answer }) => expectNoContentFraming(answer)));
  }),
);
