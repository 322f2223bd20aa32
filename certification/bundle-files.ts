/** What a submission bundle holds, by name, and how its files are digested and listed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PRODUCT_FILE = 'PRODUCT.yaml';
export const ATTESTATION_FILE = 'attestation.dsse.json';
/** The suite's data files, copied in so that a verifier judges with the catalogue the run used. */
export const SUITE_DIR = 'suite';
/** The run's files a bundle takes from its report folder, when there: the reports, the run guard's record, the command line's log and configuration. */
export const REPORT_FILES = ['report.json', 'report.html', 'report.md', 'junit.xml', 'run-guard.json', 'run.log', 'run-configuration.json'];

export { sha256Of } from '../reporters/suite-identity';

/** Every entry below `dir` as paths relative to it, sorted: regular files, and anything else (links, devices). */
function entriesBelow(dir: string): { files: string[]; others: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      // lstat: a link is never followed - a hostile bundle's link could point anywhere on the verifier's disk.
      const entry = lstatSync(path);
      if (entry.isDirectory()) walk(path);
      else (entry.isFile() ? files : others).push(relative(dir, path));
    }
  };
  walk(dir);
  return { files: files.sort(), others: others.sort() };
}

/** Every regular file below `dir`, as paths relative to it, sorted; the attestation is not one of its own subjects. */
export function bundleFiles(dir: string): string[] {
  return entriesBelow(dir).files.filter((f) => f !== ATTESTATION_FILE);
}

/** What in a bundle is not a regular file or folder (a symbolic link, a device): a bundle holds none. */
export function notRegularFiles(dir: string): string[] {
  return entriesBelow(dir).others;
}
