/** Which suite, contract and catalogue produced a report, so two reports can be compared honestly. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalogue } from '../lib/requirements';
import { OPENAPI_FILE, PROFILES_FILE, REQUIREMENTS_FILE } from '../lib/suite-data';
import { suiteBuild } from '../lib/suite-version';
import type { SuiteIdentity } from './report-model';

const ROOT = join(__dirname, '..');

function versionOf(packageJson: string): { name: string; version: string } {
  return JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string };
}

/** A file's sha256, hex: how a report and a certification bundle name the files that judged. */
export const sha256Of = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What judges a target, by path from the suite's root and sha256: the contract, the catalogue, the profiles and every conformance test. */
export function suiteFileDigests(): Record<string, string> {
  const tests = join(ROOT, 'tests', 'conformance');
  const files = [OPENAPI_FILE, REQUIREMENTS_FILE, PROFILES_FILE, ...readdirSync(tests).filter((f) => f.endsWith('.ts')).sort().map((f) => join(tests, f))];
  return Object.fromEntries(files.map((f) => [relative(ROOT, f), sha256Of(f)]));
}

export function suiteIdentity(catalogue: Catalogue): SuiteIdentity {
  const suite = suiteBuild();
  return {
    name: suite.name,
    version: suite.version,
    commit: suite.commit,
    specFile: relative(ROOT, OPENAPI_FILE),
    specSha256: sha256Of(OPENAPI_FILE),
    catalogueVersion: catalogue.version,
    playwrightVersion: versionOf(require.resolve('@playwright/test/package.json')).version,
    files: suiteFileDigests(),
  };
}
