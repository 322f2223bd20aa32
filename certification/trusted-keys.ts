/**
 * The certifier's list of which vendor signs with which key (verify --trusted-keys FILE), in the
 * spirit of OpenSSH's allowed_signers: one key per line,
 *
 *     "Example Cloud GmbH" valid-after="20260101",valid-before="20270101" ed25519 MCowBQYDK2VwAyEA...
 *
 * the vendor as PRODUCT.yaml names it (quoted when it has spaces), optional validity dates (UTC,
 * YYYYMMDD or YYYYMMDDHHMM[SS], an optional trailing Z), the key type and the public key as base64
 * of its DER SubjectPublicKeyInfo (`openssl pkey -pubin -in key.pub.pem -outform DER | base64 -w0`).
 * Blank lines and lines starting with # are ignored. A malformed line is unusable input.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyIdOf } from './dsse';

export class TrustedKeysError extends Error {}

export interface TrustedKey {
  vendor: string;
  key: KeyObject;
  keyId: string;
  validAfter?: Date;
  validBefore?: Date;
  /** Where it was read from: "FILE line N". */
  line: string;
}

/** Splits a line at spaces outside double quotes; quotes are kept off the words. */
function words(line: string): string[] | undefined {
  const out: string[] = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|[^\s"]*(?:"(?:[^"\\]|\\.)*"[^\s"]*)*)/y;
  let rest = line.trim();
  while (rest) {
    pattern.lastIndex = 0;
    const m = pattern.exec(rest);
    if (!m || !m[1]) return undefined;
    out.push(m[1].startsWith('"') && m[1].endsWith('"') ? m[1].slice(1, -1).replace(/\\(.)/g, '$1') : m[1]);
    rest = rest.slice(m[0].length).trim();
  }
  return out;
}

function timeOf(text: string, where: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?Z?$/.exec(text);
  const [year, month, dayOfMonth, hour, minute, second] = (m ?? []).slice(1).map((part) => Number(part ?? 0));
  const date = m && new Date(Date.UTC(year!, month! - 1, dayOfMonth!, hour, minute, second));
  if (!date || Number.isNaN(date.getTime()) || date.getUTCDate() !== dayOfMonth || date.getUTCMonth() !== month! - 1) throw new TrustedKeysError(`${where}: ${JSON.stringify(text)} is not a date: write YYYYMMDD or YYYYMMDDHHMM[SS] (UTC)`);
  return date;
}

function optionsOf(text: string, where: string): Pick<TrustedKey, 'validAfter' | 'validBefore'> {
  const options: Pick<TrustedKey, 'validAfter' | 'validBefore'> = {};
  for (const option of text.split(',')) {
    const m = /^(valid-after|valid-before)="?([^"]*)"?$/.exec(option);
    if (!m) throw new TrustedKeysError(`${where}: unknown option ${JSON.stringify(option)} (known: valid-after="YYYYMMDD", valid-before="YYYYMMDD")`);
    options[m[1] === 'valid-after' ? 'validAfter' : 'validBefore'] = timeOf(m[2] ?? '', where);
  }
  return options;
}

export function readTrustedKeys(file: string): TrustedKey[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrustedKeysError(`--trusted-keys ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const keys: TrustedKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const where = `${file} line ${index + 1}`;
    if (!raw.trim() || raw.trim().startsWith('#')) return;
    const parts = words(raw);
    if (!parts || (parts.length !== 3 && parts.length !== 4)) throw new TrustedKeysError(`${where}: expected: VENDOR [valid-after="YYYYMMDD",valid-before="YYYYMMDD"] ed25519 BASE64-KEY`);
    const [vendor = '', options, type, base64 = ''] = parts.length === 4 ? parts : [parts[0], undefined, parts[1], parts[2]];
    if (type !== 'ed25519') throw new TrustedKeysError(`${where}: key type ${JSON.stringify(type)}: only ed25519 keys sign bundles`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    } catch {
      throw new TrustedKeysError(`${where}: the key is not base64 of an Ed25519 public key (DER): make it with openssl pkey -pubin -in key.pub.pem -outform DER | base64 -w0`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new TrustedKeysError(`${where}: the key is ${key.asymmetricKeyType}, not Ed25519`);
    const validity = options ? optionsOf(options, where) : {};
    if (validity.validAfter && validity.validBefore && validity.validAfter >= validity.validBefore) throw new TrustedKeysError(`${where}: valid-after is not before valid-before`);
    keys.push({ vendor, key, keyId: keyIdOf(key), ...validity, line: where });
  });
  if (keys.length === 0) throw new TrustedKeysError(`--trusted-keys ${file} lists no key`);
  return keys;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function validityText(key: Pick<TrustedKey, 'validAfter' | 'validBefore'>): string {
  if (!key.validAfter && !key.validBefore) return 'no validity dates';
  return `valid ${key.validAfter ? `from ${day(key.validAfter)}` : ''}${key.validAfter && key.validBefore ? ' ' : ''}${key.validBefore ? `until ${day(key.validBefore)}` : ''}`;
}

/**
 * Which listed key may have signed for `vendor` a run from `startedAt` to `finishedAt`: the key
 * listed for that vendor, valid over the whole run. Otherwise why not, in one line.
 */
export function trustedSignerProblem(listed: TrustedKey[], signerKeyIds: string[], vendor: string, startedAt: Date, finishedAt: Date): { key: TrustedKey } | { problem: string } {
  const signing = listed.filter((k) => signerKeyIds.includes(k.keyId));
  const short = (id: string) => `sha256:${id.slice(0, 16)}...`;
  if (signing.length === 0) return { problem: `the bundle is signed by ${signerKeyIds.map(short).join(', ') || 'no key'}, which the trusted keys list for nobody` };
  const forVendor = signing.filter((k) => k.vendor === vendor);
  if (forVendor.length === 0) return { problem: `the signing key ${short(signing[0]!.keyId)} is listed for ${[...new Set(signing.map((k) => JSON.stringify(k.vendor)))].join(', ')}, not for ${JSON.stringify(vendor)}, the vendor PRODUCT.yaml names` };
  const valid = forVendor.find((k) => (!k.validAfter || startedAt >= k.validAfter) && (!k.validBefore || finishedAt < k.validBefore));
  if (!valid) return { problem: `the signing key of ${JSON.stringify(vendor)} (${forVendor[0]!.line}) is ${validityText(forVendor[0]!)}, but the run was from ${startedAt.toISOString()} to ${finishedAt.toISOString()}` };
  return { key: valid };
}
