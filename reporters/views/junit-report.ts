/**
 * junit.xml for CI: one test case per requirement (not per Playwright test), so a CI dashboard
 * shows the requirement IDs - and is red exactly when the verdict is. A failed MUST -> <failure>;
 * a failed SHOULD/MAY is a finding, not a failure: the case stays green and the finding is in its
 * <system-out> (a CONFORMANT run with findings has no red test); skipped -> <skipped> with its
 * reason; inconclusive -> <error> (the check could not complete, which is not a failure of the
 * target, but is not a pass either).
 */
import type { ConformanceReport, RequirementReport } from '../report-model';
import { escapeXml as x } from './escape';
import { exchangeAsText } from './presentation';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function body(r: RequirementReport): string {
  const parts = [r.reason ?? ''];
  if (r.reproduction) parts.push(`Reproduce with (export TOKEN first):\n${r.reproduction}`);
  for (const e of r.evidence) {
    const judged = e.judgedExchange === undefined ? undefined : e.exchanges[e.judgedExchange];
    if (judged) parts.push(`Judged answer (test "${e.testTitle}"):\n${exchangeAsText(judged)}`);
  }
  return x(parts.join('\n\n'));
}

const isFinding = (r: RequirementReport) => r.outcome === 'failed' && r.level !== 'MUST';
const isFailure = (r: RequirementReport) => r.outcome === 'failed' && r.level === 'MUST';

function testCase(r: RequirementReport): string {
  const open = `    <testcase classname="${x(`${r.level}.${r.id.split('-')[1]}`)}" name="${x(`${r.id} ${r.title}`)}" time="${seconds(r.durationMs)}">`;
  const reason = x(r.reason ?? '');
  const inner =
    isFailure(r) ? `\n      <failure message="${reason}" type="${x(r.level)}">${body(r)}</failure>\n    `
    : isFinding(r) ? `\n      <system-out>FINDING (${x(r.level)}, not a failure): ${body(r)}</system-out>\n    `
    : r.outcome === 'skipped' ? `\n      <skipped message="${reason}"/>\n    `
    : r.outcome === 'inconclusive' ? `\n      <error message="${reason}" type="inconclusive">${body(r)}</error>\n    `
    : '';
  return `${open}${inner}</testcase>`;
}

export function renderJunitReport(report: ConformanceReport): string {
  const count = (o: RequirementReport['outcome']) => report.requirements.filter((r) => r.outcome === o).length;
  const attrs = `tests="${report.requirements.length}" failures="${report.requirements.filter(isFailure).length}" errors="${count('inconclusive')}" skipped="${count('skipped')}" time="${seconds(report.durationMs)}"`;
  const properties = [
    ['verdict', report.verdict],
    ['findings', String(report.requirements.filter(isFinding).length)],
    ['profile', report.profile],
    ['target', report.target.name],
    ['target.baseUrl', report.target.baseUrl],
    ['suite.version', report.suite.version],
    ['suite.commit', report.suite.commit],
    ['spec.sha256', report.suite.specSha256],
    ['catalogue.version', report.suite.catalogueVersion],
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="job-execution DELETE conformance" ${attrs}>
  <testsuite name="${x(`requirements (profile ${report.profile}): ${report.verdict}`)}" ${attrs} timestamp="${x(report.startedAt)}">
    <properties>
${properties.map(([name, value]) => `      <property name="${x(name!)}" value="${x(value!)}"/>`).join('\n')}
    </properties>
${report.requirements.map(testCase).join('\n')}
  </testsuite>
</testsuites>
`;
}
