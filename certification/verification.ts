/**
 * What `verify` concludes about a bundle, as data: what it certifies (from the signed files), every
 * problem by kind, the result and its exit code. The command line prints it (./verification-text)
 * or writes it as JSON; `register` keeps and lists it.
 */
import { VERIFY_EXIT_CODE } from '../lib/exit-codes';
import type { Verdict } from '../reporters/verdict';

/**
 * authenticity: the bundle is not what its signer attested, the signer is not trusted for the
 * vendor, or it claims what was not tested. policy: it is authentic, but the certifier's limits
 * (--max-age, --min-suite-version) refuse it.
 */
export type ProblemKind = 'authenticity' | 'policy';

export interface VerificationProblem {
  kind: ProblemKind;
  text: string;
}

export type VerificationResult = keyof typeof VERIFY_EXIT_CODE;

/** verify's exit codes (lib/exit-codes); 3 (unusable input: no bundle, a bad option or keys file) has no result. */
export { VERIFY_EXIT_CODE };

export const RESULT_MEANING: Record<VerificationResult, string> = {
  CERTIFIED: 'authentic, and CONFORMANT',
  'NON-CONFORMANT': 'authentic, but a MUST requirement failed',
  INCOMPLETE: 'authentic, but not every MUST requirement was checked',
  'NOT AUTHENTIC': 'not what its signer attested, not signed by a key trusted for the vendor, or claiming what was not tested',
  'NOT ACCEPTED': 'authentic, but outside the limits given (--max-age, --min-suite-version)',
};

export interface Signer {
  /** sha256 of the public key (SPKI, DER), hex. */
  keyId: string;
  /** The vendor the trusted-keys file lists it for; absent when only --public-key was given. */
  listedFor?: string;
  /** "FILE line N: valid ...", or that the key was not checked against a list. */
  trust: string;
}

export interface CertifiedFacts {
  vendor?: string;
  product?: string;
  version?: string;
  deployment?: string;
  region?: string;
  contact?: string;
  /** What the run sent its requests to: its URL, or "the embedded mock". */
  target: { name: string; baseUrl: string; embeddedMock: boolean };
  allowPrivateTarget: boolean;
  profile: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  findings: { requirement?: string; level?: string; text: string }[];
  suite: { name: string; version: string; commit: string };
  signer?: Signer;
}

export interface Verification {
  bundle: string;
  result: VerificationResult;
  exitCode: number;
  facts: CertifiedFacts;
  problems: VerificationProblem[];
}

export function resultOf(verdict: Verdict, problems: VerificationProblem[]): VerificationResult {
  if (problems.some((p) => p.kind === 'authenticity')) return 'NOT AUTHENTIC';
  if (problems.length > 0) return 'NOT ACCEPTED';
  return verdict === 'CONFORMANT' ? 'CERTIFIED' : verdict;
}
