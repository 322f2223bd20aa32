/**
 * Which build of the suite is running: its version (package.json) and the git commit it was built
 * from, so a report can say exactly what judged the target. A packed tarball carries the commit
 * in build-info.json (written by `npm pack`'s prepack step, scripts/write-build-info.ts); a git
 * checkout asks git, and says "-modified" when tracked files differ from that commit.
 *
 * Version policy (docs/reports.md, "Versions"): the minor version goes up when a requirement is added,
 * removed or changes level or expected answer (verdicts may change); the patch version for
 * fixes that change no requirement; the major version when the report format changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
export const BUILD_INFO_FILE = join(ROOT, 'build-info.json');

export interface SuiteBuild {
  name: string;
  version: string;
  /** 40 hex digits, with "-modified" for a checkout with local changes; "unknown" when neither source tells. */
  commit: string;
}

export function gitCommit(): string | undefined {
  if (!existsSync(join(ROOT, '.git'))) return undefined;
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${head}-modified` : head;
  } catch {
    return undefined;
  }
}

let cached: SuiteBuild | undefined;

export function suiteBuild(): SuiteBuild {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const built = existsSync(BUILD_INFO_FILE) ? (JSON.parse(readFileSync(BUILD_INFO_FILE, 'utf8')) as { commit?: string }).commit : undefined;
  cached = { name: pkg.name, version: pkg.version, commit: built ?? gitCommit() ?? 'unknown' };
  return cached;
}
