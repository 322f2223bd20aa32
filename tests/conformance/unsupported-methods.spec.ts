/**
 * Methods the job-execution resource does not offer: they answer 405 (mrs_02_0015; SHOULD) and,
 * whatever they answer, change nothing (MUST: a refusal that destroys data is the worst failure).
 */
import { conformance, test } from '../../lib/conformance-test';
import { expectAnswer } from '../../lib/assertions/expectations';
import { expectIntact, requireReadable } from '../../lib/assertions/checks';

const cases = [
  { method: 'PUT', id: '00252aeb-8192-4f73-b2f8-89c0ceb9344c', title: "PUT on a job execution's URL" },
  { method: 'POST', id: 'fc12767e-6e9a-41ba-9f5e-1eb12e2f8402', title: "POST on a job execution's URL" },
  // A POST is a DELETE to a server that honours method tunnelling: still a POST to the contract.
  { method: 'POST', id: '3b0e5f0c-65a4-4d3e-9a57-0d8c2f1e7b44', title: 'a POST that asks to be taken as a DELETE (X-HTTP-Method-Override and its kin)', tunnelledAs: 'DELETE' },
] as const;

for (const c of cases) {
  test(
    `${c.title} answers 405 and changes nothing`,
    ...conformance({ id: c.id, requirements: ['JEX-METH-001', 'JEX-METH-101'] }, async ({ api, jobExecutions, verify, suiteConfig }) => {
      const { id } = await jobExecutions.create();
      const before = await requireReadable(api, id);
      const answer = await api.sendUnsupportedMethod(c.method, id, 'tunnelledAs' in c ? { tunnelledAs: c.tunnelledAs } : {});
      await verify('JEX-METH-101', (expected) => expectAnswer(answer, expected));
      await verify('JEX-METH-001', () => expectIntact(api, id, before, suiteConfig.settleMs));
    }),
  );
}
