/**
 * `sahara-conformance verify DIR [--public-key FILE]`: whether a submission bundle is what its
 * signer attested and whether its verdict follows from its own checks. Checks: the signature over
 * the attestation, every file's sha256 against it (and no file it does not name), PRODUCT.yaml,
 * the suite that judged (report.json names it) against this suite's own files, and report.json
 * judged again with this suite's catalogue.
 * Returns one line per problem; none means verified.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../lib/requirements';
import { suiteBuild } from '../lib/suite-version';
import { suiteFileDigests } from '../reporters/suite-identity';
import type { ConformanceReport } from '../reporters/report-model';
import { IN_TOTO_PAYLOAD_TYPE, STATEMENT_TYPE, TEST_RESULT_PREDICATE, testResultStatement, type TestResultStatement } from './attestation';
import { ATTESTATION_FILE, bundleFiles, PRODUCT_FILE, sha256Of, SUITE_DIR } from './bundle-files';
import { verifyEnvelope, type DsseEnvelope } from './dsse';
import { productProblems } from './product';
import { rejudgeReport } from './rejudge-report';

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

function attestationProblems(dir: string, publicKey: KeyObject | undefined, report: ConformanceReport): string[] {
  if (!existsSync(join(dir, ATTESTATION_FILE))) return [`${ATTESTATION_FILE} is missing: the bundle is not signed (bundle it with --sign-key)`];
  if (!publicKey) return ['the signature was not checked: give the signer\'s --public-key'];
  const envelope = readJson<DsseEnvelope>(dir, ATTESTATION_FILE);
  const verified = verifyEnvelope(envelope, publicKey);
  if ('problem' in verified) return [verified.problem];
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return [`the attestation's payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`];
  let statement: TestResultStatement;
  try {
    statement = JSON.parse(verified.payload.toString('utf8')) as TestResultStatement;
  } catch {
    return ['the signed attestation is not JSON'];
  }
  if (statement._type !== STATEMENT_TYPE || statement.predicateType !== TEST_RESULT_PREDICATE) return [`the attestation is not an in-toto ${TEST_RESULT_PREDICATE} statement`];
  const problems: string[] = [];
  const named = new Map(statement.subject.map((s) => [s.name, s.digest.sha256]));
  const present = bundleFiles(dir);
  for (const name of present) {
    if (!named.has(name)) problems.push(`${name} is in the bundle but not in the attestation: added after signing`);
    else if (sha256Of(join(dir, name)) !== named.get(name)) problems.push(`${name} changed after signing (sha256 differs from the attestation's)`);
  }
  for (const name of named.keys()) if (!present.includes(name)) problems.push(`${name} is attested but missing from the bundle`);
  const expected = testResultStatement(report, statement.subject, statement.predicate.configuration).predicate;
  if (expected.result !== statement.predicate.result) problems.push(`the attestation says ${statement.predicate.result}, but report.json gives ${expected.result}`);
  for (const list of ['passedTests', 'warnedTests', 'failedTests'] as const) {
    const [attested, reported] = [statement.predicate[list], expected[list]];
    const onlyAttested = attested.filter((id) => !reported.includes(id));
    const onlyReported = reported.filter((id) => !attested.includes(id));
    if (onlyAttested.length + onlyReported.length > 0) problems.push(`the attestation's ${list} differ from report.json's: ${[...onlyAttested.map((id) => `${id} attested only`), ...onlyReported.map((id) => `${id} reported only`)].join(', ')}`);
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

export function verifyBundle(dir: string, publicKey?: KeyObject): string[] {
  if (!existsSync(join(dir, 'report.json'))) throw new UnusableInput(`${dir} holds no report.json: not a submission bundle`);
  const report = readJson<ConformanceReport>(dir, 'report.json');
  const problems = [...attestationProblems(dir, publicKey, report), ...productProblems(join(dir, PRODUCT_FILE), report.profile), ...suiteProblems(dir, report)];
  // This suite's catalogue: the suite check above makes sure it is the one the run used.
  return [...problems, ...rejudgeReport(report, loadCatalogue())];
}
