/**
 * `bundle` and `verify`, the certification subcommands (certification/): their parsing, help and
 * exit codes - bundle: 0 written, 3 unusable input; verify: certification/verification VERIFY_EXIT_CODE,
 * 3 unusable input.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { privateHostReason } from '../certification/target-claim';
import { readTrustedKeys, TrustedKeysError } from '../certification/trusted-keys';
import type { Verification } from '../certification/verification';
import { isSuiteVersion } from '../certification/verification-policy';
import { BundleError, readReport, writeBundle } from '../certification/write-bundle';
import { readPublicKey, UnusableInput, verifyBundle } from '../certification/verify-bundle';
import { parseSubcommand, UsageError } from './command-line-options';
import { readEnvironment } from '../lib/config';
import { SuiteConfigError } from '../lib/errors';
import { registerSecretsFromEnvironment } from '../lib/redact';

export const BUNDLE_HELP = `usage: sahara-conformance bundle OUT --product PRODUCT.yaml [--report-dir DIR] [--sign-key KEY.pem] [--allow-private-target]
Writes a submission bundle of a finished run into OUT (a new folder): PRODUCT.yaml, the reports,
the suite's contract, catalogue and identity, a README on reproducing the run and, with --sign-key
(an Ed25519 private key in PEM: openssl genpkey -algorithm ed25519 -out key.pem), a signed in-toto
test-result attestation over every file. The key is read, never copied into the bundle.
Refused: a run of the embedded mock, and a run whose target is not PRODUCT.yaml's deployment
(scheme, host and port; the catalog form .../v1.1/<project> is accepted).
  --report-dir DIR          the run's reports (default ./conformance-report)
  --allow-private-target    the target is a loopback or private address (a lab, a laptop) on purpose;
                            recorded in the signed statement and shown by verify
`;

export const VERIFY_HELP = `usage: sahara-conformance verify BUNDLE (--trusted-keys FILE | --public-key KEY.pem) [--max-age DAYS] [--min-suite-version V] [--json]
Checks a submission bundle and says what it certifies: the signature and its signer, every file's
sha256, PRODUCT.yaml and the target it claims, the suite files, report.json's verdict judged again
from its own checks, and the limits given.
  --trusted-keys FILE       vendors' keys, one per line: VENDOR [valid-after="YYYYMMDD",valid-before="YYYYMMDD"] ed25519 BASE64
                            (openssl pkey -pubin -in key.pub.pem -outform DER | base64 -w0); the signer must be
                            a key listed for PRODUCT.yaml's vendor, valid over the run's dates
  --public-key KEY.pem      the one key to check the signature with, not checked against a list
  --max-age DAYS            refuse a run that finished more than DAYS days ago
  --min-suite-version V     refuse a run judged by a suite older than V
  --json                    the answer as JSON (result, exitCode, facts, problems)
Exit code: 0 CERTIFIED (authentic and CONFORMANT), 1 authentic but NON-CONFORMANT, 2 authentic but
INCOMPLETE, 3 unusable input, 4 NOT AUTHENTIC (tampered, untrusted signer, or claiming what was not
tested), 5 NOT ACCEPTED (authentic, but older than --max-age or --min-suite-version).
`;

/** Why the target's host name resolves to a loopback or private address; undefined when it does not, or cannot be looked up. */
async function resolvesPrivate(baseUrl: string): Promise<string | undefined> {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
  if (isIP(host)) return undefined;
  const addresses = await Promise.race([lookup(host, { all: true }).catch(() => []), new Promise<[]>((r) => setTimeout(() => r([]), 3_000).unref())]);
  const found = addresses.find((a) => privateHostReason(a.address));
  return found && `${host} resolves to ${found.address}, a loopback or private address`;
}

export async function bundleCommand(argv: string[]): Promise<{ help: true } | { help?: false; written: string; signed: boolean }> {
  const parsed = parseSubcommand('bundle', argv, { product: { type: 'string' }, 'report-dir': { type: 'string' }, 'sign-key': { type: 'string' }, 'allow-private-target': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  const [out, ...extra] = parsed.positionals;
  if (!out || extra.length > 0) throw new UsageError('bundle needs exactly one folder to write, e.g. bundle submission --product PRODUCT.yaml (see bundle --help)');
  if (!parsed.values.product) throw new UsageError('bundle needs --product PRODUCT.yaml: what is submitted (see bundle --help)');
  try {
    // A secret of the configuration that reached a report by some path never enters the bundle.
    registerSecretsFromEnvironment(readEnvironment());
    const reportDir = resolve(parsed.values['report-dir'] ?? 'conformance-report');
    const allowPrivateTarget = parsed.values['allow-private-target'] === true;
    const resolvedPrivate = allowPrivateTarget ? undefined : await resolvesPrivate(readReport(reportDir).target?.baseUrl ?? '');
    const written = writeBundle({ out: resolve(out), reportDir, productFile: resolve(parsed.values.product), signKeyFile: parsed.values['sign-key'] && resolve(parsed.values['sign-key']), allowPrivateTarget, resolvedPrivate });
    return { written: resolve(out), signed: written.signed };
  } catch (e) {
    if (e instanceof BundleError || e instanceof SuiteConfigError) throw new UsageError(`bundle: ${e.message}`);
    throw e;
  }
}

function positiveNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`verify: --${name} ${JSON.stringify(text)} is not a number of days (e.g. --${name} 90)`);
  return Number(text);
}

export function verifyCommand(argv: string[]): { help: true } | { help?: false; verification: Verification; json: boolean } {
  const parsed = parseSubcommand('verify', argv, { 'public-key': { type: 'string' }, 'trusted-keys': { type: 'string' }, 'max-age': { type: 'string' }, 'min-suite-version': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) throw new UsageError('verify needs exactly one bundle folder (see verify --help)');
  const { 'public-key': publicKey, 'trusted-keys': keysFile, 'min-suite-version': minSuiteVersion } = parsed.values;
  if (publicKey && keysFile) throw new UsageError('verify: give --trusted-keys or --public-key, not both: the list decides which vendor a key belongs to');
  if (minSuiteVersion !== undefined && !isSuiteVersion(minSuiteVersion)) throw new UsageError(`verify: --min-suite-version ${JSON.stringify(minSuiteVersion)} is not a version like 0.3.0`);
  const maxAgeDays = positiveNumber('max-age', parsed.values['max-age']);
  try {
    const trust = keysFile ? { trustedKeys: readTrustedKeys(resolve(keysFile)), keysFile } : publicKey ? { publicKey: readPublicKey(resolve(publicKey)) } : undefined;
    return { verification: verifyBundle(resolve(dir), { trust, maxAgeDays, minSuiteVersion }), json: parsed.values.json === true };
  } catch (e) {
    if (e instanceof UnusableInput || e instanceof TrustedKeysError) throw new UsageError(`verify: ${e.message}`);
    throw e;
  }
}
