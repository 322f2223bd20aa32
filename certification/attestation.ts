/**
 * The in-toto Statement v1 a bundle is attested with: its subjects are the bundle's files by
 * sha256, its predicate the test-result predicate v0.1 - the result from the verdict and the
 * findings, the requirements by outcome, and the suite that judged as its configuration - with
 * one field of ours, `run`: when it ran, what it tested and whether a private target was allowed,
 * so that the freshness and the claim a verifier judges are inside what was signed (in-toto's
 * consumers ignore fields they do not know).
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
    run: SignedRun;
  };
}

export interface SignedRun {
  id: string;
  startedAt: string;
  finishedAt: string;
  /** The service root the run sent its requests to (report.json's target.baseUrl). */
  target: string;
  embeddedMock: boolean;
  /** bundle --allow-private-target was given: a loopback or private target was bundled on purpose. */
  allowPrivateTarget: boolean;
}

export function signedRunOf(report: ConformanceReport, allowPrivateTarget: boolean): SignedRun {
  return { id: report.runId, startedAt: report.startedAt, finishedAt: report.finishedAt, target: report.target.baseUrl, embeddedMock: report.target.embeddedMock, allowPrivateTarget };
}

/**
 * PASSED: conformant with no finding; WARNED: conformant with SHOULD/MAY failures; FAILED: a MUST
 * failed, or the run was incomplete (nothing is certified by a run that did not check every MUST).
 */
function resultOf(report: ConformanceReport): TestResultStatement['predicate']['result'] {
  if (report.verdict !== 'CONFORMANT') return 'FAILED';
  return report.requirements.some((r) => r.applicable && r.level !== 'MUST' && r.outcome === 'failed') ? 'WARNED' : 'PASSED';
}

export function testResultStatement(report: ConformanceReport, subject: ResourceDescriptor[], configuration: ResourceDescriptor[], run: SignedRun): TestResultStatement {
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
      run,
    },
  };
}
