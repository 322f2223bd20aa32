/** What a submission bundle holds, by name, and how its files are digested and listed. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PRODUCT_FILE = 'PRODUCT.yaml';
export const ATTESTATION_FILE = 'attestation.dsse.json';
/** The suite's data files, copied in so that a verifier judges with the catalogue the run used. */
export const SUITE_DIR = 'suite';
/** The run's files a bundle takes from its report folder, when there: the reports, the run guard's record, the command line's log and configuration. */
export const REPORT_FILES = ['report.json', 'report.html', 'report.md', 'junit.xml', 'run-guard.json', 'run.log', 'run-configuration.json'];

export { sha256Of } from '../reporters/suite-identity';

/** Every file below `dir`, as paths relative to it, sorted; the attestation is not one of its own subjects. */
export function bundleFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.filter((f) => f !== ATTESTATION_FILE).sort();
}
