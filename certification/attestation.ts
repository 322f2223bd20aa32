/**
 * The in-toto Statement v1 a bundle is attested with: its subjects are the bundle's files by
 * sha256, its predicate the test-result predicate v0.1 - the result from the verdict and the
 * findings, the requirements by outcome, and the suite that judged as its configuration.
 */
import type { ConformanceReport } from '../reporters/report-model';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const TEST_RESULT_PREDICATE = 'https://in-toto.io/attestation/test-result/v0.1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface ResourceDescriptor {
  name: string;
  digest: { sha256: string };
}

export interface TestResultStatement {
  _type: typeof STATEMENT_TYPE;
  subject: ResourceDescriptor[];
  predicateType: typeof TEST_RESULT_PREDICATE;
  predicate: {
    result: 'PASSED' | 'WARNED' | 'FAILED';
    configuration: ResourceDescriptor[];
    passedTests: string[];
    warnedTests: string[];
    failedTests: string[];
  };
}

/**
 * PASSED: conformant with no finding; WARNED: conformant with SHOULD/MAY failures; FAILED: a MUST
 * failed, or the run was incomplete (nothing is certified by a run that did not check every MUST).
 */
function resultOf(report: ConformanceReport): TestResultStatement['predicate']['result'] {
  if (report.verdict !== 'CONFORMANT') return 'FAILED';
  return report.requirements.some((r) => r.applicable && r.level !== 'MUST' && r.outcome === 'failed') ? 'WARNED' : 'PASSED';
}

export function testResultStatement(report: ConformanceReport, subject: ResourceDescriptor[], configuration: ResourceDescriptor[]): TestResultStatement {
  const ids = (keep: (r: ConformanceReport['requirements'][number]) => boolean) => report.requirements.filter((r) => r.applicable && keep(r)).map((r) => r.id);
  return {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: TEST_RESULT_PREDICATE,
    predicate: {
      result: resultOf(report),
      configuration,
      passedTests: ids((r) => r.outcome === 'passed'),
      warnedTests: ids((r) => r.level !== 'MUST' && r.outcome === 'failed'),
      failedTests: ids((r) => r.level === 'MUST' && (r.outcome === 'failed' || r.outcome === 'inconclusive')),
    },
  };
}
