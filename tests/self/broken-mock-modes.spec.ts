/**
 * Proof that the core checks can fail: the conformance suite, pointed at a separately started
 * mock with one deliberate defect, must fail and name the requirement the defect breaks - and,
 * pointed at a correct mock in each profile, must pass.
 */
import { expect, test } from '@playwright/test';
import { DEFECTS, type DefectName } from '../../mock/defects';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { failedRequirements, runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

for (const profile of ['sahara', 'mrs'] as const) {
  test(`a correct mock (profile ${profile}) started separately is judged CONFORMANT`, async () => {
    const mock = await startMockServer({ profile });
    try {
      const run = await runConformanceSuite(seedEnvironment(mock.baseUrl, profile));
      expect(run.report?.verdict, run.output).toBe('CONFORMANT');
      expect(failedRequirements(run).filter((id) => run.report?.requirements.find((r) => r.id === id)?.level === 'MUST')).toEqual([]);
      expect(run.exitCode, run.output).toBe(0);
    } finally {
      await mock.close();
    }
  });
}

const coreDefects: DefectName[] = ['delete-answers-200-with-body', 'delete-is-a-no-op', 'no-token-accepted'];

for (const defect of coreDefects) {
  test(`a mock whose ${DEFECTS[defect].behaviour} fails ${DEFECTS[defect].violates}`, async () => {
    const mock = await startMockServer({ defect });
    try {
      const run = await runConformanceSuite({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_DELETE_TIMEOUT_MS: '1500' });
      expect(run.report?.verdict, run.output).toBe('NON-CONFORMANT');
      expect(failedRequirements(run), run.output).toContain(DEFECTS[defect].violates);
      expect(run.exitCode).not.toBe(0);
    } finally {
      await mock.close();
    }
  });
}
