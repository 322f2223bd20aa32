/**
 * `bundle` and `verify`, the certification subcommands (certification/): their parsing, help and
 * exit codes - bundle: 0 written, 3 unusable input; verify: 0 verified, 1 not, 3 unusable input.
 */
import { resolve } from 'node:path';
import { BundleError, writeBundle } from '../certification/write-bundle';
import { readPublicKey, UnusableInput, verifyBundle } from '../certification/verify-bundle';
import { parseSubcommand, UsageError } from './command-line-options';
import { readEnvironment } from '../lib/config';
import { SuiteConfigError } from '../lib/errors';
import { registerSecretsFromEnvironment } from '../lib/redact';

export const BUNDLE_HELP = `usage: sahara-conformance bundle OUT --product PRODUCT.yaml [--report-dir DIR] [--sign-key KEY.pem]
Writes a submission bundle of a finished run into OUT (a new folder): PRODUCT.yaml, the reports,
the suite's contract, catalogue and identity, a README on reproducing the run and, with --sign-key
(an Ed25519 private key in PEM: openssl genpkey -algorithm ed25519 -out key.pem), a signed in-toto
test-result attestation over every file. The key is read, never copied into the bundle.
  --report-dir DIR   the run's reports (default ./conformance-report)
`;

export const VERIFY_HELP = `usage: sahara-conformance verify BUNDLE [--public-key KEY.pem]
Checks a submission bundle: the signature, every file's sha256, PRODUCT.yaml, the suite files, and
report.json's verdict judged again from its own checks. One line per problem.
Exit code: 0 verified, 1 not verified, 3 unusable input.
`;

export function bundleCommand(argv: string[]): { help: true } | { help?: false; written: string; signed: boolean } {
  const parsed = parseSubcommand('bundle', argv, { product: { type: 'string' }, 'report-dir': { type: 'string' }, 'sign-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  const [out, ...extra] = parsed.positionals;
  if (!out || extra.length > 0) throw new UsageError('bundle needs exactly one folder to write, e.g. bundle submission --product PRODUCT.yaml (see bundle --help)');
  if (!parsed.values.product) throw new UsageError('bundle needs --product PRODUCT.yaml: what is submitted (see bundle --help)');
  try {
    // A secret of the configuration that reached a report by some path never enters the bundle.
    registerSecretsFromEnvironment(readEnvironment());
    const written = writeBundle({ out: resolve(out), reportDir: resolve(parsed.values['report-dir'] ?? 'conformance-report'), productFile: resolve(parsed.values.product), signKeyFile: parsed.values['sign-key'] && resolve(parsed.values['sign-key']) });
    return { written: resolve(out), signed: written.signed };
  } catch (e) {
    if (e instanceof BundleError || e instanceof SuiteConfigError) throw new UsageError(`bundle: ${e.message}`);
    throw e;
  }
}

export function verifyCommand(argv: string[]): { help: true } | { help?: false; problems: string[] } {
  const parsed = parseSubcommand('verify', argv, { 'public-key': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) throw new UsageError('verify needs exactly one bundle folder (see verify --help)');
  try {
    const key = parsed.values['public-key'] ? readPublicKey(resolve(parsed.values['public-key'])) : undefined;
    return { problems: verifyBundle(resolve(dir), key) };
  } catch (e) {
    if (e instanceof UnusableInput) throw new UsageError(`verify: ${e.message}`);
    throw e;
  }
}
