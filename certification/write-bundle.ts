/**
 * `sahara-conformance bundle DIR --product FILE [--report-dir R] [--sign-key KEY]`: a submission
 * bundle from a finished run's reports - PRODUCT.yaml (validated), the reports (report.json names
 * the suite that judged: version, commit, sha256 of the contract, the catalogue and every test
 * file), the run's log and configuration when the command line wrote them, a copy of the suite's
 * data files, a README on reproducing the run, and, with a key, a signed attestation over all of them.
 * The key is read, never copied; every text file passes redaction once more.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { redactText } from '../lib/redact';
import { OPENAPI_FILE, PROFILES_FILE, REQUIREMENTS_FILE } from '../lib/suite-data';
import type { ConformanceReport } from '../reporters/report-model';
import { IN_TOTO_PAYLOAD_TYPE, signedRunOf, testResultStatement, type ResourceDescriptor } from './attestation';
import { ATTESTATION_FILE, bundleFiles, PRODUCT_FILE, REPORT_FILES, sha256Of, SUITE_DIR } from './bundle-files';
import { signEnvelope } from './dsse';
import { productFields, productProblems } from './product';
import { targetClaimProblems } from './target-claim';

export class BundleError extends Error {}

function reproduction(report: ConformanceReport): string {
  return [
    '# How to reproduce this run',
    '',
    `Suite ${report.suite.name} ${report.suite.version} (commit ${report.suite.commit}), profile ${report.profile},`,
    `target ${report.target.name}. With the same suite version and a configuration for the same target:`,
    '',
    '    npx sahara-conformance --profile ' + report.profile + ' --base-url <the service root> --report-dir conformance-report',
    '',
    'then make a bundle of it (`sahara-conformance bundle`) and compare. Verify this one with',
    '`sahara-conformance verify <this folder> --trusted-keys <the certifier\'s list of vendors\' keys>`.',
    '',
  ].join('\n');
}

export interface BundleOptions {
  out: string;
  reportDir: string;
  productFile: string;
  signKeyFile?: string;
  /** A loopback or private target is bundled on purpose; recorded in the signed statement. */
  allowPrivateTarget?: boolean;
  /** Why the target's name resolves to a loopback or private address, when the command line found it so. */
  resolvedPrivate?: string;
}

export function readReport(reportDir: string): ConformanceReport {
  const reportFile = join(reportDir, 'report.json');
  if (!existsSync(reportFile)) throw new BundleError(`${reportFile} does not exist: run the suite first (its --report-dir), then bundle that folder`);
  try {
    return JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
  } catch (e) {
    throw new BundleError(`${reportFile} cannot be read as JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export function writeBundle(options: BundleOptions): { signed: boolean; files: string[] } {
  const report = readReport(options.reportDir);
  if (!existsSync(options.productFile)) throw new BundleError(`${options.productFile} does not exist: copy examples/PRODUCT.yaml and fill it in`);
  const problems = productProblems(options.productFile, report.profile);
  if (problems.length) throw new BundleError(problems.join('; '));
  const allowPrivateTarget = options.allowPrivateTarget === true;
  const claim = targetClaimProblems(productFields(options.productFile).deployment ?? '', { baseUrl: report.target.baseUrl, embeddedMock: report.target.embeddedMock }, allowPrivateTarget, options.resolvedPrivate);
  if (claim.length) throw new BundleError(claim.join('; '));
  const key = options.signKeyFile ? readKey(options.signKeyFile) : undefined;
  if (existsSync(options.out) && readdirSync(options.out).length > 0) throw new BundleError(`${options.out} is not empty: bundle into a new folder`);
  mkdirSync(join(options.out, SUITE_DIR), { recursive: true });
  const copyRedacted = (from: string, to: string) => writeFileSync(to, redactText(readFileSync(from, 'utf8')));
  copyRedacted(options.productFile, join(options.out, PRODUCT_FILE));
  for (const file of REPORT_FILES) if (existsSync(join(options.reportDir, file))) copyRedacted(join(options.reportDir, file), join(options.out, file));
  for (const file of [OPENAPI_FILE, REQUIREMENTS_FILE, PROFILES_FILE]) copyFileSync(file, join(options.out, SUITE_DIR, file.split('/').pop()!));
  writeFileSync(join(options.out, 'README.md'), reproduction(report));
  const files = bundleFiles(options.out);
  if (key) {
    const subject: ResourceDescriptor[] = files.map((name) => ({ name, digest: { sha256: sha256Of(join(options.out, name)) } }));
    // The suite that judged, as report.json names it: each of its files by path and sha256.
    const configuration = Object.entries(report.suite.files).map(([name, sha256]) => ({ name, digest: { sha256 } }));
    const statement = testResultStatement(report, subject, configuration, signedRunOf(report, allowPrivateTarget));
    writeFileSync(join(options.out, ATTESTATION_FILE), JSON.stringify(signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), key), null, 2));
  }
  return { signed: key !== undefined, files };
}

function readKey(file: string) {
  try {
    return createPrivateKey(readFileSync(file));
  } catch (e) {
    throw new BundleError(`--sign-key ${file} is not a private key in PEM (${(e as Error).message.split('\n')[0]}); make one with: openssl genpkey -algorithm ed25519 -out key.pem`);
  }
}
