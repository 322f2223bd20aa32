/**
 * Redaction reaches everything a run leaves behind (issue 4, item 6): our reports and
 * Playwright's own outputs - test-results/ (error contexts), playwright-report/ (attachments,
 * embedded as a base64 zip) - and the console. A run with failures and findings (so evidence is
 * attached) must leave zero occurrences of the configured tokens in any form.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyExcerpt } from '../../lib/contract/observed-response';
import { registerSecret } from '../../lib/redact';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { filesUnder, findValues, secretForms } from './support/secret-scan';
import { runWithAllOutputs } from './support/run-with-all-outputs';

test.describe.configure({ mode: 'parallel' });

test('a run with failures and findings leaves no token in any output folder or on the console', async () => {
  const mock = await startMockServer({ defect: 'no-token-accepted', quirks: new Set(['sahara16']) });
  const dir = mkdtempSync(join(tmpdir(), 'conformance-outputs-'));
  try {
    const target = seedEnvironment(mock.baseUrl, 'sahara');
    const { exitCode, output } = await runWithAllOutputs(target, dir);
    expect(exitCode, output).toBe(1);
    // The outputs hold what a leak would hide in: evidence of requests that carried the token.
    const folders = ['conformance-report', 'test-results', 'playwright-report'].map((f) => join(dir, f));
    for (const folder of folders) expect(filesUnder(folder).length, folder).toBeGreaterThan(0);
    expect(findValues(folders, ['"X-Auth-Token": "[REDACTED]"']).length, 'evidence of authenticated requests').toBeGreaterThan(0);
    // ...and the scan reaches into them: the project id (not a secret) is found in the HTML report's zip.
    expect(findValues([join(dir, 'playwright-report')], [target.CONFORMANCE_PROJECT_ID!]).some((hit) => hit.includes('embedded zip'))).toBe(true);

    const secrets = [target.CONFORMANCE_AUTH_TOKEN!, target.CONFORMANCE_OTHER_AUTH_TOKEN!];
    expect(findValues(folders, secrets)).toEqual([]);
    for (const form of secrets.flatMap(secretForms)) expect(output).not.toContain(form);
  } finally {
    await mock.close();
  }
});

test('asked to trace, a conformance test refuses to run rather than record the token in the trace', async () => {
  const mock = await startMockServer();
  const dir = mkdtempSync(join(tmpdir(), 'conformance-traced-'));
  try {
    const target = seedEnvironment(mock.baseUrl, 'sahara');
    const { exitCode, output } = await runWithAllOutputs(target, dir, ['--trace=on', '--grep=@JEX-DEL-006']);
    expect(exitCode, output).toBe(1);
    expect(output).toContain('conformance tests are never traced (trace "on"): a Playwright trace would record the auth token');
    const folders = ['test-results', 'playwright-report'].map((f) => join(dir, f));
    expect(findValues(folders, [target.CONFORMANCE_AUTH_TOKEN!, target.CONFORMANCE_OTHER_AUTH_TOKEN!])).toEqual([]);
  } finally {
    await mock.close();
  }
});

test('the scan finds a secret written plainly, base64-encoded at any alignment or URL-encoded', () => {
  const secret = 'planted-secret-value-0123456789';
  for (const [i, form] of [secret, ...['', 'x', 'xy'].map((p) => Buffer.from(`${p}${secret}!`).toString('base64')), encodeURIComponent(`${secret}/+`)].entries()) {
    const dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', `planted-${i}.txt`), `before ${form} after`);
    expect(findValues([dir], [secret]), form).not.toEqual([]);
  }
});

test('a body excerpt is redacted before it is cut: a token split by the cut leaves no part of itself', () => {
  const token = 'gAAAAAsplit-by-the-excerpt-cut-0123456789abcdef';
  registerSecret(token);
  // The token starts 20 characters before the 300-character cut of the evidence excerpt.
  const body = Buffer.from(`${'x'.repeat(266)}X-Auth-Token: ${token} and more`);
  const excerpt = bodyExcerpt({ operationId: 'showJobExecution', method: 'GET', path: '/', requestHeaders: {}, status: 500, headers: {}, body, durationMs: 1 });
  expect(excerpt).not.toContain(token.slice(0, 12));
  expect(excerpt).toContain('[REDACTED]');
});
