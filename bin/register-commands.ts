/**
 * `register add` and `register build`, the register of certified products (certification/register,
 * certification/register-site): their parsing, help and exit codes. Each returns what to print and
 * the exit code; unusable input is a UsageError (one line, exit 3).
 */
import { REGISTER_BUILD_EXIT_CODE, VERIFY_EXIT_CODE } from '../lib/exit-codes';
import { resolve } from 'node:path';
import { addToRegister, REGISTER_TRUSTED_KEYS, RegisterError } from '../certification/register';
import { buildRegisterSite, SITE_BUNDLES, SITE_JSON, SITE_PAGE } from '../certification/register-site';
import { TrustedKeysError } from '../certification/trusted-keys';
import { verificationText } from '../certification/verification-text';
import { isSuiteVersion } from '../certification/verification-policy';
import { parseSubcommand, UsageError } from './command-line-options';

export const REGISTER_HELP = `usage: sahara-conformance register add BUNDLE --register DIR [--max-age DAYS] [--min-suite-version V]
       sahara-conformance register build DIR --out SITE

A register of certified products: the folder DIR holds the certifier's list of vendors' keys,
DIR/${REGISTER_TRUSTED_KEYS} (one a line, as verify --trusted-keys reads it), and one folder per entry,
DIR/<vendor>/<product>/<version>/ (names from PRODUCT.yaml; characters other than letters, digits,
".", "_" and "-" become "-").

register add BUNDLE --register DIR
  Verifies the bundle with DIR/${REGISTER_TRUSTED_KEYS} and copies it into the register when it is
  CERTIFIED (authentic, and CONFORMANT); otherwise prints what verify found and refuses it. An
  entry is never replaced: remove its folder first.
  --max-age DAYS            refuse a run that finished more than DAYS days ago
  --min-suite-version V     refuse a run judged by a suite older than V
  Exit code: 0 added; refused, verify's own code: 1 NON-CONFORMANT, 2 INCOMPLETE, 4 NOT AUTHENTIC,
  5 NOT ACCEPTED; 3 unusable input (no such bundle or register, a bad trusted-keys file, the entry
  already in the register).

register build DIR --out SITE
  Writes a static site to SITE (new, empty, or an earlier build, whose copies it replaces):
  ${SITE_PAGE}, one row per product version - vendor, product, version, deployment, date,
  profile, verdict, findings, suite version, links to the bundle and its report.html - with no
  script and nothing fetched from elsewhere; ${SITE_JSON}, the same rows for programs; and a copy
  of every bundle under ${SITE_BUNDLES}/. Every entry is verified again: one that fails (changed
  after add, its key no longer trusted) is a row marked NOT VERIFIED with its problems.
  Exit code: 0 every entry verified, 1 the site is written but an entry failed verification,
  3 unusable input (no such register, a bad trusted-keys file, SITE not a folder to build into).

  -h, --help                print this help and exit
`;

export interface CommandOutcome {
  stdout: string;
  stderr?: string;
  exitCode: number;
}

function days(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`register add: --max-age ${JSON.stringify(text)} is not a number of days (e.g. --max-age 90)`);
  return Number(text);
}

function add(argv: string[]): CommandOutcome {
  const parsed = parseSubcommand('register add', argv, { register: { type: 'string' }, 'max-age': { type: 'string' }, 'min-suite-version': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { stdout: REGISTER_HELP, exitCode: 0 };
  const [bundle, ...extra] = parsed.positionals;
  if (!bundle || extra.length > 0) throw new UsageError('register add needs exactly one bundle folder, e.g. register add submission --register register (see register --help)');
  if (!parsed.values.register) throw new UsageError('register add needs --register DIR: the register to add the bundle to (see register --help)');
  const minSuiteVersion = parsed.values['min-suite-version'];
  if (minSuiteVersion !== undefined && !isSuiteVersion(minSuiteVersion)) throw new UsageError(`register add: --min-suite-version ${JSON.stringify(minSuiteVersion)} is not a version like 0.3.0`);
  const result = addToRegister(resolve(parsed.values.register), resolve(bundle), { maxAgeDays: days(parsed.values['max-age']), minSuiteVersion });
  const { verification } = result;
  if (result.added) return { stdout: `Added: ${result.folder} (${verification.facts.vendor} ${verification.facts.product} ${verification.facts.version}, CERTIFIED)\n`, exitCode: VERIFY_EXIT_CODE.CERTIFIED };
  return {
    stdout: verificationText(verification),
    stderr: `register add: refused: ${bundle} is ${verification.result}; a register takes only CERTIFIED bundles\n`,
    exitCode: verification.exitCode || VERIFY_EXIT_CODE['NOT AUTHENTIC'],
  };
}

function build(argv: string[]): CommandOutcome {
  const parsed = parseSubcommand('register build', argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { stdout: REGISTER_HELP, exitCode: 0 };
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0) throw new UsageError('register build needs exactly one register folder, e.g. register build register --out site (see register --help)');
  if (!parsed.values.out) throw new UsageError('register build needs --out SITE: the folder to write the site to (see register --help)');
  const site = buildRegisterSite(resolve(dir), resolve(parsed.values.out));
  const failing = site.failing.map((row) => `NOT VERIFIED: ${row.entry}: ${row.result}: ${row.problems.join('; ')}\n`).join('');
  const written = `Register site written: ${site.page} (${site.rows.length} entries: ${site.rows.length - site.failing.length} verified, ${site.failing.length} failing verification)\n`;
  return { stdout: failing + written, exitCode: site.failing.length ? REGISTER_BUILD_EXIT_CODE.someEntryFailing : REGISTER_BUILD_EXIT_CODE.everyEntryVerified };
}

/** `register add ...` or `register build ...`. */
export function registerCommand(argv: string[]): CommandOutcome {
  const [action, ...rest] = argv;
  try {
    if (action === 'add') return add(rest);
    if (action === 'build') return build(rest);
  } catch (e) {
    // A folder that cannot be read or written (EACCES, ENOSPC...) is unusable input like any other.
    const fileSystem = e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string';
    if (e instanceof RegisterError || e instanceof TrustedKeysError || fileSystem) throw new UsageError(`register ${action}: ${(e as Error).message.split('\n')[0]}`);
    throw e;
  }
  if (action === '--help' || action === '-h') return { stdout: REGISTER_HELP, exitCode: 0 };
  throw new UsageError(`register needs add or build${action === undefined ? '' : `, not ${JSON.stringify(action)}`} (see register --help)`);
}
