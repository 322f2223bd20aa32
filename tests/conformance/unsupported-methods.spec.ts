/**
 * Methods the job-execution resource does not offer: they answer 405 (mrs_02_0015; SHOULD) and,
 * whatever they answer, change nothing (MUST: a refusal that destroys data is the worst failure).
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable } from '../../lib/assertions/checks';

const cases = [
  { method: 'PUT', id: '00252aeb-8192-4f73-b2f8-89c0ceb9344c' },
  { method: 'POST', id: 'fc12767e-6e9a-41ba-9f5e-1eb12e2f8402' },
] as const;

for (const c of cases) {
  test(
    `${c.method} on a job execution's URL answers 405 and changes nothing`,
    ...conformance({ id: c.id, requirements: ['JEX-METH-001', 'JEX-METH-101'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
      const { id } = await jobExecutions.create();
      const before = await requireReadable(api, id);
      const answer = await api.sendUnsupportedMethod(c.method, id);
      await verify('JEX-METH-101', (expected) => expectAnswer(answer, expected));
      await verify('JEX-METH-001', () => expectIntact(api, id, before, suiteConfig.settleMs));
    }),
  );
}
