/**
 * Every view of a report.json, by the file it is written to: pure functions of the report, so the
 * views cannot disagree with it - and a verifier can render them again and compare
 * (certification/rendered-views).
 */
import type { ConformanceReport } from '../report-model';
import { renderBadge } from './badge';
import { renderHtmlReport } from './html-report';
import { renderJunitReport } from './junit-report';
import { renderMarkdownReport } from './markdown-report';

export const REPORT_VIEWS: Record<string, (report: ConformanceReport) => string> = {
  'report.html': renderHtmlReport,
  'report.md': renderMarkdownReport,
  'junit.xml': renderJunitReport,
  'badge.svg': renderBadge,
};
