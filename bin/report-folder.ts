/**
 * Where a run of the command line writes, and when that replaces what the report folder holds
 * (issue 24, item 5): a run that cannot start must not cost the previous run's reports.
 *
 * - The folder holds a report: the run writes into a fresh folder beside it (same parent, so its
 *   files move by rename), and its files replace the previous run's only once it has written
 *   report.json - a completed run, whatever its verdict, or a shard. A run that cannot start
 *   leaves the folder as it was; what it wrote (its run.log) is kept in `<folder>.could-not-run`.
 * - The folder holds no report: nothing to lose, so the run writes there directly - a run whose
 *   command line is killed (kill -9) still leaves its run guard's record where CI collects it.
 * - A dry run writes into a scratch folder that is removed: it leaves no reports.
 *
 * Only the files a run writes are replaced: anything else in the folder (an earlier run's kept
 * ledger, a file of the user's; the folder may be `.`) stays.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUN_GUARD_FILE, type RunGuardReport } from '../lib/run-data/run-guard-report';
import { RUN_CONFIGURATION, RUN_LOG } from '../lib/run/run-record';
import { REPORT_JSON } from '../reporters/json-report-reporter';
import { REPORT_VIEWS, writeReportViews } from '../reporters/report-views-reporter';

/** What one run writes into its report folder (Playwright's output and a shard's blob report included). */
const RUN_FILES = [REPORT_JSON, ...Object.keys(REPORT_VIEWS), RUN_GUARD_FILE, RUN_LOG, RUN_CONFIGURATION, 'test-results', 'blob'];

export interface RunFolder {
  /** The report folder named (--report-dir, CONFORMANCE_REPORT_DIR), absolute. */
  reportDir: string;
  /** Where this run writes: the CONFORMANCE_REPORT_DIR its Playwright run is given. */
  writeTo: string;
  kind: 'in-place' | 'beside' | 'scratch';
}

export type SettledRun =
  | { completed: true; /** The ledger the run guard kept, where it is now (it moved with the reports). */ ledgerMoved?: string }
  | { completed: false; /** The run's console, if it got as far as keeping one. */ runLog?: string; /** The report folder still holds the previous run's reports. */ previousKept: boolean };

/** Where the files of the last run that could not start are kept, beside the report folder. */
export function couldNotRunFolderOf(reportDir: string): string {
  return `${reportDir}.could-not-run`;
}

function removeRunFiles(dir: string): void {
  for (const name of RUN_FILES) rmSync(join(dir, name), { recursive: true, force: true });
}

/** A rename; a copy where the two are on different filesystems (the report folder a mount point). */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

export function prepareRunFolder(reportDir: string, dryRun: boolean): RunFolder {
  if (dryRun) return { reportDir, writeTo: mkdtempSync(join(tmpdir(), 'sahara-conformance-dry-run-')), kind: 'scratch' };
  if (existsSync(join(reportDir, REPORT_JSON))) return { reportDir, writeTo: mkdtempSync(`${reportDir}.run-`), kind: 'beside' };
  // No report to keep: an earlier run's files that never became one (a killed run's run guard
  // record, test-results) would only be taken for this run's.
  removeRunFiles(reportDir);
  return { reportDir, writeTo: reportDir, kind: 'in-place' };
}

/** A dry run's folder: scaffolding, removed whatever the run did. */
export function discardRunFolder(folder: RunFolder): void {
  if (folder.kind === 'scratch') rmSync(folder.writeTo, { recursive: true, force: true });
}

/**
 * The paths the run wrote into its records (the run guard's kept ledger, a problem naming it, the
 * CONFORMANCE_REPORT_DIR of its settings) name the folder it ran in: they are made to name the
 * report folder, and the views rendered again. run.log stays the console as it was.
 */
function renameFolderInRecords(from: string, to: string): void {
  let reportChanged = false;
  for (const file of [RUN_GUARD_FILE, REPORT_JSON, RUN_CONFIGURATION]) {
    const path = join(to, file);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) continue;
    writeFileSync(path, text.split(from).join(to));
    if (file === REPORT_JSON) reportChanged = true;
  }
  if (reportChanged) writeReportViews(to);
}

function keptLedgerIn(dir: string): string | undefined {
  const file = join(dir, RUN_GUARD_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunGuardReport).ledgerKept : undefined;
}

/** After the Playwright run: the run's files become the report folder's when it wrote report.json. */
export function settleRunFolder(folder: RunFolder): SettledRun {
  const { reportDir, writeTo } = folder;
  const couldNotRun = couldNotRunFolderOf(reportDir);
  if (folder.kind === 'scratch') throw new Error('a dry run has no reports to settle');
  if (existsSync(join(writeTo, REPORT_JSON))) {
    // The last attempt completed: an earlier one's failed start is history.
    rmSync(couldNotRun, { recursive: true, force: true });
    if (folder.kind === 'in-place') return { completed: true };
    removeRunFiles(reportDir);
    for (const name of readdirSync(writeTo)) {
      rmSync(join(reportDir, name), { recursive: true, force: true });
      move(join(writeTo, name), join(reportDir, name));
    }
    rmSync(writeTo, { recursive: true, force: true });
    renameFolderInRecords(writeTo, reportDir);
    return { completed: true, ledgerMoved: keptLedgerIn(reportDir) };
  }
  if (folder.kind === 'in-place') {
    const runLog = join(reportDir, RUN_LOG);
    return { completed: false, runLog: existsSync(runLog) ? runLog : undefined, previousKept: false };
  }
  // Kept under one name, the last failed start's, so that failed starts do not pile up.
  rmSync(couldNotRun, { recursive: true, force: true });
  if (readdirSync(writeTo).length === 0) {
    rmSync(writeTo, { recursive: true, force: true });
    return { completed: false, previousKept: true };
  }
  move(writeTo, couldNotRun);
  const runLog = join(couldNotRun, RUN_LOG);
  return { completed: false, runLog: existsSync(runLog) ? runLog : undefined, previousKept: true };
}
