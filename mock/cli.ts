/**
 * Starts the mock on its own: `npm run mock -- --port 8386 --profile mrs --quirks sahara16`.
 * `--defect NAME` (mock/defects.ts) or `--variant NAME` (mock/variants.ts) picks a catalogued
 * bug or a conformant variant; options given explicitly win over what those need.
 * Prints the base URL; --write-env FILE writes the suite's configuration for it (tokens go to
 * that file, never to the console). Stops on SIGTERM / SIGINT.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeParseError } from './nearest-option';
import { DEFECT_NAMES, isDefectName } from './defects';
import { isVariantName, VARIANT_NAMES } from './variants';
import { MOCK_QUIRKS, type MockQuirk } from './options';
import { seedEnvironment } from './seed';
import { startMockServer, type MockStart } from './server';

const USAGE = 'usage: mock [--host 127.0.0.1] [--port 0] [--profile sahara|mrs] [--quirks sahara16] [--delete-delay-ms N] [--job-duration-ms N] [--race-window-ms N] [--rate-limit-period N] [--rate-limit-retry-after N] [--defect NAME] [--variant NAME] [--write-env FILE]';

function die(message: string): never {
  process.stderr.write(`mock: ${message}\n${USAGE}\n`);
  process.exit(3);
}

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) die(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  profile: { type: 'string' },
  quirks: { type: 'string' },
  'delete-delay-ms': { type: 'string' },
  'job-duration-ms': { type: 'string' },
  'race-window-ms': { type: 'string' },
  'rate-limit-period': { type: 'string' },
  'rate-limit-retry-after': { type: 'string' },
  'write-env': { type: 'string' },
  defect: { type: 'string' },
  variant: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `${USAGE}

A stateful, multi-tenant stand-in for Sahara's job-execution API (v1.1), seeded with two projects.
  --host, --port     where to listen (default 127.0.0.1, a free port)
  --profile          sahara (default) or mrs: which dialect of errors it answers in
  --quirks sahara16  imitate real Sahara 16 where it differs from the contract: its chunked 204, its
                     read-after-delete race and its bugs (mock/sahara16-bugs.ts)
  --defect NAME      break one behaviour on purpose (known: ${DEFECT_NAMES.join(', ')})
  --variant NAME     a conformant variation (known: ${VARIANT_NAMES.join(', ')})
  --delete-delay-ms, --job-duration-ms, --race-window-ms   timing of deletions and jobs
  --rate-limit-period N, --rate-limit-retry-after N   with --variant rate-limiting-gateway: every
                     Nth request gets 429 (default 5), with Retry-After: N seconds (default 0)
  --write-env FILE   write the CONFORMANCE_* settings that point the suite at this mock
  -h, --help         print this help and exit
`;

function parsedOrDie(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (e) {
    die(describeParseError(e, Object.keys(OPTIONS)));
  }
}

function parseOptions(argv: string[]): { options: MockStart; writeEnv?: string } {
  const values = parsedOrDie(argv);
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const profile = values.profile;
  if (profile !== undefined && profile !== 'sahara' && profile !== 'mrs') die(`--profile must be sahara or mrs, got "${profile}"`);
  const quirks = values.quirks?.split(',').filter(Boolean);
  for (const q of quirks ?? []) if (!(MOCK_QUIRKS as readonly string[]).includes(q)) die(`unknown quirk "${q}" (known: ${MOCK_QUIRKS.join(', ')})`);
  const defect = values.defect;
  if (defect !== undefined && !isDefectName(defect)) die(`unknown defect "${defect}" (known: ${DEFECT_NAMES.join(', ')})`);
  const variant = values.variant;
  if (variant !== undefined && !isVariantName(variant)) die(`unknown variant "${variant}" (known: ${VARIANT_NAMES.join(', ')})`);
  const host = values.host ?? '127.0.0.1';
  const port = wholeNumber('port', values.port) ?? 0;
  if (port > 65535) die(`--port must be at most 65535, got ${port}`);
  const rateLimitPeriod = wholeNumber('rate-limit-period', values['rate-limit-period']);
  if (rateLimitPeriod === 0) die('--rate-limit-period must be at least 1, got 0');
  return {
    options: {
      host,
      port,
      profile,
      quirks: quirks && new Set(quirks as MockQuirk[]),
      deleteDelayMs: wholeNumber('delete-delay-ms', values['delete-delay-ms']),
      jobDurationMs: wholeNumber('job-duration-ms', values['job-duration-ms']),
      raceWindowMs: wholeNumber('race-window-ms', values['race-window-ms']),
      rateLimitPeriod,
      rateLimitRetryAfterSeconds: wholeNumber('rate-limit-retry-after', values['rate-limit-retry-after']),
      defect,
      variant,
    },
    writeEnv: values['write-env'],
  };
}

async function main(): Promise<void> {
  const { options, writeEnv } = parseOptions(process.argv.slice(2));
  const mock = await startMockServer(options).catch((e: Error) => die(`cannot listen on ${options.host}:${options.port}: ${e.message}`));
  if (writeEnv) {
    const env = seedEnvironment(mock.baseUrl, mock.options.profile);
    writeFileSync(writeEnv, `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n')}\n`, { mode: 0o600 });
  }
  const extras = [mock.options.quirks.size ? `quirks ${[...mock.options.quirks].join(',')}` : '', mock.defect ? `DEFECT ${mock.defect}` : '', mock.variant ? `variant ${mock.variant}` : ''].filter(Boolean);
  process.stdout.write(`mock listening on ${mock.baseUrl} (profile ${mock.options.profile}${extras.map((e) => `, ${e}`).join('')})\n`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
