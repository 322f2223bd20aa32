/**
 * The command line (issue 7, item 2): `sahara-conformance` / `npm run conformance`. It documents
 * every option and the exit codes, refuses unknown options and bad values with one line and
 * exit 3, lists the catalogue, starts the mock, and drives Playwright with the options given.
 */
import { expect, test } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../../lib/requirements';
import { seedEnvironment } from '../../mock/seed';
import { HELP, OPTIONS } from '../../bin/command-line-options';
import { isolatedEnvironment } from './support/run-suite';
import { COMMAND, lastLines, run, runCommandLine } from './support/run-command-line';

test.describe.configure({ mode: 'parallel' });

const catalogue = loadCatalogue();
const command = (args: string[]) => run(COMMAND, args, isolatedEnvironment({}));

/** The least of a report.json the fleet summary reads. */
function minimalReport(verdict: string) {
  return {
    verdict,
    profile: 'sahara',
    target: { name: 'https://sahara.example.net:8386' },
    requirements: [],
    findings: [],
    suite: { version: '0.2.0', commit: '0123456789abcdef0123456789abcdef01234567' },
    finishedAt: '2026-01-02T03:04:05.000Z',
  };
}

test('--help documents every option, the mock subcommand and the four exit codes', async () => {
  const { exitCode, stdout } = await command(['--help']);
  expect(exitCode).toBe(0);
  expect(stdout).toBe(HELP);
  for (const option of Object.keys(OPTIONS)) expect(stdout, `--${option} is not in --help`).toMatch(new RegExp(`^\\s+(-\\w, )?--${option}\\b`, 'm'));
  expect(stdout).toMatch(/^\s+sahara-conformance mock \[mock options\]/m);
  for (const [code, verdict] of [['0', 'CONFORMANT'], ['1', 'NON-CONFORMANT'], ['2', 'INCOMPLETE'], ['3', 'could not run']]) {
    expect(stdout).toMatch(new RegExp(`^\\s+${code}\\s+${verdict}\\s`, 'm'));
  }
});

const refused: { args: string[]; line: RegExp }[] = [
  { args: ['--bogus'], line: /^sahara-conformance: Unknown option '--bogus' \(see --help\)$/ },
  { args: ['check'], line: /^sahara-conformance: Unexpected argument 'check'/ },
  { args: ['--profile'], line: /^sahara-conformance: Option '--profile <value>' argument missing/ },
  { args: ['--profile', 'openstack'], line: /^sahara-conformance: --profile must be one of sahara, mrs, got "openstack" \(see --help\)$/ },
  { args: ['--base-url', 'not a url'], line: /^sahara-conformance: --base-url is not a URL: "not a url"/ },
  { args: ['--base-url', 'ftp://example.net'], line: /^sahara-conformance: --base-url must be http\(s\), got "ftp:"/ },
  { args: ['--base-url', 'http://admin:secret@example.net'], line: /^sahara-conformance: --base-url must not carry credentials/ },
  { args: ['--env-file', '/nonexistent/.env'], line: /^sahara-conformance: --env-file names \/nonexistent\/\.env, which does not exist/ },
  { args: ['--report-dir', ' '], line: /^sahara-conformance: --report-dir must name a folder/ },
  { args: ['--grep', 'JEX-DEL-999'], line: /^sahara-conformance: --grep names JEX-DEL-999, which is not in the catalogue \(see --list\)$/ },
  { args: ['--grep-invert', 'long'], line: /^sahara-conformance: --grep-invert must be a requirement ID \(JEX-DEL-001\) or a tag \(@long\), got "long"/ },
  { args: ['--grep', 'delete.*'], line: /^sahara-conformance: --grep must be a requirement ID \(JEX-DEL-001\) or a tag \(@long\), got "delete\.\*"/ },
  { args: ['mock', '--profile', 'openstack'], line: /^mock: --profile must be sahara or mrs, got "openstack"$/ },
  // A near miss names the option meant.
  { args: ['--gerp', 'JEX-DEL-001'], line: /^sahara-conformance: Unknown option '--gerp'; did you mean --grep\? \(see --help\)$/ },
  { args: ['--base-ulr=http://x'], line: /^sahara-conformance: Unknown option '--base-ulr'; did you mean --base-url\? \(see --help\)$/ },
  { args: ['mock', '--prot', '8386'], line: /^mock: Unknown option '--prot'; did you mean --port\?$/ },
  { args: ['cleanup', 'run-1', '--dryrun'], line: /^sahara-conformance: cleanup: Unknown option '--dryrun'; did you mean --dry-run\? \(see cleanup --help\)$/ },
  { args: ['cleanup'], line: /^sahara-conformance: cleanup needs exactly one run id/ },
  { args: ['--shard', '4/3'], line: /^sahara-conformance: --shard must be I\/N with 1 <= I <= N, e\.g\. 2\/3, got "4\/3" \(see --help\)$/ },
  { args: ['--workers', '0'], line: /^sahara-conformance: --workers must be a whole number from 1, got "0" \(see --help\)$/ },
  { args: ['merge'], line: /^sahara-conformance: merge needs the report folder of each shard \(see merge --help\)$/ },
  { args: ['summary'], line: /^sahara-conformance: summary needs at least one report folder \(see summary --help\)$/ },
  { args: ['merge', '/nonexistent'], line: /^sahara-conformance: merge: \/nonexistent has no report\.json: not the report folder of a shard$/ },
  { args: ['cleanup', '../etc'], line: /^sahara-conformance: cleanup: "\.\.\/etc" is not a run id/ },
];

test('--version names the version of package.json and the git commit of this checkout; mock, cleanup and merge --help answer, exit 0', async () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  const version = await command(['--version']);
  expect(version.exitCode, version.stderr).toBe(0);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  expect(version.stdout).toMatch(new RegExp(`^sahara-conformance ${pkg.version.replace(/\./g, '\\.')} \\(sahara-jobexec-conformance, commit ${head}(-modified)?\\)\n$`));
  const mock = await command(['mock', '--help']);
  expect(mock.exitCode, mock.stderr).toBe(0);
  expect(mock.stdout).toMatch(/^usage: mock \[--host/);
  expect(mock.stdout).toContain('--defect NAME');
  const merge = await command(['merge', '--help']);
  expect(merge.exitCode, merge.stderr).toBe(0);
  expect(merge.stdout).toMatch(/^usage: sahara-conformance merge DIR\.\.\. \[--report-dir OUT\]/);
  const summary = await command(['summary', '--help']);
  expect(summary.exitCode, summary.stderr).toBe(0);
  expect(summary.stdout).toMatch(/^usage: sahara-conformance summary DIR\.\.\. \[--out DIR\]/);
  const cleanup = await command(['cleanup', '--help']);
  expect(cleanup.exitCode, cleanup.stderr).toBe(0);
  expect(cleanup.stdout).toMatch(/^usage: sahara-conformance cleanup RUN_ID \[--dry-run\]/);
});

for (const c of refused) {
  test(`"${c.args.join(' ')}" is refused with one line and exit code 3`, async () => {
    const { exitCode, stdout, stderr } = await command(c.args);
    expect(exitCode, stderr).toBe(3);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toMatch(c.line);
    // The mock's own command line adds its usage line; ours says everything in one.
    if (c.args[0] !== 'mock') expect(stderr.trimEnd().split('\n'), stderr).toHaveLength(1);
  });
}

/** The command with a reader that is gone before it writes (`| head -1` once head has its line): stdout or stderr closed. */
function withClosedReader(args: string[], closed: 'stdout' | 'stderr' = 'stdout', env = isolatedEnvironment({})): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(COMMAND, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed].destroy();
    let output = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ exitCode: code ?? -1, output }));
  });
}

test('a reader that goes away (| head -1) costs no EPIPE stack trace and not the exit code: --list, --help, summary, a refusal', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'cli-epipe-'));
  writeFileSync(join(folder, 'report.json'), JSON.stringify(minimalReport('CONFORMANT')));
  const cases: [string[], 'stdout' | 'stderr', number][] = [
    [['--list'], 'stdout', 0],
    [['--help'], 'stdout', 0],
    [['summary', folder, '--out', folder], 'stdout', 0],
    [['--bogus'], 'stderr', 3],
  ];
  for (const [args, closed, code] of cases) {
    const { exitCode, output } = await withClosedReader(args, closed);
    expect(output, args.join(' ')).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(exitCode, `${args.join(' ')}: ${output}`).toBe(code);
  }
});

test('summary shows a folder without report.json as a "could not run" row with its run.log, keeps going, and exits 3', async () => {
  const root = mkdtempSync(join(tmpdir(), 'cli-fleet-'));
  const folder = (name: string, files: Record<string, string>) => {
    mkdirSync(join(root, name), { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, name, file), text);
    return join(root, name);
  };
  const green = folder('eu-de', { 'report.json': JSON.stringify(minimalReport('CONFORMANT')) });
  const noReport = folder('eu-nl', { 'run.log': 'conformance: cannot reach the target\n' });
  // A run that could not start beside an earlier run's report: the report is not tonight's.
  const stale = folder('staging', { 'report.json': JSON.stringify(minimalReport('CONFORMANT')) });
  const yesterday = new Date(Date.now() - 86_400_000);
  utimesSync(join(stale, 'report.json'), yesterday, yesterday);
  const staleLog = join(folder('staging.could-not-run', { 'run.log': 'conformance: the token was refused\n' }), 'run.log');
  const missing = join(root, 'eu-fr');
  const out = join(root, 'fleet');
  const summary = await command(['summary', green, noReport, stale, missing, '--out', out]);
  expect(summary.exitCode, summary.stderr).toBe(3);
  expect(summary.stderr.trim()).toBe(`sahara-conformance: summary: 3 of 4 folders could not run: ${noReport}, ${stale}, ${missing}`);
  const rows = summary.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Target'));
  expect(rows).toHaveLength(4);
  expect(rows[0]).toContain('| CONFORMANT |');
  expect(rows[1]).toContain(`| could not run | `);
  expect(rows[1]).toContain(`no report.json; run.log: ${join(noReport, 'run.log')}`);
  expect(rows[2]).toContain(`its last run could not start, the report there is an earlier run's; run.log: ${staleLog}`);
  expect(rows[3]).toContain('no such folder');
  expect(summary.stdout).toContain('1 CONFORMANT, 0 NON-CONFORMANT, 0 INCOMPLETE, 3 could not run');
  const html = readFileSync(join(out, 'summary.html'), 'utf8');
  expect(html.match(/<td style="color:#cf222e;font-weight:bold">could not run<\/td>/g)).toHaveLength(3);
  expect(readFileSync(join(out, 'summary.md'), 'utf8')).toBe(summary.stdout.slice(0, summary.stdout.indexOf('\nWritten: ')));
});

test('a run whose reader goes away runs to its end: its reports, its verdict as the exit code, no EPIPE stack trace', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cli-epipe-run-')), 'report');
  const { exitCode, output } = await withClosedReader(['--grep', 'JEX-DEL-006', '--report-dir', dir]);
  expect(output).not.toMatch(/EPIPE|Unhandled 'error' event/);
  expect(exitCode, output).toBe(2);
  expect((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { verdict: string }).verdict).toBe('INCOMPLETE');
  expect(readFileSync(join(dir, 'run.log'), 'utf8')).toContain('Verdict: INCOMPLETE');
});

test('--list prints every requirement of the catalogue with its level and profiles', async () => {
  const { exitCode, stdout } = await command(['--list']);
  expect(exitCode).toBe(0);
  for (const r of catalogue.requirements) {
    expect(stdout).toMatch(new RegExp(`^${r.id}\\s+${r.level}\\s+${r.profiles.join(',')}\\s+${r.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  }
  expect(lastLines(stdout, 1)[0]).toBe(`${catalogue.requirements.length} requirements, catalogue version ${catalogue.version}`);
});

test('"mock" starts the mock; --env-file and --grep (an ID and a tag) run just those tests against it, INCOMPLETE exit 2', async () => {
  const envFile = join(mkdtempSync(join(tmpdir(), 'cli-mock-')), '.env.mock');
  const mock = spawn(COMMAND, ['mock', '--port', '0', '--write-env', envFile], { env: isolatedEnvironment({}), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      mock.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /mock listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      mock.on('exit', (code) => reject(new Error(`the mock exited with ${code}: ${out}`)));
    });
    const result = await runCommandLine(['--env-file', envFile, '--grep', 'JEX-DEL-006', '--grep', '@long']);
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(lastLines(result.stdout, 2)).toEqual([`Verdict: INCOMPLETE for ${url} (profile sahara, exit code 2)`, `Reports: ${result.reportDir}`]);
    expect(result.report?.target).toMatchObject({ baseUrl: url, embeddedMock: false });
    const ran = result.report!.requirements.filter((r) => r.tests.length > 0).map((r) => r.id).sort();
    // JEX-ERR-101 is checked on the side by the JEX-DEL-006 test; @long tags the JEX-DEL-008 and JEX-DEL-103/104 tests.
    expect(ran).toEqual(['JEX-DEL-006', 'JEX-DEL-008', 'JEX-DEL-103', 'JEX-DEL-104', 'JEX-ERR-101']);
    for (const id of ran) expect(result.report!.requirements.find((r) => r.id === id)?.outcome, id).toBe('passed');
    const notRun = result.report!.requirements.find((r) => r.id === 'JEX-DEL-001')!;
    expect(notRun).toMatchObject({ outcome: 'skipped', skipKind: 'not-run' });
  } finally {
    mock.kill('SIGTERM');
  }
});

test('--base-url and --profile override the environment: a dead --base-url is one line and exit 3', async () => {
  const result = await runCommandLine(['--base-url', 'http://127.0.0.1:9', '--profile', 'mrs'], { CONFORMANCE_BASE_URL: 'http://127.0.0.1:8386', CONFORMANCE_PROJECT_ID: 'p', CONFORMANCE_AUTH_TOKEN: 'token-for-the-dead-target', CONFORMANCE_CLUSTER_ID: 'c' });
  expect(result.exitCode, result.stdout + result.stderr).toBe(3);
  expect(result.stderr.trim()).toBe('conformance: cannot reach the target at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9');
  expect(result.report).toBeUndefined();
});

test('--profile mrs against the embedded mock judges by the MRS profile; --grep-invert leaves tests out', async () => {
  const result = await runCommandLine(['--profile', 'mrs', '--grep', 'JEX-DEL-006', '--grep', 'JEX-DEL-007', '--grep-invert', 'JEX-DEL-007']);
  expect(result.exitCode, result.stdout + result.stderr).toBe(2);
  expect(result.report?.profile).toBe('mrs');
  expect(result.report?.requirements.find((r) => r.id === 'JEX-TEN-002')).toMatchObject({ outcome: 'skipped', skipKind: 'not-applicable' });
  expect(result.report?.requirements.find((r) => r.id === 'JEX-DEL-006')?.outcome).toBe('passed');
  expect(result.report?.requirements.find((r) => r.id === 'JEX-DEL-007')).toMatchObject({ outcome: 'skipped', skipKind: 'not-run' });
});

test('--dry-run lists the requests without sending any (a dead target is fine), writes no verdict and exits 0', async () => {
  const { CONFORMANCE_BASE_URL, ...credentials } = seedEnvironment('http://127.0.0.1:9', 'sahara');
  const result = await runCommandLine(['--dry-run', '--base-url', CONFORMANCE_BASE_URL!, '--grep', 'JEX-DEL-001'], credentials);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain('Dry run: nothing was sent to http://127.0.0.1:9');
  expect(result.stdout).toMatch(/DESTRUCTIVE DELETE \/v1\.1\//);
  expect(lastLines(result.stdout, 1)).toEqual(['Dry run: no verdict, nothing was sent to the target (exit code 0)']);
  // The plan's file was scaffolding: nothing of it is left in the report folder.
  expect(existsSync(join(result.reportDir, 'plan.jsonl'))).toBe(false);
  for (const file of ['report.json', 'report.html', 'junit.xml']) expect(existsSync(join(result.reportDir, file)), file).toBe(false);
});
