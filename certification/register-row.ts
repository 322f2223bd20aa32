/** One product version of a register as its page and register.json show it (./register-site builds it, ./register-page renders it). */
import type { CertifiedFacts, VerificationResult } from './verification';

export interface RegisterRow {
  /** The entry's folder in the register, <vendor>/<product>/<version>. */
  entry: string;
  verified: boolean;
  /** verify's result, or NOT VERIFIABLE when the entry is no bundle verify can read. */
  result: VerificationResult | 'NOT VERIFIABLE';
  vendor?: string;
  product?: string;
  version?: string;
  deployment?: string;
  /** When the run finished (ISO 8601), as the bundle's report says. */
  date?: string;
  profile?: string;
  verdict?: string;
  findings: CertifiedFacts['findings'];
  suiteVersion?: string;
  /** Links relative to the site: the bundle's folder, and its report.html when it has one. */
  bundleLink: string;
  reportLink?: string;
  problems: string[];
}
