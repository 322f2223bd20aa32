/**
 * The command line's options: parsed and checked here, turned into the suite's environment
 * variables (lib/config reads those; the command line adds no second configuration path).
 * A bad option or value is one line and exit code 3, like any other reason the suite cannot run.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_SEED } from '../lib/config';
import { describeParseError } from '../mock/nearest-option';
import { PROFILE_NAMES } from '../lib/profiles';
import { parseShard, shardName, SHARD_VARIABLE, type Shard } from '../lib/run-data/shards';
import type { Catalogue } from '../lib/requirements';

export const COMMAND = 'sahara-conformance';

export const HELP = `usage: ${COMMAND} [options]          run the conformance suite and report a verdict
       ${COMMAND} --list               list the requirements of the catalogue
       ${COMMAND} mock [mock options]  start the mock server; same options as npm run mock
                                       (--port, --profile, --quirks, --defect, --write-env ...)
       ${COMMAND} cleanup RUN_ID [--dry-run] [--env-file FILE]
                                       remove what run RUN_ID left on the target (see cleanup --help)
       ${COMMAND} merge DIR... [--report-dir OUT]
                                       one verdict from the shards of a --shard run (see merge --help)
       ${COMMAND} summary DIR... [--out DIR]
                                       one table of many runs' verdicts (see summary --help)
       ${COMMAND} bundle OUT --product PRODUCT.yaml [--report-dir DIR] [--sign-key KEY] [--allow-private-target]
                                       a signed submission bundle of a run (see bundle --help)
       ${COMMAND} verify BUNDLE (--trusted-keys FILE | --public-key KEY) [--max-age DAYS] [--min-suite-version V] [--json]
                                       what a submission bundle certifies, and whether it is authentic (see verify --help)
       ${COMMAND} register add BUNDLE --register DIR | register build DIR --out SITE
                                       a register of certified products and its static page (see register --help)

Runs the conformance suite (Playwright underneath) against a deployment of
DELETE /v1.1/{project_id}/job-executions/{job_execution_id}, or against the built-in mock when no
target is configured, and writes report.json, report.html, report.md, junit.xml and badge.svg.

Options (each overrides the environment variable named, which overrides the .env file):
  --base-url URL      the deployment to test, without /v1.1 (CONFORMANCE_BASE_URL);
                      without one, the suite tests its embedded mock
  --os-cloud NAME     take credentials from cloud NAME of clouds.yaml (OS_CLOUD); without
                      --base-url the address comes from its service catalog
  --profile NAME      judge against sahara (default) or mrs (CONFORMANCE_PROFILE)
  --env-file FILE     read the configuration from FILE instead of ./.env (CONFORMANCE_ENV_FILE)
  --report-dir DIR    where the reports go, default ./conformance-report (CONFORMANCE_REPORT_DIR);
                      Playwright's own output goes to DIR/test-results. A run that cannot start
                      leaves the reports in DIR as they were (its log: DIR.could-not-run/run.log)
  --grep ID|@TAG      run only the tests of a requirement (JEX-DEL-001) or a tag (@long);
                      repeat to select several. Requirements not run make the verdict INCOMPLETE.
  --grep-invert ID|@TAG
                      leave out the tests of a requirement or a tag (e.g. @long); repeatable
  --list              print the requirement catalogue (ID, level, profiles, title) and exit
  --version           print the suite's version and the git commit it was built from, and exit
  --shard I/N         run shard I of N (Playwright's sharding, e.g. one CI job each); the shard's
                      folder gets a blob report; exit 1 if a MUST failed in it, else 0. Merge
                      the shards' folders with \`${COMMAND} merge\` for the verdict
  --workers N         parallel workers (default: one per core, at most 4; CONFORMANCE_WORKERS)
  --seed N            replay the generated ids of a run (JEX-DEL-010) from the seed its report
                      and console name (CONFORMANCE_SEED; default: a new random seed)
  --fuzz-runs N       how many generated ids JEX-DEL-010 sends (CONFORMANCE_FUZZ_RUNS, default 40)
  --dry-run           list every request a run would make, destructive ones marked, sending
                      nothing to the target (CONFORMANCE_DRY_RUN=1); no reports, no verdict
  -h, --help          print this help and exit

Secrets (tokens, passwords, application-credential secrets) are read from the environment, the
env file or clouds.yaml / secure.yaml only, never from options.

Exit codes:
  0  CONFORMANT      every applicable MUST requirement passed
  1  NON-CONFORMANT  a MUST requirement failed
  2  INCOMPLETE      no MUST failed, but one was skipped (not configured, precondition failed,
                     not selected by --grep) or inconclusive
  3  could not run   bad option or configuration, unreachable target, or the suite broke
A dry run exits 0 once it has listed the requests, 3 if it could not.
`;

export const CLEANUP_HELP = `usage: ${COMMAND} cleanup RUN_ID [--dry-run] [--env-file FILE]

Removes from the target what run RUN_ID left behind - only that: job executions its fixtures
marked with the run id (job_configs.params.conformance_run_id, or the MRS job name
conformance-RUN_ID). A protected one is unprotected first. The target and credentials come from
the environment or the env file, as for a run. The run id is in every report and in the line a
run prints about leftovers.

  --dry-run         list them, delete nothing
  --env-file FILE   read the configuration from FILE instead of ./.env (CONFORMANCE_ENV_FILE)
  -h, --help        print this help and exit

Exit codes: 0 nothing of the run is left, 1 something could not be removed (listed), 3 could not run.
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export type CommandLine =
  | { action: 'help' }
  | { action: 'list' }
  | { action: 'version' }
  | { action: 'run'; env: Record<string, string>; grep?: string; grepInvert?: string; shard?: Shard };

const REQUIREMENT_ID = /^JEX-[A-Z]+-\d{3}$/;
const TAG = /^@[A-Za-z0-9][\w-]*$/;

/** Every option the command line accepts (a self-test checks --help documents each). */
export const OPTIONS = {
  'base-url': { type: 'string' },
  'os-cloud': { type: 'string' },
  profile: { type: 'string' },
  'env-file': { type: 'string' },
  'report-dir': { type: 'string' },
  grep: { type: 'string', multiple: true },
  'grep-invert': { type: 'string', multiple: true },
  list: { type: 'boolean' },
  version: { type: 'boolean' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  seed: { type: 'string' },
  'fuzz-runs': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    // node:util's messages are one sentence plus advice on a second line; the sentence is enough.
    throw new UsageError(describeParseError(e, Object.keys(OPTIONS)));
  }
}

function baseUrlOption(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--base-url is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must be http(s), got "${url.protocol}"`);
  if (url.username || url.password) throw new UsageError('--base-url must not carry credentials; put the token in CONFORMANCE_AUTH_TOKEN');
  return raw;
}

/** A requirement ID becomes its tag; the match stops at the tag's end so @long never matches @longer. */
function grepPattern(option: string, values: string[], catalogue: () => Catalogue): string {
  const patterns = values.map((value) => {
    if (REQUIREMENT_ID.test(value)) {
      if (!catalogue().byId.has(value)) throw new UsageError(`--${option} names ${value}, which is not in the catalogue (see --list)`);
      return `@${value}(?![\\w-])`;
    }
    if (TAG.test(value)) return `${value}(?![\\w-])`;
    throw new UsageError(`--${option} must be a requirement ID (JEX-DEL-001) or a tag (@long), got "${value}"`);
  });
  return patterns.join('|');
}

/** A subcommand's options, parsed strictly with positionals allowed; a bad one is its usage error. */
export function parseSubcommand<const O extends NonNullable<ParseArgsConfig['options']>>(name: string, argv: string[], options: O) {
  try {
    return parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${name}: ${describeParseError(e, Object.keys(options))} (see ${name} --help)`);
  }
}

/** A run id as the suite makes them (run-<timestamp>-<pid>) or as a user set CONFORMANCE_RUN_ID. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function parseCleanupLine(argv: string[]): { help: true } | { help?: false; runId: string; dryRun: boolean; env: Record<string, string> } {
  const parsed = parseSubcommand('cleanup', argv, { 'dry-run': { type: 'boolean' }, 'env-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  const [runId, ...extra] = parsed.positionals;
  if (!runId || extra.length > 0) throw new UsageError('cleanup needs exactly one run id, e.g. cleanup run-20261203071003-8973 (see cleanup --help)');
  if (!RUN_ID.test(runId)) throw new UsageError(`cleanup: "${runId}" is not a run id (letters, digits, ".", "_", "-") (see cleanup --help)`);
  const env: Record<string, string> = {};
  const envFile = parsed.values['env-file'];
  if (envFile !== undefined) {
    if (!existsSync(resolve(envFile))) throw new UsageError(`cleanup: --env-file names ${envFile}, which does not exist`);
    env.CONFORMANCE_ENV_FILE = resolve(envFile);
  }
  return { runId, dryRun: parsed.values['dry-run'] === true, env };
}

export function parseCommandLine(argv: string[], catalogue: () => Catalogue): CommandLine {
  const values = parse(argv);
  if (values.help) return { action: 'help' };
  if (values.list) return { action: 'list' };
  if (values.version) return { action: 'version' };
  const env: Record<string, string> = {};
  if (values['base-url'] !== undefined) env.CONFORMANCE_BASE_URL = baseUrlOption(values['base-url']);
  if (values['os-cloud'] !== undefined) {
    if (!values['os-cloud'].trim()) throw new UsageError('--os-cloud must name a cloud of clouds.yaml');
    env.OS_CLOUD = values['os-cloud'].trim();
  }
  if (values.profile !== undefined) {
    if (!(PROFILE_NAMES as readonly string[]).includes(values.profile)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got "${values.profile}"`);
    env.CONFORMANCE_PROFILE = values.profile;
  }
  if (values['env-file'] !== undefined) {
    const file = resolve(values['env-file']);
    if (!existsSync(file)) throw new UsageError(`--env-file names ${values['env-file']}, which does not exist`);
    env.CONFORMANCE_ENV_FILE = file;
  }
  if (values['report-dir'] !== undefined) {
    if (!values['report-dir'].trim()) throw new UsageError('--report-dir must name a folder');
    env.CONFORMANCE_REPORT_DIR = resolve(values['report-dir']);
  }
  if (values['dry-run']) env.CONFORMANCE_DRY_RUN = '1';
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard must be I/N with 1 <= I <= N, e.g. 2/3, got "${values.shard}"`);
  if (shard) env[SHARD_VARIABLE] = shardName(shard);
  if (values.workers !== undefined) {
    if (!/^[1-9]\d{0,2}$/.test(values.workers)) throw new UsageError(`--workers must be a whole number from 1, got "${values.workers}"`);
    env.CONFORMANCE_WORKERS = values.workers;
  }
  if (values.seed !== undefined) {
    if (!/^\d{1,10}$/.test(values.seed) || Number(values.seed) > MAX_SEED) throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}, as a report names it, got "${values.seed}"`);
    env.CONFORMANCE_SEED = values.seed;
  }
  if (values['fuzz-runs'] !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(values['fuzz-runs'])) throw new UsageError(`--fuzz-runs must be a whole number from 1 to 9999, got "${values['fuzz-runs']}"`);
    env.CONFORMANCE_FUZZ_RUNS = values['fuzz-runs'];
  }
  const grep = values.grep?.length ? grepPattern('grep', values.grep, catalogue) : undefined;
  const grepInvert = values['grep-invert']?.length ? grepPattern('grep-invert', values['grep-invert'], catalogue) : undefined;
  return { action: 'run', env, grep, grepInvert, shard };
}
