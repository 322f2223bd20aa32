/**
 * The matrix's own judge can fail: fed made-up results, it counts a surviving defect, a defect
 * caught on the wrong requirement, a false failure on a variant and a missing finding, and lists
 * a MUST requirement whose only defect survives as unguarded. Also, statically and in
 * milliseconds, the defect table guards every MUST requirement of the catalogue.
 */
import { expect, test } from '@playwright/test';
import { loadCatalogue } from '../../lib/requirements';
import { DEFECT_NAMES, describeDefect } from '../../mock/defects';
import { describeVariant, VARIANT_NAMES } from '../../mock/variants';
import { matrixCases, type MatrixCase } from './matrix/matrix-cases';
import { formatMatrix, judgeMatrix, verdictFingerprints } from './matrix/matrix-judgement';
import type { MatrixCaseResult } from './matrix/matrix-reporter';

const catalogue = loadCatalogue();
const level = (id: string) => catalogue.byId.get(id)?.level ?? 'MUST';

function result(name: string, verdict: MatrixCaseResult['verdict'], failed: string[]): MatrixCaseResult {
  return { name, profile: 'sahara', verdict, failed: failed.map((id) => ({ id, level: level(id) })), unsettled: [], tests: 15, testTimeMs: 1000 };
}

const defect = (name: string, violates: string): MatrixCase => ({ name, kind: 'defect', mock: {}, profile: 'sahara', behaviour: name, violates, findings: [], suiteEnvironment: {} });
const variant = (name: string, findings: string[] = []): MatrixCase => ({ name, kind: 'variant', mock: {}, profile: 'sahara', behaviour: name, findings, suiteEnvironment: {} });

test('the judge counts kills, survivors, false failures and missed findings, and lists unguarded MUST requirements', () => {
  const cases = [
    defect('killed', 'JEX-DEL-001'),
    defect('survives', 'JEX-DEL-002'),
    defect('caught-on-another-requirement', 'JEX-DEL-003'),
    defect('should-level-killed', 'JEX-METH-101'),
    defect('should-level-but-non-conformant', 'JEX-DEL-101'),
    variant('accepted'),
    variant('rejected'),
    variant('finding-missed', ['JEX-DEL-101']),
    variant('did-not-run'),
  ];
  const results = new Map(
    [
      result('killed', 'NON-CONFORMANT', ['JEX-DEL-001']),
      result('survives', 'CONFORMANT', []),
      result('caught-on-another-requirement', 'NON-CONFORMANT', ['JEX-DEL-004']),
      result('should-level-killed', 'CONFORMANT', ['JEX-METH-101']),
      result('should-level-but-non-conformant', 'NON-CONFORMANT', ['JEX-DEL-101', 'JEX-DEL-002']),
      result('accepted', 'CONFORMANT', []),
      result('rejected', 'NON-CONFORMANT', ['JEX-DEL-005']),
      result('finding-missed', 'CONFORMANT', []),
    ].map((r) => [r.name, r]),
  );
  const judgement = judgeMatrix(cases, results, catalogue);
  const notOk = judgement.cases.filter((j) => !j.ok).map((j) => j.matrixCase.name);
  expect(notOk).toEqual(['survives', 'caught-on-another-requirement', 'should-level-but-non-conformant', 'rejected', 'finding-missed', 'did-not-run']);
  expect([judgement.killed, judgement.defects, judgement.falseFailures, judgement.variants]).toEqual([2, 5, 2, 4]);
  expect(judgement.unguarded).toContain('JEX-DEL-002');
  expect(judgement.unguarded).not.toContain('JEX-DEL-001');
  const table = formatMatrix(judgement, 1234);
  expect(table).toContain('Kill rate: 2/5');
  expect(table).toContain('False-failure rate: 2/4');
  expect(table).toMatch(/BAD survives\s+1\.0 s {2}CONFORMANT/);
});

test('a verdict or a failed MUST requirement that changes between runs changes the fingerprint', () => {
  const run = (verdict: MatrixCaseResult['verdict'], failed: string[]) => new Map([['x', result('x', verdict, failed)]]);
  const base = verdictFingerprints(run('NON-CONFORMANT', ['JEX-DEL-001']));
  expect(verdictFingerprints(run('NON-CONFORMANT', ['JEX-DEL-001', 'JEX-DEL-102']))).toEqual(base);
  expect(verdictFingerprints(run('NON-CONFORMANT', ['JEX-DEL-001', 'JEX-DEL-002']))).not.toEqual(base);
  expect(verdictFingerprints(run('INCOMPLETE', []))).not.toEqual(base);
});

test('the defect table guards every MUST requirement, and defects and variants name only catalogued requirements', () => {
  const violated = DEFECT_NAMES.map((name) => describeDefect(name).violates);
  const findings = VARIANT_NAMES.flatMap((name) => describeVariant(name).findings ?? []);
  for (const id of [...violated, ...findings]) expect(catalogue.byId.has(id), `${id} is not in spec/requirements.yaml`).toBe(true);
  for (const id of findings) expect(level(id), `variant finding ${id} must be a SHOULD/MAY requirement`).not.toBe('MUST');
  const must = catalogue.requirements.filter((r) => r.level === 'MUST').map((r) => r.id);
  expect(must.filter((id) => !violated.includes(id)), 'MUST requirements no defect claims to violate').toEqual([]);
  expect(DEFECT_NAMES.length, 'issue 5 asks for at least 20 defect modes').toBeGreaterThanOrEqual(20);
  expect(matrixCases().map((c) => c.name)).toHaveLength(DEFECT_NAMES.length + VARIANT_NAMES.length);
});
