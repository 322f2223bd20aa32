/** Wording and text layouts shared by every view of report.json, so they say the same thing. */
import { summariseRunGuard } from '../../lib/run-data/run-guard-report';
import type { ConformanceReport, EvidenceExchange, RequirementReport } from '../report-model';
import type { Verdict } from '../verdict';

export const VERDICT_MEANING: Record<Verdict, string> = {
  CONFORMANT: 'Every applicable MUST requirement passed.',
  'NON-CONFORMANT': 'At least one MUST requirement failed.',
  INCOMPLETE: 'No MUST requirement failed, but at least one was skipped or could not be decided.',
};

/** Colours of the verdict (banner, badge): green, red, amber. */
export const VERDICT_COLOUR: Record<Verdict, string> = { CONFORMANT: '#2e7d32', 'NON-CONFORMANT': '#c62828', INCOMPLETE: '#b26a00' };

export function summaryLine(report: ConformanceReport): string {
  const s = report.summary;
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.inconclusive} inconclusive of ${report.requirements.length} requirements`;
}

/** The body bytes as received, readable: printable ASCII as is, everything else escaped. */
export function bytesAsText(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  return JSON.stringify(bytes.toString('latin1')).slice(1, -1);
}

function headerLines(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).map(([name, value]) => `  ${name}: ${value}`);
}

/** One exchange as a plain-text block (request, answer, contract problems, wire bytes). */
export function exchangeAsText(e: EvidenceExchange): string {
  const answer = e.error ? `no answer: ${e.error}` : `${e.status ?? '?'}${e.durationMs !== undefined ? ` (${e.durationMs} ms)` : ''}`;
  const lines = [`${e.method} ${e.path} -> ${answer}`, 'request headers:', ...headerLines(e.requestHeaders)];
  if (e.responseHeaders) lines.push('response headers:', ...headerLines(e.responseHeaders));
  if (e.bodyExcerpt) lines.push(`body: ${e.bodyExcerpt}`);
  if (e.problems?.length) lines.push('contract problems:', ...e.problems.map((p) => `  - ${p}`));
  if (e.rawHead !== undefined) lines.push('raw response head as received:', ...e.rawHead.split('\r\n').filter(Boolean).map((l) => `  ${l}`));
  if (e.bytesAfterHeadBase64 !== undefined) lines.push(`${e.bytesAfterHeadLength ?? 0} bytes after the head: "${bytesAsText(e.bytesAfterHeadBase64)}"`);
  return lines.join('\n');
}

export function requirementReason(r: RequirementReport): string {
  return r.outcome === 'passed' ? '' : r.reason ?? '';
}

export function serverHeadersText(report: ConformanceReport): string {
  const seen = report.target.serverHeaders;
  if (seen.length === 0) return 'none seen';
  return seen.map((h) => (h.values ? `${h.name}: ${h.values.join(' | ')}` : `${h.name} (present)`)).join('; ');
}

/** What was certified: the target's URL, or the embedded mock with the URL it ran at. */
export function targetText(report: ConformanceReport): string {
  return report.target.embeddedMock ? `${report.target.name} (${report.target.baseUrl})` : report.target.name;
}

/** The canary and the sweep (docs/safety.md), in one line. */
export function runSafetyText(report: ConformanceReport): string {
  return report.runGuard ? summariseRunGuard(report.runGuard) : 'no run guard record';
}
