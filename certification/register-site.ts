/**
 * `sahara-conformance register build DIR --out SITE`: the register as a static site - index.html
 * (./register-page), register.json with the same rows for programs, and a copy of every entry's
 * bundle under SITE/bundles/ so that each row's links work offline. Every entry is verified again
 * with the register's trusted keys: a bundle changed after `add`, or a key since removed from the
 * list, makes a row marked NOT VERIFIED, never a row left out.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isInside, notPlainFiles, registerTrust, RegisterError } from './register';
import { renderRegisterPage } from './register-page';
import type { RegisterRow } from './register-row';
import type { SignerTrust } from './signature-check';
import { verifyBundle } from './verify-bundle';

export const SITE_PAGE = 'index.html';
export const SITE_JSON = 'register.json';
export const SITE_BUNDLES = 'bundles';

const hidden = (name: string) => name.startsWith('.');

/** DIR/<vendor>/<product>/<version>, as relative paths: every name three folders down, except dot-names (never made by `add`). */
export function registerEntries(dir: string): string[] {
  const below = (path: string) => readdirSync(join(dir, path)).filter((name) => !hidden(name)).sort().map((name) => (path ? `${path}/${name}` : name));
  const folders = (paths: string[]) => paths.filter((path) => lstatSync(join(dir, path)).isDirectory());
  return folders(folders(below('')).flatMap(below)).flatMap(below);
}

const linkTo = (entry: string, file = '') => `${SITE_BUNDLES}/${entry.split('/').map(encodeURIComponent).join('/')}/${file}`;

function rowOf(dir: string, entry: string, trust: SignerTrust): RegisterRow {
  const [vendor, product, version] = entry.split('/');
  const bundle = join(dir, ...entry.split('/'));
  const unverifiable = (problem: string): RegisterRow => ({ entry, verified: false, result: 'NOT VERIFIABLE', vendor, product, version, findings: [], bundleLink: linkTo(entry), problems: [problem] });
  if (!lstatSync(bundle).isDirectory()) return unverifiable('not a folder');
  // `add` never stores a link: one in an entry was put there afterwards, and is not published.
  const unsafe = notPlainFiles(bundle);
  if (unsafe) return unverifiable(unsafe);
  try {
    const v = verifyBundle(bundle, { trust });
    const f = v.facts;
    return {
      entry,
      verified: v.result === 'CERTIFIED',
      result: v.result,
      vendor: f.vendor,
      product: f.product,
      version: f.version,
      deployment: f.deployment,
      date: f.finishedAt,
      profile: f.profile,
      verdict: f.verdict,
      findings: f.findings,
      suiteVersion: f.suite.version,
      bundleLink: linkTo(entry),
      reportLink: existsSync(join(bundle, 'report.html')) ? linkTo(entry, 'report.html') : undefined,
      problems: v.problems.map((p) => p.text),
    };
  } catch (e) {
    // Whatever is in the folder, the row stays: a register never drops an entry it cannot read.
    return unverifiable(`cannot be verified: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Plain files and folders only: a link in an entry could otherwise publish any file of the machine. */
function copyPlainFiles(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const stat = lstatSync(join(from, name));
    if (stat.isDirectory()) copyPlainFiles(join(from, name), join(to, name));
    else if (stat.isFile()) copyFileSync(join(from, name), join(to, name));
  }
}

/** SITE must be new, empty, or a site this command wrote (its bundles are then replaced). */
function prepareSite(dir: string, out: string): void {
  const [register, site] = [resolve(dir), resolve(out)];
  if (isInside(site, register) || isInside(register, site)) throw new RegisterError(`--out ${out} and the register ${dir} must not hold one another: build the site into a folder of its own`);
  if (existsSync(site) && readdirSync(site).length > 0) {
    if (!existsSync(join(site, SITE_JSON))) throw new RegisterError(`--out ${out} is not empty and holds no ${SITE_JSON} of an earlier build: build into a new folder`);
    rmSync(join(site, SITE_BUNDLES), { recursive: true, force: true });
  }
  mkdirSync(join(site, SITE_BUNDLES), { recursive: true });
}

export interface RegisterSite {
  page: string;
  rows: RegisterRow[];
  failing: RegisterRow[];
}

export function buildRegisterSite(dir: string, out: string, now = new Date()): RegisterSite {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new RegisterError(`${dir} is not a folder: give the register's folder (the --register of register add)`);
  const trust = registerTrust(dir);
  prepareSite(dir, out);
  const rows = registerEntries(dir).map((entry) => rowOf(dir, entry, trust));
  for (const { entry } of rows) {
    const folder = join(dir, ...entry.split('/'));
    if (lstatSync(folder).isDirectory()) copyPlainFiles(folder, join(out, SITE_BUNDLES, ...entry.split('/')));
  }
  const builtAt = now.toISOString();
  writeFileSync(join(out, SITE_JSON), `${JSON.stringify({ builtAt, rows }, null, 2)}\n`);
  const page = join(out, SITE_PAGE);
  writeFileSync(page, renderRegisterPage(rows, builtAt));
  return { page, rows, failing: rows.filter((row) => !row.verified) };
}
