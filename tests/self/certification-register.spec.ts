/**
 * Issue 25 item 5: a register of certified products. `register add` takes only CERTIFIED bundles,
 * verified with the register's own trusted-keys file; `register build` verifies every entry again
 * and writes a static page and register.json, a row per product version, a tampered entry shown
 * as NOT VERIFIED. The page and a run's report.html are looked at in Debian's Chromium, offline.
 */
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { entryPathOf, REGISTER_TRUSTED_KEYS, safeFolderName, addToRegister } from '../../certification/register';
import type { RegisterRow } from '../../certification/register-row';
import { escapeHtml } from '../../reporters/views/escape';
import type { ConformanceReport } from '../../reporters/report-model';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import type { DefectName } from '../../mock/defects';
import type { MockProfile } from '../../mock/options';
import { newSigner, trustedKeyLine, VENDOR } from './support/certification-bundles';
import { findDebianChromium, launchDebianChromium, NO_CHROMIUM_REASON } from './support/debian-chromium';
import { productVersionBundle } from './support/register-submissions';
import { COMMAND, run, runCommandLine, SHORT_WAITS } from './support/run-command-line';
import { isolatedEnvironment } from './support/run-suite';

test.describe.configure({ mode: 'serial' });

// Made in beforeAll: the runner loads this file too, and would leave a folder of its own behind.
let dir: string;
let register: string;
let site: string;
/** Where the screenshots are copied for the note. */
const SCREENS = '/tmp/issue25-screens';
const HOSTILE_PRODUCT = 'Lab <img src=x onerror=alert(1)>';

interface Run {
  report: ConformanceReport;
  reportDir: string;
  baseUrl: string;
}

const bundles: Record<'conformant' | 'withFindings' | 'toTamper' | 'nonConformant' | 'unsigned', string> = {} as never;
const runs: Partial<Record<'clean' | 'findings' | 'mustFails', Run>> = {};

/** The suite through its command line (report.html included) against a mock of `profile` with `defect`. */
async function runAgainstMock(profile: MockProfile, defect?: DefectName, args: string[] = []): Promise<Run> {
  const mock = await startMockServer({ profile, defect });
  try {
    const cli = await runCommandLine(args, { ...seedEnvironment(mock.baseUrl, profile), ...SHORT_WAITS });
    expect(cli.report, cli.stdout + cli.stderr).toBeDefined();
    return { report: cli.report!, reportDir: cli.reportDir, baseUrl: mock.baseUrl };
  } finally {
    await mock.close();
  }
}

const cli = (...args: string[]) => run(process.execPath, [COMMAND, ...args], isolatedEnvironment({}));

test.beforeAll(async () => {
  test.setTimeout(600_000); // three suite runs on a busy two-core machine
  dir = mkdtempSync(join(tmpdir(), 'certification-register-'));
  [register, site] = [join(dir, 'register'), join(dir, 'site')];
  // The MRS dialect answers a token of another project with a JSON error: no finding at all (the
  // Sahara one answers HTML, as real Sahara does, a JEX-ERR-101 finding).
  runs.clean = await runAgainstMock('mrs');
  // put-accepted fails JEX-METH-101, a SHOULD: CONFORMANT, with findings.
  runs.findings = await runAgainstMock('sahara', 'put-accepted');
  runs.mustFails = await runAgainstMock('sahara', 'delete-answers-200-with-body', ['--grep', '@JEX-DEL-001']);
  const signer = newSigner(dir, 'vendor');
  mkdirSync(register);
  writeFileSync(join(register, REGISTER_TRUSTED_KEYS), `# vendors' keys\n${trustedKeyLine(VENDOR, signer)}\n`);
  bundles.conformant = productVersionBundle(dir, 'conformant', signer, { product: 'MapReduce Service', version: '3.1', reportDir: runs.clean.reportDir });
  bundles.withFindings = productVersionBundle(dir, 'with-findings', signer, { product: 'Data Processing', version: '1.1', reportDir: runs.findings.reportDir });
  bundles.toTamper = productVersionBundle(dir, 'to-tamper', signer, { product: HOSTILE_PRODUCT, version: '../2.0', reportDir: runs.clean.reportDir });
  bundles.nonConformant = productVersionBundle(dir, 'non-conformant', signer, { product: 'Data Processing', version: '0.9', reportDir: runs.mustFails.reportDir });
  bundles.unsigned = productVersionBundle(dir, 'unsigned', undefined, { product: 'Data Processing', version: '0.8', reportDir: runs.clean.reportDir });
});

test('folder names made from PRODUCT.yaml stay one plain folder each: no "..", no "/", no leading dot', () => {
  const cases: [string, string][] = [['Example Cloud GmbH', 'Example-Cloud-GmbH'], ['..', '-.'], ['../../etc', '-.-..-etc'], ['.hidden', '-hidden'], ['a/b\\c', 'a-b-c'], ['', '-'], ['v1.0_rc-2', 'v1.0_rc-2']];
  for (const [given, folder] of cases) expect(safeFolderName(given), given).toBe(folder);
  expect(entryPathOf({ vendor: 'Ex', product: 'P', version: '../2.0' })).toBe('Ex/P/-.-2.0');
});

test('the runs are what the register needs: CONFORMANT without findings, CONFORMANT with a SHOULD finding, NON-CONFORMANT', () => {
  expect([runs.clean!.report.verdict, runs.clean!.report.findings]).toEqual(['CONFORMANT', []]);
  expect(runs.findings!.report.verdict).toBe('CONFORMANT');
  expect(runs.findings!.report.findings.map((f) => f.requirement)).toContain('JEX-METH-101');
  expect(runs.mustFails!.report.verdict).toBe('NON-CONFORMANT');
});

test('add stores a CERTIFIED bundle under DIR/<vendor>/<product>/<version>/ and never replaces an entry', async () => {
  const added = await cli('register', 'add', bundles.conformant, '--register', register);
  const folder = join(register, 'Example-Cloud-GmbH', 'MapReduce-Service', '3.1');
  expect([added.exitCode, added.stdout, added.stderr]).toEqual([0, `Added: ${folder} (Example Cloud GmbH MapReduce Service 3.1, CERTIFIED)\n`, '']);
  expect(readFileSync(join(folder, 'attestation.dsse.json'), 'utf8')).toBe(readFileSync(join(bundles.conformant, 'attestation.dsse.json'), 'utf8'));
  expect(addToRegister(register, bundles.withFindings)).toMatchObject({ added: true, entry: 'Example-Cloud-GmbH/Data-Processing/1.1' });
  expect(addToRegister(register, bundles.toTamper)).toMatchObject({ added: true, entry: 'Example-Cloud-GmbH/Lab--img-src-x-onerror-alert-1--/-.-2.0' });
  const again = await cli('register', 'add', bundles.conformant, '--register', register);
  expect([again.exitCode, again.stderr]).toEqual([3, `sahara-conformance: register add: ${folder} is already in the register: to replace it, remove that folder (rm -r '${folder}') and add the bundle again\n`]);
});

test('add refuses a NON-CONFORMANT bundle, an unsigned one and one older than --max-age, printing what verify found, and stores none', async () => {
  const nonConformant = await cli('register', 'add', bundles.nonConformant, '--register', register);
  expect([nonConformant.exitCode, nonConformant.stderr]).toEqual([1, `register add: refused: ${bundles.nonConformant} is NON-CONFORMANT; a register takes only CERTIFIED bundles\n`]);
  expect(nonConformant.stdout).toMatch(/^Verdict: +NON-CONFORMANT$/m);
  const unsigned = await cli('register', 'add', bundles.unsigned, '--register', register);
  expect([unsigned.exitCode, unsigned.stderr]).toEqual([4, `register add: refused: ${bundles.unsigned} is NOT AUTHENTIC; a register takes only CERTIFIED bundles\n`]);
  expect(unsigned.stdout).toContain('NOT AUTHENTIC: attestation.dsse.json is missing: the bundle is not signed');
  for (const version of ['0.9', '0.8']) expect(existsSync(join(register, 'Example-Cloud-GmbH', 'Data-Processing', version))).toBe(false);
  // The certifier's limits reach verify: a run of minutes ago is older than --max-age 0.
  const stale = await cli('register', 'add', bundles.conformant, '--register', register, '--max-age', '0');
  expect([stale.exitCode, stale.stderr]).toEqual([5, `register add: refused: ${bundles.conformant} is NOT ACCEPTED; a register takes only CERTIFIED bundles\n`]);
});

/** The tampered entry: changed in the register after add. */
const tamperedEntry = 'Example-Cloud-GmbH/Lab--img-src-x-onerror-alert-1--/-.-2.0';
let rows: RegisterRow[];
let html: string;

test('build verifies every entry again: one changed after add is a NOT VERIFIED row, never a missing one (exit 1)', async () => {
  writeFileSync(join(register, ...tamperedEntry.split('/'), 'README.md'), 'Changed in the register after add.\n');
  const built = await cli('register', 'build', register, '--out', site);
  expect(built.exitCode, built.stderr).toBe(1);
  expect(built.stdout).toBe(
    `NOT VERIFIED: ${tamperedEntry}: NOT AUTHENTIC: README.md changed after signing (sha256 differs from the attestation's)\n` +
      `Register site written: ${join(site, 'index.html')} (3 entries: 2 verified, 1 failing verification)\n`,
  );
  rows = JSON.parse(readFileSync(join(site, 'register.json'), 'utf8')).rows;
  html = readFileSync(join(site, 'index.html'), 'utf8');
  expect(rows.map((r) => [r.entry, r.verified, r.result])).toEqual([
    ['Example-Cloud-GmbH/Data-Processing/1.1', true, 'CERTIFIED'],
    [tamperedEntry, false, 'NOT AUTHENTIC'],
    ['Example-Cloud-GmbH/MapReduce-Service/3.1', true, 'CERTIFIED'],
  ]);
});

test('each row has vendor, product, version, deployment, date, profile, verdict, findings and suite version, in register.json and on the page', () => {
  // In the register's order, by folder: with findings, the tampered one, without findings.
  const expected = ([[runs.findings!, 'Data Processing', '1.1'], [runs.clean!, HOSTILE_PRODUCT, '../2.0'], [runs.clean!, 'MapReduce Service', '3.1']] as const).map(([r, product, version]) => ({
    vendor: VENDOR,
    product,
    version,
    deployment: r.baseUrl,
    date: r.report.finishedAt,
    profile: r.report.profile,
    verdict: 'CONFORMANT',
    findings: r.report.findings.map((f) => ({ requirement: f.requirement, level: f.level, text: f.text })),
    suiteVersion: r.report.suite.version,
  }));
  expect(rows).toMatchObject(expected);
  expect(rows[1]!.problems).toEqual(["README.md changed after signing (sha256 differs from the attestation's)"]);
  const rowsHtml = html.split('<tr class="entry ').slice(1);
  expect(rowsHtml.map((r) => r.slice(0, r.indexOf('"')))).toEqual(['verified', 'failing', 'verified']);
  rowsHtml.forEach((rowHtml, i) => {
    const row = expected[i]!;
    for (const value of [row.vendor, row.product, row.version, row.deployment, row.date, row.profile, row.verdict, row.suiteVersion]) expect(rowHtml, `row ${i}`).toContain(escapeHtml(String(value)));
    for (const finding of row.findings) expect(rowHtml).toContain(escapeHtml(finding.text));
    expect(rowHtml).toContain(`href="${escapeHtml(rows[i]!.reportLink!)}"`);
  });
  // Bundle contents are hostile input: the product's markup is text on the page, never an element.
  expect(html).not.toContain('<img');
  expect(rowsHtml[1]).toContain('NOT VERIFIED: NOT AUTHENTIC');
  for (const row of rows) for (const link of [row.bundleLink, row.reportLink!]) expect(existsSync(join(site, decodeURIComponent(link))), link).toBe(true);
});

test.describe('in Debian\'s Chromium, offline', () => {
  const chromiumPath = findDebianChromium();
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  test.beforeAll(async () => {
    test.skip(!chromiumPath, NO_CHROMIUM_REASON);
    browser = await launchDebianChromium(chromiumPath);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    // Nothing but files: a request anywhere else would be a page that does not work offline.
    await page.route(/^(?!file:)/, (route) => route.abort());
  });
  test.afterAll(async () => browser?.close());

  async function screenshot(name: string, testInfo: TestInfo, fullPage: boolean): Promise<void> {
    const path = testInfo.outputPath('screens', name);
    await page.screenshot({ path, fullPage });
    await testInfo.attach(name, { path, contentType: 'image/png' });
    mkdirSync(SCREENS, { recursive: true });
    copyFileSync(path, join(SCREENS, name));
  }

  test('the register page shows every row, the tampered one as NOT VERIFIED, and fetches nothing but itself', async ({}, testInfo) => {
    const index = pathToFileURL(join(site, 'index.html')).href;
    await page.goto(index);
    const entries = page.locator('tr.entry');
    await expect(entries).toHaveCount(3);
    for (const [i, row] of rows.entries()) {
      const tr = entries.nth(i);
      await expect(tr).toBeVisible();
      for (const field of ['vendor', 'product', 'version', 'deployment', 'profile'] as const) await expect(tr.locator(`td.${field}`)).toHaveText(row[field]!);
      await expect(tr.locator('td.date')).toHaveText(row.date!.slice(0, 10));
      await expect(tr.locator('td.suite')).toHaveText(row.suiteVersion!);
    }
    await expect(entries.nth(0).locator('td.verdict')).toHaveText('CONFORMANT');
    await expect(entries.nth(0).locator('td.findings summary')).toContainText('JEX-METH-101 (SHOULD)');
    await expect(entries.nth(1).locator('td.verdict .result')).toHaveText('NOT VERIFIED: NOT AUTHENTIC');
    await expect(entries.nth(1).locator('td.verdict .problems li')).toHaveText([rows[1]!.problems[0]!]);
    await expect(entries.nth(2).locator('td.findings')).toHaveText('none');
    await screenshot('register.png', testInfo, true);
    expect(requests).toContain(index); // the recorder sees the page's own request...
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]); // ...and nothing else
  });

  test("a row's report.html link opens the run's report, which shows its verdict and findings offline", async ({}, testInfo) => {
    await page.locator('tr.entry').nth(0).locator('a.report').click();
    await expect(page).toHaveURL(pathToFileURL(join(site, decodeURIComponent(rows[0]!.reportLink!))).href);
    await expect(page.locator('#verdict h1')).toHaveText('CONFORMANT');
    await expect(page.locator('#findings li', { hasText: 'JEX-METH-101 (SHOULD)' }).first()).toBeVisible();
    await screenshot('report.png', testInfo, false); // its top: the verdict banner, target and suite
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
  });
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  for (const r of Object.values(runs)) rmSync(r.reportDir, { recursive: true, force: true });
});
