/**
 * One page for many deployments: a row per report.json (a region, a deployment, a vendor's
 * build) with what a nightly matrix publishes - target, profile, verdict, failed MUSTs, findings,
 * suite version and commit, date - and a "could not run" row for a folder whose last run left no
 * report. Rendered as Markdown (job summaries, chat) and HTML (one self-contained file). Built by
 * `sahara-conformance summary DIR...`.
 */
import type { ConformanceReport } from '../report-model';
import { escapeHtml as h, markdownCell as cell } from './escape';

/** A folder that holds no report of its last run: why, and that run's log when it kept one. */
export interface CouldNotRun {
  reason: string;
  runLog?: string;
}

/** The report folder, as given, and what it holds: a report, or why there is none to show. */
export type FleetRow = { folder: string; report: ConformanceReport } | { folder: string; couldNotRun: CouldNotRun };

/** The verdict column of a folder without a report: never green, never left out. */
export const COULD_NOT_RUN = 'could not run';

const COLUMNS = ['Target', 'Profile', 'Verdict', 'Failed MUSTs', 'Findings', 'Suite', 'Date', 'Report'] as const;

function values(row: FleetRow): string[] {
  if ('couldNotRun' in row) {
    const { reason, runLog } = row.couldNotRun;
    return ['?', '?', COULD_NOT_RUN, '?', '?', '?', '?', `${row.folder} (${reason}${runLog ? `; run.log: ${runLog}` : ''})`];
  }
  const { folder, report } = row;
  const failedMusts = report.requirements.filter((r) => r.level === 'MUST' && r.outcome === 'failed').map((r) => r.id);
  return [
    report.target.name,
    report.profile,
    report.shard ? `${report.verdict} (shard ${report.shard.current}/${report.shard.total} only)` : report.verdict,
    failedMusts.join(', ') || 'none',
    String(report.findings.length),
    `${report.suite.version} (${report.suite.commit.slice(0, 12)}${report.suite.commit.endsWith('-modified') ? '-modified' : ''})`,
    report.finishedAt.slice(0, 16).replace('T', ' '),
    folder,
  ];
}

const verdictOf = (row: FleetRow): string => ('couldNotRun' in row ? COULD_NOT_RUN : row.report.verdict);

export function renderFleetMarkdown(rows: FleetRow[]): string {
  const lines = [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${values(row).map(cell).join(' | ')} |`)];
  const count = (v: string) => rows.filter((r) => verdictOf(r) === v).length;
  const couldNotRun = count(COULD_NOT_RUN) ? `, ${count(COULD_NOT_RUN)} ${COULD_NOT_RUN}` : '';
  return `# Sahara job-execution conformance: ${rows.length} deployment(s)\n\n${count('CONFORMANT')} CONFORMANT, ${count('NON-CONFORMANT')} NON-CONFORMANT, ${count('INCOMPLETE')} INCOMPLETE${couldNotRun}\n\n${lines.join('\n')}\n`;
}

const VERDICT_COLOUR: Record<string, string> = { CONFORMANT: '#1a7f37', 'NON-CONFORMANT': '#cf222e', INCOMPLETE: '#9a6700', [COULD_NOT_RUN]: '#cf222e' };

export function renderFleetHtml(rows: FleetRow[]): string {
  const body = rows
    .map((row) => {
      const cells = values(row).map((v, i) => (COLUMNS[i] === 'Verdict' ? `<td style="color:${VERDICT_COLOUR[verdictOf(row)] ?? 'inherit'};font-weight:bold">${h(v)}</td>` : `<td>${h(v)}</td>`));
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sahara job-execution conformance: ${rows.length} deployment(s)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style></head>
<body><h1>Sahara job-execution conformance: ${rows.length} deployment(s)</h1>
<table><thead><tr>${COLUMNS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table></body></html>
`;
}
