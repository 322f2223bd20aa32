/**
 * The command line (`sahara-conformance`, `npm run conformance`): runs the conformance suite with
 * Playwright, then reads report.json and exits with the verdict's code - Playwright's own exit
 * code cannot say INCOMPLETE. Its last two lines are the verdict and the report folder.
 * `mock` hands the rest of the line to the mock's own command line (mock/cli.ts).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentWith, isDryRun, readEnvironment, reportDirOf } from '../lib/config';
import { SuiteConfigError, SuiteDataError, TargetUnreachableError } from '../lib/errors';
import { cleanupRun } from '../lib/run/cleanup-run';
import { BUNDLE_HELP, bundleCommand, VERIFY_HELP, verifyCommand } from './certification-commands';
import { verificationText } from '../certification/verification-text';
import { registerCommand } from './register-commands';
import { suiteBuild } from '../lib/suite-version';
import { shardName, type Shard } from '../lib/run-data/shards';
import { MERGE_HELP, mergeShards } from './merge-shards';
import { PLAYWRIGHT_CLI, withTypeScriptHook } from './playwright-command';
import { fleetSummary, SUMMARY_HELP } from './fleet-summary';
import { loadCatalogue, type Catalogue } from '../lib/requirements';
import { PARENT_PID_VARIABLE } from '../lib/run/stop-gracefully';
import { REPORT_JSON } from '../reporters/json-report-reporter';
import type { ConformanceReport } from '../reporters/report-model';
import { CLEANUP_EXIT_CODE, EXIT_CANNOT_RUN, VERDICT_EXIT_CODE } from '../lib/exit-codes';
import { outliveClosedReaders, outlivingClosedReaders } from './closed-readers';
import { discardRunFolder, prepareRunFolder, settleRunFolder, type SettledRun } from './report-folder';
import { CLEANUP_HELP, COMMAND, HELP, parseCleanupLine, parseCommandLine, UsageError } from './command-line-options';

const ROOT = join(__dirname, '..');

outliveClosedReaders();

function cannotRun(message: string): never {
  process.stderr.write(`${COMMAND}: ${message}\n`);
  process.exit(EXIT_CANNOT_RUN);
}

function listRequirements(catalogue: Catalogue): void {
  const rows = catalogue.requirements.map((r) => `${r.id.padEnd(13)} ${r.level.padEnd(6)} ${r.profiles.join(',').padEnd(10)} ${r.title}`);
  process.stdout.write(`${'ID'.padEnd(13)} ${'LEVEL'.padEnd(6)} ${'PROFILES'.padEnd(10)} TITLE\n${rows.join('\n')}\n`);
  process.stdout.write(`${catalogue.requirements.length} requirements, catalogue version ${catalogue.version}\n`);
}

/** The mock's command line reads process.argv itself and keeps the process alive while it serves. */
function runMock(args: string[]): void {
  process.argv = [process.argv[0]!, join(ROOT, 'mock', 'cli.ts'), ...args];
  require('../mock/cli');
}

/**
 * Playwright runs in its own process group, so a Ctrl-C or a CI's SIGTERM reaches it exactly once,
 * through us: a second SIGINT makes Playwright skip its cleanup, which must run on a shared target.
 */
function runPlaywright(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; signal?: NodeJS.Signals }> {
  return new Promise((resolve) => {
    // Its own process group (a Ctrl-C is forwarded once, below); PARENT_PID_VARIABLE lets it stop
    // and clean up if this process dies without forwarding anything (kill -9).
    const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], {
      env: { ...withTypeScriptHook(outlivingClosedReaders(env)), [PARENT_PID_VARIABLE]: String(process.pid) },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => resolve(signal ? { code: EXIT_CANNOT_RUN, signal } : { code: code ?? EXIT_CANNOT_RUN }));
  });
}

/**
 * A run that wrote no report.json: the report folder is as it was (bin/report-folder). Global
 * setup has said why on stderr (exit 3); the line after it says where the run's log is.
 */
function noReport(reportDir: string, settled: Extract<SettledRun, { completed: false }>, playwright: { code: number; signal?: NodeJS.Signals }): never {
  const kept = settled.previousKept ? `the reports in ${reportDir} are the previous run's, left as they were` : '';
  const log = settled.runLog ? `this run's log: ${settled.runLog}` : '';
  const where = [kept, log].filter(Boolean).join('; ');
  if (playwright.signal) cannotRun(`the suite was stopped by ${playwright.signal} before it could report${where ? `; ${where}` : ''}`);
  if (playwright.code === EXIT_CANNOT_RUN) {
    if (where) process.stdout.write(`No report: ${where}\n`);
    process.exit(EXIT_CANNOT_RUN);
  }
  cannotRun(`the suite could not run: Playwright exited with ${playwright.code} and wrote no ${REPORT_JSON}${where ? `; ${where}` : ''}`);
}

async function runSuite(env: Record<string, string>, grep: string | undefined, grepInvert: string | undefined, shard: Shard | undefined): Promise<void> {
  // The command line's options are settings like any other, over the environment's.
  const withOptions = environmentWith(env);
  let dir: string;
  let dryRun: boolean;
  try {
    const configured = readEnvironment(withOptions); // a bad env file is a one-line error here, not a stack trace later
    dryRun = isDryRun(configured);
    dir = reportDirOf(configured);
  } catch (e) {
    if (e instanceof SuiteConfigError) cannotRun(e.message);
    throw e;
  }
  // The run writes into a folder of its own until it has a report (bin/report-folder): a run that
  // cannot start leaves the previous reports alone, and no earlier report.json is read for its verdict.
  const folder = prepareRunFolder(dir, dryRun);
  const args = ['test', `--config=${join(ROOT, 'playwright.config.ts')}`, '--project=conformance', `--output=${join(folder.writeTo, 'test-results')}`];
  if (grep) args.push(`--grep=${grep}`);
  if (grepInvert) args.push(`--grep-invert=${grepInvert}`);
  if (shard) args.push(`--shard=${shardName(shard)}`);
  const playwright = await runPlaywright(args, { ...withOptions, CONFORMANCE_REPORT_DIR: folder.writeTo });
  // A dry run talks to a stand-in, so it judges nothing: the plan printed above is its result.
  if (dryRun) {
    discardRunFolder(folder);
    if (playwright.signal) cannotRun(`the suite was stopped by ${playwright.signal} before it could report`);
    // globalSetup already printed the one line saying why the suite could not run.
    if (playwright.code === EXIT_CANNOT_RUN) process.exit(EXIT_CANNOT_RUN);
    if (playwright.code !== 0) cannotRun(`the dry run could not list every request: Playwright exited with ${playwright.code}`);
    process.stdout.write(`\nDry run: no verdict, nothing was sent to the target (exit code 0)\n`);
    process.exit(0);
  }
  const settled = settleRunFolder(folder);
  if (!settled.completed) noReport(dir, settled, playwright);
  if (settled.ledgerMoved) process.stdout.write(`The run's ledger moved with its reports: ${settled.ledgerMoved}\n`);
  // Stopped by a signal, or ended with exit 3, yet with a report: the report is kept, the stop decides the exit code.
  if (playwright.signal) cannotRun(`the suite was stopped by ${playwright.signal}; what it reported is in ${dir}`);
  if (playwright.code === EXIT_CANNOT_RUN) process.exit(EXIT_CANNOT_RUN);
  const reportFile = join(dir, REPORT_JSON);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
  if (shard) {
    // A shard judges only its share: a failed MUST is final, anything else waits for the merge.
    const code = report.verdict === 'NON-CONFORMANT' ? 1 : 0;
    process.stdout.write(`\nShard ${shardName(shard)}: ${report.verdict === 'NON-CONFORMANT' ? 'a MUST requirement failed' : 'no MUST requirement failed'} in this shard's tests for ${report.target.name} (exit code ${code}); the verdict comes from \`${COMMAND} merge\` over every shard's folder\nReports: ${dir}\n`);
    process.exit(code);
  }
  printVerdict(report, dir);
}

function printVerdict(report: ConformanceReport, dir: string): never {
  process.stdout.write(`\nVerdict: ${report.verdict} for ${report.target.name} (profile ${report.profile}, exit code ${VERDICT_EXIT_CODE[report.verdict]})\nReports: ${dir}\n`);
  process.exit(VERDICT_EXIT_CODE[report.verdict]);
}

/** A subcommand's own parsing: a usage error is its one line and exit 3. */
async function orUsageError<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof UsageError) cannotRun(e.message);
    throw e;
  }
}

async function runMerge(args: string[]): Promise<void> {
  const merged = await orUsageError(() => mergeShards(args));
  if (merged.help) {
    process.stdout.write(MERGE_HELP);
    return;
  }
  if (!merged.report) cannotRun(`merge: the merged run wrote no ${REPORT_JSON}`);
  printVerdict(merged.report, merged.reportDir);
}

async function runSummary(args: string[]): Promise<void> {
  const summary = await orUsageError(() => fleetSummary(args));
  if (summary.help) {
    process.stdout.write(SUMMARY_HELP);
    return;
  }
  process.stdout.write(`${summary.markdown}\nWritten: ${join(summary.out!, 'summary.md')}, ${join(summary.out!, 'summary.html')}\n`);
  // The table is all there; the fleet is not: a folder that could not run never looks green.
  const missing = summary.couldNotRun ?? [];
  if (missing.length) cannotRun(`summary: ${missing.length} of ${summary.folders} folders could not run: ${missing.join(', ')}`);
}

/** `cleanup RUN_ID [--dry-run] [--env-file FILE]`: exit 0 when nothing of the run is left, 1 when something could not be removed. */
async function runCleanup(args: string[]): Promise<void> {
  const cleanup = await orUsageError(() => parseCleanupLine(args));
  if (cleanup.help) {
    process.stdout.write(CLEANUP_HELP);
    return;
  }
  // Piped into `head` or a pager that quits early, the deletions go on unlisted (./closed-readers).
  try {
    const failed = await cleanupRun(cleanup.runId, cleanup.dryRun, readEnvironment(environmentWith(cleanup.env)), (line) => process.stdout.write(`${line}\n`));
    process.exitCode = failed === 0 ? CLEANUP_EXIT_CODE.nothingLeft : CLEANUP_EXIT_CODE.somethingLeft;
  } catch (e) {
    if (e instanceof SuiteConfigError || e instanceof TargetUnreachableError) cannotRun(e.message);
    throw e;
  }
}

async function runBundle(args: string[]): Promise<void> {
  const bundle = await orUsageError(() => bundleCommand(args));
  process.stdout.write(bundle.help ? BUNDLE_HELP : `Bundle written: ${bundle.written}${bundle.signed ? ' (signed)' : ' (not signed: give --sign-key to attest it)'}\n`);
}

async function runVerify(args: string[]): Promise<void> {
  const verified = await orUsageError(() => verifyCommand(args));
  if (verified.help) {
    process.stdout.write(VERIFY_HELP);
    return;
  }
  const { verification } = verified;
  process.stdout.write(verified.json ? `${JSON.stringify(verification, null, 2)}\n` : verificationText(verification));
  process.exitCode = verification.exitCode;
}

/** `register add|build`: prints what the command says, exits with its code (bin/register-commands). */
async function runRegister(args: string[]): Promise<void> {
  const outcome = await orUsageError(() => registerCommand(args));
  process.stdout.write(outcome.stdout);
  if (outcome.stderr) process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'mock') return runMock(argv.slice(1));
  if (argv[0] === 'cleanup') return runCleanup(argv.slice(1));
  if (argv[0] === 'merge') return runMerge(argv.slice(1));
  if (argv[0] === 'summary') return runSummary(argv.slice(1));
  if (argv[0] === 'bundle') return runBundle(argv.slice(1));
  if (argv[0] === 'verify') return runVerify(argv.slice(1));
  if (argv[0] === 'register') return runRegister(argv.slice(1));
  let commandLine;
  try {
    commandLine = parseCommandLine(argv, () => loadCatalogue());
  } catch (e) {
    if (e instanceof UsageError) cannotRun(/\(see --\w+\)$/.test(e.message) ? e.message : `${e.message} (see --help)`);
    if (e instanceof SuiteDataError) cannotRun(e.message);
    throw e;
  }
  switch (commandLine.action) {
    case 'help':
      process.stdout.write(HELP);
      return;
    case 'version': {
      const build = suiteBuild();
      process.stdout.write(`${COMMAND} ${build.version} (${build.name}, commit ${build.commit})\n`);
      return;
    }
    case 'list':
      try {
        return listRequirements(loadCatalogue());
      } catch (e) {
        if (e instanceof SuiteDataError) cannotRun(e.message);
        throw e;
      }
    case 'run':
      return runSuite(commandLine.env, commandLine.grep, commandLine.grepInvert, commandLine.shard);
  }
}

main(process.argv.slice(2)).catch((e: Error) => cannotRun(`the suite could not run: ${e.message.split('\n')[0]}`));
