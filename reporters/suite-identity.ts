/** Which suite, contract and catalogue produced a report, so two reports can be compared honestly. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalogue } from '../lib/requirements';
import { OPENAPI_FILE } from '../lib/suite-data';
import { suiteBuild } from '../lib/suite-version';
import type { SuiteIdentity } from './report-model';

const ROOT = join(__dirname, '..');

function versionOf(packageJson: string): { name: string; version: string } {
  return JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string; version: string };
}

export function suiteIdentity(catalogue: Catalogue): SuiteIdentity {
  const suite = suiteBuild();
  return {
    name: suite.name,
    version: suite.version,
    commit: suite.commit,
    specFile: relative(ROOT, OPENAPI_FILE),
    specSha256: createHash('sha256').update(readFileSync(OPENAPI_FILE)).digest('hex'),
    catalogueVersion: catalogue.version,
    playwrightVersion: versionOf(require.resolve('@playwright/test/package.json')).version,
  };
}
