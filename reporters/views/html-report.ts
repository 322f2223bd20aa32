/**
 * report.html: one self-contained file for the person deciding on certification - verdict banner,
 * target and suite identity, the requirement table with expandable evidence, findings. No
 * scripts, fonts or links to fetch: it opens from disk, from a CI artifact or an e-mail.
 */
import type { ConformanceReport, Evidence, RequirementReport } from '../report-model';
import { escapeHtml as h } from './escape';
import { exchangeAsText, requirementReason, runSafetyText, serverHeadersText, summaryLine, targetText, VERDICT_COLOUR, VERDICT_MEANING } from './presentation';

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1c1c1c; background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 0 24px 48px; }
.banner { color: #fff; padding: 20px 24px; margin-bottom: 24px; }
.banner h1 { margin: 0; font-size: 32px; letter-spacing: .04em; }
.banner p { margin: 4px 0 0; }
h2 { margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
dl.identity { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.identity dt { font-weight: 600; }
dl.identity dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid #e3e3e3; }
td:first-child { white-space: nowrap; }
th { background: #f0f0f0; }
.outcome { display: inline-block; min-width: 88px; text-align: center; border-radius: 4px; padding: 1px 6px; font-weight: 600; color: #fff; }
.outcome-passed { background: #2e7d32; } .outcome-failed { background: #c62828; }
.outcome-skipped { background: #757575; } .outcome-inconclusive { background: #b26a00; }
.reason { color: #444; margin-top: 4px; overflow-wrap: anywhere; }
.source { color: #555; font-size: 13px; }
details { margin-top: 6px; } summary { cursor: pointer; color: #0b57d0; }
pre { background: #f5f5f5; border: 1px solid #ddd; padding: 8px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12.5px; }
pre.judged { border-color: #c62828; }
pre.curl { background: #1e1e1e; color: #f0f0f0; }
footer { color: #666; font-size: 13px; margin-top: 32px; }
`;

function identity(report: ConformanceReport): string {
  const rows: [string, string][] = [
    ['Target', targetText(report)],
    ['Profile', report.profile],
    ['Server headers seen', serverHeadersText(report)],
    ['Suite', `${report.suite.name} ${report.suite.version}, commit ${report.suite.commit} (Playwright ${report.suite.playwrightVersion})`],
    ['Contract', `${report.suite.specFile}, sha256 ${report.suite.specSha256}`],
    ['Requirement catalogue', `version ${report.suite.catalogueVersion}`],
    ['Run', `${report.runId}: ${report.startedAt} to ${report.finishedAt} (${(report.durationMs / 1000).toFixed(1)} s, Playwright status ${report.runnerStatus})`],
    ['Run safety', runSafetyText(report)],
  ];
  return `<dl class="identity">${rows.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

function evidenceBlock(evidence: Evidence): string {
  const omitted = evidence.omittedExchanges ? `<p>${evidence.omittedExchanges} exchanges in the middle are left out.</p>` : '';
  const exchanges = evidence.exchanges
    .map((e, i) => `<pre class="exchange${i === evidence.judgedExchange ? ' judged' : ''}">${i === evidence.judgedExchange ? '<strong>judged answer</strong>\n' : ''}${h(exchangeAsText(e))}</pre>`)
    .join('');
  return `<p>In test <em>${h(evidence.testTitle)}</em> (${h(evidence.testId)}):</p>${omitted}${exchanges}`;
}

function details(r: RequirementReport): string {
  if (r.evidence.length === 0 && !r.reproduction) return '';
  const exchanges = r.evidence.reduce((n, e) => n + e.exchanges.length, 0);
  const curl = r.reproduction ? `<p>Reproduce with (export TOKEN first):</p><pre class="curl">${h(r.reproduction)}</pre>` : '';
  return `<details class="evidence"><summary>Evidence (${exchanges} exchanges)${r.reproduction ? ' and reproduction' : ''}</summary>${curl}${r.evidence.map(evidenceBlock).join('')}</details>`;
}

function requirementRow(r: RequirementReport): string {
  const reason = requirementReason(r);
  const tests = r.tests.map((t) => `${t.title} (${t.durationMs} ms)`).join('; ');
  return `<tr class="requirement" data-requirement="${h(r.id)}" data-outcome="${r.outcome}">
<td><strong>${h(r.id)}</strong></td><td>${h(r.level)}</td><td><span class="outcome outcome-${r.outcome}">${r.outcome}</span></td>
<td><strong>${h(r.title)}</strong><div>${h(r.statement)}</div>${reason ? `<div class="reason">${h(reason)}</div>` : ''}${tests ? `<div class="source">Checked by: ${h(tests)}</div>` : ''}${details(r)}</td>
<td class="source">${h(r.source)}</td></tr>`;
}

function list(title: string, id: string, items: string[]): string {
  if (items.length === 0) return `<section id="${id}"><h2>${h(title)}</h2><p>None.</p></section>`;
  return `<section id="${id}"><h2>${h(title)} (${items.length})</h2><ul>${items.map((i) => `<li>${h(i)}</li>`).join('')}</ul></section>`;
}

export function renderHtmlReport(report: ConformanceReport): string {
  const colour = VERDICT_COLOUR[report.verdict];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(report.verdict)} for ${h(report.target.name)} - job-execution DELETE conformance (${h(report.profile)})</title>
<style>${STYLE}</style></head>
<body>
<header class="banner" id="verdict" data-verdict="${h(report.verdict)}" style="background:${colour}">
<h1>${h(report.verdict)}</h1>
<p>DELETE /v1.1/{project_id}/job-executions/{job_execution_id}, profile ${h(report.profile)}, target ${h(targetText(report))}</p>
<p>${h(VERDICT_MEANING[report.verdict])} ${h(summaryLine(report))}.</p>
</header>
<main>
<section id="identity"><h2>Target and suite</h2>${identity(report)}</section>
<section id="requirements"><h2>Requirements</h2>
<table><thead><tr><th>ID</th><th>Level</th><th>Outcome</th><th>Requirement</th><th>Source</th></tr></thead>
<tbody>
${report.requirements.map(requirementRow).join('\n')}
</tbody></table></section>
${list('Findings', 'findings', report.findings.map((f) => f.text))}
${list('Measurements', 'measurements', report.measurements)}
${list('Job executions left behind', 'leaks', report.leaks)}
<footer>report format ${h(report.reportFormat)}. Secrets are redacted; credential headers read [REDACTED] and reproduction lines use $TOKEN.</footer>
</main></body></html>
`;
}
