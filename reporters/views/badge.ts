/** badge.svg: "<profile> conformance | <VERDICT>", in the flat style README badges use. */
import type { ConformanceReport } from '../report-model';
import { escapeXml as x } from './escape';
import { VERDICT_COLOUR } from './presentation';

/** Verdana 11px averages about 7 px a character; close enough for a badge that never wraps. */
function textWidth(text: string): number {
  return Math.round(text.length * 7 + 10);
}

export function renderBadge(report: ConformanceReport): string {
  const label = `${report.profile} conformance`;
  const value = report.verdict;
  const left = textWidth(label);
  const right = textWidth(value);
  const width = left + right;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${x(`${label}: ${value}`)}">
  <title>${x(`${label}: ${value}`)}</title>
  <rect width="${left}" height="20" fill="#555"/>
  <rect x="${left}" width="${right}" height="20" fill="${VERDICT_COLOUR[report.verdict]}"/>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
    <text x="${left / 2}" y="14">${x(label)}</text>
    <text x="${left + right / 2}" y="14">${x(value)}</text>
  </g>
</svg>
`;
}
