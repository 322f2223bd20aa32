/**
 * `sahara-conformance verify DIR`: whether a submission bundle is what its signer attested, signed
 * by a key trusted for its vendor, claiming only what it tested, judged by this suite, fresh enough
 * - and what it certifies. Checks: the signature over the attestation, every file's sha256 against
 * it (and no file it does not name), PRODUCT.yaml and its claim, the suite that judged (report.json
 * names it) against this suite's own files, report.json judged again with this suite's catalogue,
 * and the certifier's limits.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../lib/requirements';
import { suiteBuild } from '../lib/suite-version';
import { suiteFileDigests } from '../reporters/suite-identity';
import type { ConformanceReport } from '../reporters/report-model';
import { signedRunOf, testResultStatement, type TestResultStatement } from './attestation';
import { ATTESTATION_FILE, bundleFiles, notRegularFiles, PRODUCT_FILE, sha256Of, SUITE_DIR } from './bundle-files';
import type { DsseEnvelope } from './dsse';
import { productFields, productProblems } from './product';
import { rejudgeReport } from './rejudge-report';
import { renderedViewProblems } from './rendered-views';
import { checkSignature, type SignerTrust } from './signature-check';
import { targetClaimProblems } from './target-claim';
import { resultOf, VERIFY_EXIT_CODE, type CertifiedFacts, type Signer, type Verification, type VerificationProblem } from './verification';
import { policyProblems, type VerificationPolicy } from './verification-policy';

export class UnusableInput extends Error {}

function readJson<T>(dir: string, name: string): T {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
  } catch (e) {
    throw new UnusableInput(`${name} of the bundle cannot be read as JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split('\n')[0]})`);
  }
}

export function readPublicKey(file: string): KeyObject {
  try {
    return createPublicKey(readFileSync(file));
  } catch (e) {
    throw new UnusableInput(`--public-key ${file} is not a public key in PEM (${(e as Error).message.split('\n')[0]})`);
  }
}

/** The bundle's files against the signed statement, and the statement against report.json. */
function statementProblems(dir: string, statement: TestResultStatement, report: ConformanceReport): string[] {
  const problems: string[] = notRegularFiles(dir).map((name) => `${name} is a symbolic link or special file: a bundle holds only regular files`);
  const named = new Map(statement.subject.map((s) => [s.name, s.digest?.sha256]));
  const present = bundleFiles(dir);
  for (const name of present) {
    if (!named.has(name)) problems.push(`${name} is in the bundle but not in the attestation: added after signing`);
    else if (sha256Of(join(dir, name)) !== named.get(name)) problems.push(`${name} changed after signing (sha256 differs from the attestation's)`);
  }
  for (const name of named.keys()) if (!present.includes(name)) problems.push(`${name} is attested but missing from the bundle`);
  const run = statement.predicate.run;
  const expected = testResultStatement(report, statement.subject, statement.predicate.configuration, signedRunOf(report, run.allowPrivateTarget)).predicate;
  if (expected.result !== statement.predicate.result) problems.push(`the attestation says ${statement.predicate.result}, but report.json gives ${expected.result}`);
  for (const list of ['passedTests', 'warnedTests', 'failedTests'] as const) {
    const [attested, reported] = [statement.predicate[list] ?? [], expected[list]];
    const onlyAttested = attested.filter((id) => !reported.includes(id));
    const onlyReported = reported.filter((id) => !attested.includes(id));
    if (onlyAttested.length + onlyReported.length > 0) problems.push(`the attestation's ${list} differ from report.json's: ${[...onlyAttested.map((id) => `${id} attested only`), ...onlyReported.map((id) => `${id} reported only`)].join(', ')}`);
  }
  for (const field of ['id', 'startedAt', 'finishedAt', 'target', 'embeddedMock'] as const) {
    if (run[field] !== expected.run[field]) problems.push(`the attestation's run ${field} is ${JSON.stringify(run[field])}, report.json's ${JSON.stringify(expected.run[field])}`);
  }
  return problems;
}

/**
 * The suite that judged, as report.json names it, must be this suite - same version, same commit,
 * every file the same - for its catalogue to judge the report again: a bundle made with another
 * build is verified with that build. The copies in suite/ must be the files it names.
 */
function suiteProblems(dir: string, report: ConformanceReport): string[] {
  const recorded = report.suite?.files ?? {};
  const problems: string[] = [];
  for (const name of ['job-executions.openapi.yaml', 'requirements.yaml', 'profiles.yaml']) {
    const path = join(dir, SUITE_DIR, name);
    if (!existsSync(path)) problems.push(`${SUITE_DIR}/${name} is missing`);
    else if (sha256Of(path) !== recorded[`spec/${name}`]) problems.push(`${SUITE_DIR}/${name} is not the file report.json names (sha256 differs)`);
  }
  const mine = suiteBuild();
  if (report.suite?.version !== mine.version || report.suite?.commit !== mine.commit) {
    return [...problems, `report.json was made by suite ${report.suite?.version} (${report.suite?.commit}); this is ${mine.version} (${mine.commit}): verify with the suite that made it`];
  }
  const files = suiteFileDigests();
  for (const path of new Set([...Object.keys(files), ...Object.keys(recorded)])) {
    if (recorded[path] !== files[path]) problems.push(`report.json names ${path} ${recorded[path] ? `with another sha256 than suite ${mine.version} has` : 'nowhere, though the suite has it'}`);
  }
  return problems;
}

export interface VerifyOptions extends VerificationPolicy {
  trust?: SignerTrust;
}

function factsOf(dir: string, report: ConformanceReport, allowPrivateTarget: boolean, signer: Signer | undefined): CertifiedFacts {
  const product = productFields(join(dir, PRODUCT_FILE));
  return {
    vendor: product.vendor,
    product: product.product,
    version: product.version,
    deployment: product.deployment,
    region: product.region,
    contact: product.contact,
    target: { name: report.target?.name, baseUrl: report.target?.baseUrl, embeddedMock: report.target?.embeddedMock === true },
    allowPrivateTarget,
    profile: report.profile,
    runId: report.runId,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    verdict: report.verdict,
    findings: (report.findings ?? []).map((f) => ({ requirement: f.requirement, level: f.level, text: f.text })),
    suite: { name: report.suite?.name, version: report.suite?.version, commit: report.suite?.commit },
    signer,
  };
}

/**
 * Everything verify checks, each problem with its kind: the signature and its signer, every file
 * against the signed statement, PRODUCT.yaml, the claim (./target-claim), the suite that judged,
 * report.json judged again, and the certifier's limits. Throws UnusableInput when there is no bundle.
 */
export function verifyBundle(dir: string, options: VerifyOptions = {}): Verification {
  if (!existsSync(join(dir, 'report.json'))) throw new UnusableInput(`${dir} holds no report.json: not a submission bundle`);
  const report = readJson<ConformanceReport>(dir, 'report.json');
  const vendor = productFields(join(dir, PRODUCT_FILE)).vendor;
  const authenticity: string[] = [];
  let signed: { statement: TestResultStatement; signer: Signer } | undefined;
  if (!existsSync(join(dir, ATTESTATION_FILE))) authenticity.push(`${ATTESTATION_FILE} is missing: the bundle is not signed (bundle it with --sign-key)`);
  else {
    const checked = checkSignature(readJson<DsseEnvelope>(dir, ATTESTATION_FILE), options.trust, vendor);
    if ('problem' in checked) authenticity.push(checked.problem);
    else {
      signed = checked;
      authenticity.push(...statementProblems(dir, checked.statement, report));
    }
  }
  const allowPrivateTarget = signed?.statement.predicate.run.allowPrivateTarget === true;
  const deployment = productFields(join(dir, PRODUCT_FILE)).deployment;
  authenticity.push(
    ...productProblems(join(dir, PRODUCT_FILE), report.profile),
    // Whether a private target was allowed is known only from a verified signature; without one, that is the problem named.
    ...(deployment === undefined ? [] : targetClaimProblems(deployment, { baseUrl: String(report.target?.baseUrl), embeddedMock: report.target?.embeddedMock !== false }, allowPrivateTarget || !signed)),
    ...suiteProblems(dir, report),
    ...renderedViewProblems(dir, report),
    // This suite's catalogue: the suite check above makes sure it is the one the run used.
    ...rejudgeReport(report, loadCatalogue()),
  );
  // Limits judge only what was signed: the run's dates come from the signed statement.
  const policy = signed ? policyProblems(signed.statement.predicate.run, String(report.suite?.version), options) : [];
  const problems: VerificationProblem[] = [...authenticity.map((text) => ({ kind: 'authenticity' as const, text })), ...policy.map((text) => ({ kind: 'policy' as const, text }))];
  const result = resultOf(report.verdict, problems);
  return { bundle: dir, result, exitCode: VERIFY_EXIT_CODE[result], facts: factsOf(dir, report, allowPrivateTarget, signed?.signer), problems };
}
