/**
 * `sahara-conformance summary DIR... [--out DIR]`: the fleet table of several runs' report
 * folders (reporters/views/fleet-summary), written as summary.md and summary.html (default: the
 * current folder) and printed as Markdown. A folder whose last run left no report is a "could not
 * run" row, with that run's log; the table goes on, and the exit code is 3.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RUN_LOG } from '../lib/run/run-record';
import { REPORT_JSON } from '../reporters/json-report-reporter';
import type { ConformanceReport } from '../reporters/report-model';
import { renderFleetHtml, renderFleetMarkdown, type FleetRow } from '../reporters/views/fleet-summary';
import { parseSubcommand, UsageError } from './command-line-options';
import { couldNotRunFolderOf } from './report-folder';

export const SUMMARY_HELP = `usage: sahara-conformance summary DIR... [--out DIR]

One table for many runs - a nightly matrix over regions or deployments: a row per report folder
(target, profile, verdict, failed MUSTs, findings, suite version and commit, date). Prints it as
Markdown and writes summary.md and summary.html to --out (default: the current folder). A folder
whose last run left no report (it could not start) is a "could not run" row naming its run.log.

  --out DIR    where summary.md and summary.html go
  -h, --help   print this help and exit

Exit codes: 0 every folder holds its last run's report (whatever the verdicts), 3 a folder could
not run (the table is written all the same) or the command line is wrong.
`;

function runLogIn(dir: string): string | undefined {
  const file = join(dir, RUN_LOG);
  return existsSync(file) ? file : undefined;
}

/** One folder's row: its report, or why it has none of its last run (bin/report-folder). */
function rowOf(folder: string): FleetRow {
  const dir = resolve(folder);
  if (!existsSync(dir)) return { folder, couldNotRun: { reason: 'no such folder' } };
  const file = join(dir, REPORT_JSON);
  if (!existsSync(file)) return { folder, couldNotRun: { reason: `no ${REPORT_JSON}`, runLog: runLogIn(dir) } };
  // A run that could not start left the previous run's report in place and its own log beside it.
  const failedStart = runLogIn(couldNotRunFolderOf(dir));
  if (failedStart && statSync(failedStart).mtimeMs > statSync(file).mtimeMs) {
    return { folder, couldNotRun: { reason: "its last run could not start, the report there is an earlier run's", runLog: failedStart } };
  }
  try {
    return { folder, report: JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport };
  } catch {
    return { folder, couldNotRun: { reason: `${REPORT_JSON} is not a readable report` } };
  }
}

export interface FleetSummary {
  help?: true;
  markdown?: string;
  out?: string;
  folders?: number;
  /** The folders shown as "could not run", as given. */
  couldNotRun?: string[];
}

export function fleetSummary(argv: string[]): FleetSummary {
  const parsed = parseSubcommand('summary', argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  if (parsed.positionals.length === 0) throw new UsageError('summary needs at least one report folder (see summary --help)');
  const rows = parsed.positionals.map(rowOf);
  const out = resolve(parsed.values.out ?? '.');
  mkdirSync(out, { recursive: true });
  const markdown = renderFleetMarkdown(rows);
  writeFileSync(join(out, 'summary.md'), markdown);
  writeFileSync(join(out, 'summary.html'), renderFleetHtml(rows));
  return { markdown, out, folders: rows.length, couldNotRun: rows.filter((r) => 'couldNotRun' in r).map((r) => r.folder) };
}
