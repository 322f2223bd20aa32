/**
 * To a project that may not see them, three ids are answered alike (mrs_02_0011, mrs_02_0015,
 * CWE-204): another project's private job execution, a job execution deleted earlier, an id that
 * never existed. Compared as a caller can compare them - status, error code and name, media type,
 * and the body with the id and volatile parts masked (lib/assertions/answer-likeness).
 */
import { conformance, test } from '../../lib/conformance-test';
import { PreconditionFailed } from '../../lib/errors';
import { differencesBetween, likenessOf } from '../../lib/assertions/answer-likeness';
import { expectIntact, FIXTURE_START_UP_MS, requireDeleteAccepted, requireReadable } from '../../lib/assertions/checks';
import { requireThat } from '../../lib/assertions/requirement-failure';
import { waitUntilGone } from '../../lib/assertions/waiters';
import { describeAnswer, type CheckedResponse } from '../../lib/client/checked-response';

test(
  "another project's private job execution, a deleted one and one that never existed are refused alike",
  ...conformance({ id: '1d7c2b0e-3f5a-4c8e-9a61-7b2e4d9f0c35', requirements: ['JEX-TEN-003'], needsOtherTenant: true }, async ({ api, otherTenantApi, jobExecutions, ownership, verify, suiteConfig }) => {
    const { id: hidden } = await jobExecutions.create();
    const { id: deleted } = await jobExecutions.create();
    await requireReadable(api, deleted, FIXTURE_START_UP_MS);
    requireDeleteAccepted(await api.deleteJobExecution(deleted));
    const watch = await waitUntilGone(api, deleted, suiteConfig.deleteTimeoutMs, suiteConfig.pollIntervalMs);
    if (watch.goneAfterMs === undefined) throw new PreconditionFailed(`${deleted} never read as 404 after its DELETE`);
    const before = await requireReadable(api, hidden);
    const cases = [
      { what: "another project's private job execution", id: hidden },
      { what: 'a job execution deleted earlier', id: deleted },
      { what: 'an id that never existed', id: ownership.unknownId() },
    ];
    const answers: { what: string; id: string; answer: CheckedResponse }[] = [];
    for (const c of cases) answers.push({ ...c, answer: await otherTenantApi!.deleteJobExecution(c.id) });
    await verify('JEX-TEN-003', async () => {
      const [first, ...rest] = answers.map((a) => ({ ...a, likeness: likenessOf(a.answer, a.id) }));
      const told = rest
        .map((other) => ({ other, differences: differencesBetween(first!.likeness, other.likeness) }))
        .filter((d) => d.differences.length > 0)
        .map(({ other, differences }) => `${first!.what} (${describeAnswer(first!.answer)}) and ${other.what} (${describeAnswer(other.answer)}) differ in ${differences.join('; ')}`);
      requireThat(told.length === 0, () => `another project can tell which ids exist: ${told.join(' | ')}`);
      await expectIntact(api, hidden, before, suiteConfig.settleMs);
    });
  }),
);
