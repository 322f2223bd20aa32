/**
 * A certifier reads report.html (and report.md, junit.xml) to decide, but verify judges report.json:
 * the views a bundle carries must be what this suite renders from its report.json, byte for byte -
 * otherwise a signed bundle could show a person findings other than the ones it was judged by.
 * (The same suite version and commit: verify's suite check makes sure of that.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../reporters/report-model';
import { REPORT_VIEWS } from '../reporters/views/report-views';

export function renderedViewProblems(dir: string, report: ConformanceReport): string[] {
  const problems: string[] = [];
  for (const [file, render] of Object.entries(REPORT_VIEWS)) {
    if (!existsSync(join(dir, file))) continue;
    let rendered: string;
    try {
      rendered = render(report);
    } catch (e) {
      problems.push(`${file} cannot be rendered again from report.json (${(e as Error).message.split('\n')[0]}): report.json is not a report of this suite`);
      continue;
    }
    if (readFileSync(join(dir, file), 'utf8') !== rendered) problems.push(`${file} is not what this suite renders from report.json: it was edited, and shows a reader something else than what was judged`);
  }
  return problems;
}
