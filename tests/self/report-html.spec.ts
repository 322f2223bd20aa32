/**
 * report.html as a certifier sees it: rendered by a real browser (Debian's headless Chromium),
 * opened from disk with every network request refused, it shows the verdict banner, one visible
 * row per requirement, evidence that opens on a click, findings and the target and suite identity.
 * A screenshot is kept beside the report (report-screenshot.png).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { loadCatalogue } from '../../lib/requirements';
import { findDebianChromium, launchDebianChromium, NO_CHROMIUM_REASON } from './support/debian-chromium';
import { runCommandLine, SHORT_WAITS, type CommandLineRun } from './support/run-command-line';

test.describe.configure({ mode: 'default' });

const catalogue = loadCatalogue();
let run: CommandLineRun;
let browser: Browser;
let page: Page;
const requestsLeavingTheFile: string[] = [];

test.beforeAll(async () => {
  // .ci/run installs Debian's chromium; elsewhere, without it, these tests say why they did not run.
  const chromium = findDebianChromium();
  test.skip(!chromium, NO_CHROMIUM_REASON);
  const mock = await startMockServer({ defect: 'no-token-accepted', quirks: new Set(['sahara16']) });
  try {
    run = await runCommandLine([], { ...seedEnvironment(mock.baseUrl, 'sahara'), ...SHORT_WAITS });
  } finally {
    await mock.close();
  }
  browser = await launchDebianChromium(chromium);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const reportUrl = pathToFileURL(join(run.reportDir, 'report.html')).href;
  // Self-contained means nothing but the file itself is ever fetched.
  await page.route('**/*', (route) => {
    if (route.request().url() !== reportUrl) {
      requestsLeavingTheFile.push(route.request().url());
      return route.abort();
    }
    return route.continue();
  });
  await page.goto(reportUrl);
});

test.afterAll(async () => browser?.close());

test('the verdict banner shows NON-CONFORMANT, and the page needs nothing but its own file', async () => {
  expect(run.report?.verdict, run.stdout).toBe('NON-CONFORMANT');
  const banner = page.locator('#verdict');
  await expect(banner).toBeVisible();
  await expect(banner.locator('h1')).toHaveText('NON-CONFORMANT');
  await expect(page).toHaveTitle(/^NON-CONFORMANT/);
  expect(requestsLeavingTheFile).toEqual([]);
});

test('every requirement has a visible row with its ID, level, outcome and source', async () => {
  const rows = page.locator('tr.requirement');
  await expect(rows).toHaveCount(catalogue.requirements.length);
  for (const r of run.report!.requirements) {
    const row = page.locator(`tr[data-requirement="${r.id}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('td').nth(0)).toHaveText(r.id);
    await expect(row.locator('td').nth(1)).toHaveText(r.level);
    await expect(row.locator('.outcome')).toHaveText(r.outcome);
    await expect(row.locator('td').nth(4)).toHaveText(r.source);
  }
  await expect(page.locator('tr[data-requirement="JEX-AUTH-001"] .outcome')).toHaveText('failed');
});

test('evidence of a failed requirement opens on a click and shows the curl line and the raw answer', async () => {
  const row = page.locator('tr[data-requirement="JEX-AUTH-001"]');
  const curl = row.locator('pre.curl');
  await expect(curl).toBeHidden();
  await row.locator('details.evidence > summary').click();
  await expect(curl).toBeVisible();
  await expect(curl).toContainText(`curl -i -X DELETE '${run.report!.target.baseUrl}/v1.1/`);
  await expect(row.locator('pre.judged')).toContainText('HTTP/1.1 204');
});

test('findings and the target and suite identity are shown; a screenshot is kept beside the report', async ({}, testInfo) => {
  // Sahara 16's chunked 204 (the sahara16 quirk) is a SHOULD failure: a finding, not a failure.
  await expect(page.locator('#findings li', { hasText: 'JEX-DEL-101 (SHOULD)' }).first()).toBeVisible();
  await expect(page.locator('#findings li')).toHaveCount(run.report!.findings.length);
  const identity = page.locator('#identity');
  await expect(identity).toContainText(run.report!.target.baseUrl);
  await expect(identity).toContainText(run.report!.suite.specSha256);
  await expect(identity).toContainText(`version ${catalogue.version}`);
  await expect(identity).toContainText(`Run ${run.report!.runId}: canary survived`);
  const screenshot = join(run.reportDir, 'report-screenshot.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('report.html in Chromium', { path: screenshot, contentType: 'image/png' });
  process.stdout.write(`report.html screenshot: ${screenshot}\n`);
});
