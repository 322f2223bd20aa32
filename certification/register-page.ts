/**
 * The register's index.html: one row per product version. Everything shown comes from vendors'
 * bundles, so every value is escaped, the page has no script, and its Content-Security-Policy
 * refuses anything but its own inline style - it works offline and cannot be made to fetch.
 */
import { escapeHtml as h } from '../reporters/views/escape';
import type { RegisterRow } from './register-row';

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1c1c1c; background: #fafafa; }
main { max-width: 1400px; margin: 0 auto; padding: 8px 24px 48px; }
h1 { font-size: 28px; margin: 16px 0 4px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid #e3e3e3; overflow-wrap: break-word; }
th { background: #f0f0f0; white-space: nowrap; }
td.date { white-space: nowrap; }
/* Long values (a URL, a finding's evidence) wrap anywhere; short ones keep their column readable. */
td.deployment, td.verdict, td.findings { overflow-wrap: anywhere; }
tr.failing { background: #fdecea; }
.result { display: inline-block; border-radius: 4px; padding: 1px 6px; font-weight: 600; color: #fff; background: #2e7d32; }
tr.failing .result { background: #c62828; }
ul { margin: 4px 0 0; padding-left: 18px; }
.problems { color: #8e1b1b; }
details summary { cursor: pointer; color: #0b57d0; }
.links a { display: block; }
footer { color: #666; font-size: 13px; margin-top: 24px; }
`;

const COLUMNS = ['Vendor', 'Product', 'Version', 'Deployment', 'Date', 'Profile', 'Verdict', 'Findings', 'Suite', 'Bundle'];

const or = (value: string | undefined) => (value && value.trim() ? h(value) : '<em>(not given)</em>');

function findingsCell(row: RegisterRow): string {
  if (row.findings.length === 0) return 'none';
  const ids = [...new Set(row.findings.map((f) => `${f.requirement ?? '?'} (${f.level ?? '?'})`))];
  const items = row.findings.map((f) => `<li>${h(f.text)}</li>`).join('');
  return `<details><summary>${row.findings.length}: ${h(ids.join(', '))}</summary><ul>${items}</ul></details>`;
}

function verdictCell(row: RegisterRow): string {
  if (row.verified) return `<span class="result">${h(row.verdict ?? '')}</span>`;
  const problems = row.problems.map((p) => `<li>${h(p)}</li>`).join('');
  // The bundle's own verdict is shown only as its claim: nothing of a failing entry is vouched for.
  const claim = row.verdict ? `<div>The bundle claims ${h(row.verdict)}.</div>` : '';
  return `<span class="result">NOT VERIFIED: ${h(row.result)}</span>${claim}<ul class="problems">${problems}</ul>`;
}

function linksCell(row: RegisterRow): string {
  const note = row.verified ? '' : ' (not verified)';
  const report = row.reportLink ? `<a class="report" href="${h(row.reportLink)}">report.html${note}</a>` : '<span>no report.html</span>';
  return `<a class="bundle" href="${h(row.bundleLink)}">bundle${note}</a>${report}`;
}

function rowHtml(row: RegisterRow): string {
  const cells = [
    ['vendor', or(row.vendor)],
    ['product', or(row.product)],
    ['version', or(row.version)],
    ['deployment', or(row.deployment)],
    ['date', row.date ? `<time datetime="${h(row.date)}" title="${h(row.date)}">${h(row.date.slice(0, 10))}</time>` : or(undefined)],
    ['profile', or(row.profile)],
    ['verdict', verdictCell(row)],
    ['findings', findingsCell(row)],
    ['suite', or(row.suiteVersion)],
    ['links', linksCell(row)],
  ];
  const cellsHtml = cells.map(([name, html]) => `<td class="${name}">${html}</td>`).join('');
  return `<tr class="entry ${row.verified ? 'verified' : 'failing'}" data-entry="${h(row.entry)}">${cellsHtml}</tr>`;
}

export function renderRegisterPage(rows: RegisterRow[], builtAt: string): string {
  const failing = rows.filter((r) => !r.verified).length;
  const summary = `${rows.length} product version(s): ${rows.length - failing} verified, ${failing} failing verification.`;
  const body = rows.length ? rows.map(rowHtml).join('\n') : `<tr><td colspan="${COLUMNS.length}">The register holds no entry yet (register add).</td></tr>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Register of certified products: ${h(summary)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>Register of certified products</h1>
<p id="summary">${h(summary)} Every entry was verified again when this page was built (${h(builtAt)}) with the register's trusted-keys file; a row marked NOT VERIFIED failed that check and certifies nothing.</p>
<table id="register"><thead><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody></table>
<footer>Each bundle and its report.html are copied beside this page (bundles/); check one yourself with sahara-conformance verify BUNDLE --trusted-keys FILE.</footer>
</main></body></html>
`;
}
