/**
 * `sahara-conformance summary DIR... [--out DIR]`: the fleet table of several runs' report
 * folders (reporters/views/fleet-summary), written as summary.md and summary.html (default: the
 * current folder) and printed as Markdown.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPORT_JSON } from '../reporters/json-report-reporter';
import type { ConformanceReport } from '../reporters/report-model';
import { renderFleetHtml, renderFleetMarkdown, type FleetRow } from '../reporters/views/fleet-summary';
import { parseSubcommand, UsageError } from './command-line-options';

export const SUMMARY_HELP = `usage: sahara-conformance summary DIR... [--out DIR]

One table for many runs - a nightly matrix over regions or deployments: a row per report folder
(target, profile, verdict, failed MUSTs, findings, suite version and commit, date). Prints it as
Markdown and writes summary.md and summary.html to --out (default: the current folder).

  --out DIR    where summary.md and summary.html go
  -h, --help   print this help and exit
`;

export function fleetSummary(argv: string[]): { help?: true; markdown?: string; out?: string } {
  const parsed = parseSubcommand('summary', argv, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) return { help: true };
  if (parsed.positionals.length === 0) throw new UsageError('summary needs at least one report folder (see summary --help)');
  const rows: FleetRow[] = parsed.positionals.map((folder) => {
    const file = join(resolve(folder), REPORT_JSON);
    if (!existsSync(file)) throw new UsageError(`summary: ${folder} has no ${REPORT_JSON}`);
    try {
      return { folder, report: JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport };
    } catch {
      throw new UsageError(`summary: ${file} is not a readable report`);
    }
  });
  const out = resolve(parsed.values.out ?? '.');
  mkdirSync(out, { recursive: true });
  const markdown = renderFleetMarkdown(rows);
  writeFileSync(join(out, 'summary.md'), markdown);
  writeFileSync(join(out, 'summary.html'), renderFleetHtml(rows));
  return { markdown, out };
}
