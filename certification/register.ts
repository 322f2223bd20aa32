/**
 * A register of certified products (`sahara-conformance register add BUNDLE --register DIR`): a
 * folder holding the certifier's trusted-keys file and, under DIR/<vendor>/<product>/<version>/,
 * a copy of each bundle it took. A bundle is taken only when verify, with the register's own
 * trusted-keys file, finds it CERTIFIED. Everything in a bundle is the vendor's input: folder names
 * are made from it safely, and only plain files and folders are ever copied.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { notRegularFiles } from './bundle-files';
import type { SignerTrust } from './signature-check';
import { readTrustedKeys } from './trusted-keys';
import type { Verification } from './verification';
import type { VerificationPolicy } from './verification-policy';
import { verifyBundle } from './verify-bundle';

/** The register's list of vendors' keys (certification/trusted-keys format), in DIR itself. */
export const REGISTER_TRUSTED_KEYS = 'trusted-keys';
/** Where `add` copies a bundle before it moves it into place; a leading dot, so never an entry. */
const INCOMING_DIR = '.incoming';
/** Folder names stay well under every file system's limit of 255 bytes. */
const MAX_NAME_LENGTH = 100;

/** A register or bundle that cannot be used as given; the command line says so in one line (exit 3). */
export class RegisterError extends Error {}

/** The register's trusted keys, as verify takes them; a missing or malformed file is TrustedKeysError or RegisterError. */
export function registerTrust(dir: string): NonNullable<SignerTrust> {
  const keysFile = join(dir, REGISTER_TRUSTED_KEYS);
  if (!existsSync(keysFile)) throw new RegisterError(`${dir} has no ${REGISTER_TRUSTED_KEYS} file: a register verifies bundles with its own list of vendors' keys; write it there (see register --help)`);
  return { trustedKeys: readTrustedKeys(keysFile), keysFile };
}

/**
 * A vendor, product or version as one folder name: only [A-Za-z0-9._-], anything else becomes
 * "-", and no leading dot - so "..", "/" or a hidden folder can never come out of a PRODUCT.yaml.
 */
export function safeFolderName(text: string): string {
  const name = text.trim().replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\./, '-').slice(0, MAX_NAME_LENGTH);
  return name || '-';
}

/** DIR/<vendor>/<product>/<version>, relative to DIR, with "/" between. */
export function entryPathOf(facts: Pick<Verification['facts'], 'vendor' | 'product' | 'version'>): string {
  return [facts.vendor, facts.product, facts.version].map((part) => safeFolderName(part ?? '')).join('/');
}

/** Why `dir` holds something other than plain files and folders (a link could pull any file of the machine into a copy), or undefined. */
export function notPlainFiles(dir: string): string | undefined {
  const first = notRegularFiles(dir)[0];
  return first && `${join(dir, first)} is a symbolic link or special file: a bundle holds only files and folders`;
}

/** Whether `path` is `folder` or inside it (both absolute). */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

export type AddResult = { added: true; entry: string; folder: string; verification: Verification } | { added: false; verification: Verification };

/**
 * Verifies `bundle` with the register's trusted keys (and the certifier's limits, when given) and
 * copies it into the register when it is CERTIFIED. An entry is never replaced: its folder must be
 * removed first, so a register never changes without someone deciding it should.
 */
export function addToRegister(dir: string, bundle: string, policy: VerificationPolicy = {}): AddResult {
  const trust = registerTrust(dir);
  if (!existsSync(bundle) || !statSync(bundle).isDirectory()) throw new RegisterError(`${bundle} is not a folder: give the folder \`bundle\` wrote`);
  if (isInside(resolve(dir), resolve(bundle))) throw new RegisterError(`the register ${dir} is inside the bundle ${bundle}: keep the register in a folder of its own`);
  const unsafe = notPlainFiles(bundle);
  if (unsafe) throw new RegisterError(unsafe);
  // The copy is what is verified and then moved into place: what the register keeps is exactly
  // what was verified, and a copy cut short never looks like an entry.
  const incoming = join(dir, INCOMING_DIR, `${process.pid}-${Date.now()}`);
  try {
    cpSync(bundle, incoming, { recursive: true });
    let verification: Verification;
    try {
      verification = { ...verifyBundle(incoming, { ...policy, trust }), bundle };
    } catch (e) {
      // A hostile bundle may break verify in ways UnusableInput does not name; it is unusable all the same.
      if (e instanceof Error) throw new RegisterError(`${bundle} cannot be verified: ${e.message.split('\n')[0]!.split(incoming).join(bundle)}`);
      throw e;
    }
    if (verification.result !== 'CERTIFIED') return { added: false, verification };
    const entry = entryPathOf(verification.facts);
    const folder = join(dir, ...entry.split('/'));
    if (existsSync(folder)) throw new RegisterError(`${folder} is already in the register: to replace it, remove that folder (rm -r '${folder}') and add the bundle again`);
    mkdirSync(join(folder, '..'), { recursive: true });
    renameSync(incoming, folder);
    return { added: true, entry, folder, verification };
  } finally {
    rmSync(incoming, { recursive: true, force: true });
  }
}
