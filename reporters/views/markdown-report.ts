/** report.md: the same content as report.html, for pull requests and chat. */
import type { ConformanceReport, RequirementReport } from '../report-model';
import { markdownCell as cell } from './escape';
import { exchangeAsText, requirementReason, runSafetyText, serverHeadersText, summaryLine, targetText, VERDICT_MEANING } from './presentation';

const MARK: Record<RequirementReport['outcome'], string> = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped', inconclusive: '❔ inconclusive' };

/** A fenced block whose fence is longer than any backtick run inside it. */
function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function failureDetails(r: RequirementReport): string[] {
  const out = [`### ${r.id} (${r.level}) ${r.outcome}: ${r.title}`, '', requirementReason(r), ''];
  if (r.reproduction) out.push('Reproduce with (export TOKEN first):', '', fenced(r.reproduction, 'sh'), '');
  for (const e of r.evidence) {
    const judged = e.judgedExchange === undefined ? undefined : e.exchanges[e.judgedExchange];
    out.push(`<details><summary>Evidence from "${e.testTitle}" (${e.exchanges.length} exchanges${e.omittedExchanges ? `, ${e.omittedExchanges} left out` : ''})</summary>`, '');
    if (judged) out.push('Judged answer:', '', fenced(exchangeAsText(judged)), '');
    out.push('All exchanges:', '', fenced(e.exchanges.map(exchangeAsText).join('\n\n')), '', '</details>', '');
  }
  return out;
}

export function renderMarkdownReport(report: ConformanceReport): string {
  const lines = [
    `# ${report.verdict}: job-execution DELETE conformance (profile ${report.profile})`,
    '',
    `**${VERDICT_MEANING[report.verdict]}** ${summaryLine(report)}.`,
    '',
    '| | |',
    '|---|---|',
    `| Target | ${cell(targetText(report))} |`,
    `| Server headers seen | ${cell(serverHeadersText(report))} |`,
    `| Suite | ${cell(`${report.suite.name} ${report.suite.version}, commit ${report.suite.commit}`)} |`,
    `| Contract | ${cell(`${report.suite.specFile}, sha256 \`${report.suite.specSha256}\``)} |`,
    `| Requirement catalogue | version ${cell(report.suite.catalogueVersion)} |`,
    `| Run | ${cell(`${report.runId}: ${report.startedAt} to ${report.finishedAt}`)} |`,
    `| Run safety | ${cell(runSafetyText(report))} |`,
    '',
    '## Requirements',
    '',
    '| ID | level | outcome | requirement | reason | source |',
    '|---|---|---|---|---|---|',
    ...report.requirements.map((r) => `| ${r.id} | ${r.level} | ${MARK[r.outcome]} | ${cell(r.title)} | ${cell(requirementReason(r))} | ${cell(r.source)} |`),
    '',
  ];
  const notPassed = report.requirements.filter((r) => r.outcome === 'failed' || r.outcome === 'inconclusive');
  if (notPassed.length) lines.push('## Failures and evidence', '', ...notPassed.flatMap(failureDetails));
  lines.push('## Findings', '', ...(report.findings.length ? report.findings.map((f) => `- ${f.text}`) : ['None.']), '');
  if (report.measurements.length) lines.push('## Measurements', '', ...report.measurements.map((m) => `- ${m}`), '');
  if (report.leaks.length) lines.push('## Job executions left behind', '', ...report.leaks.map((l) => `- ${l}`), '');
  return `${lines.join('\n')}\n`;
}
