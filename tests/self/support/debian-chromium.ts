/**
 * Debian's own Chromium, for the tests that look at report.html and the register's page in a real
 * browser. Playwright's browser downloads are never used (the suite itself needs no browser, and
 * CI cannot reach the download): .ci/run installs Debian's chromium package; where it is missing,
 * a test skips with NO_CHROMIUM_REASON rather than fail or fetch one.
 */
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export const NO_CHROMIUM_REASON = "no chromium: install Debian's chromium package (apt-get install chromium); Playwright's own browser download is not used";

/** Debian's chromium: /usr/bin/chromium, else the one on PATH; undefined when there is none. */
export function findDebianChromium(): string | undefined {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined; // `which` exits 1 when there is none
  }
}

export function launchDebianChromium(executablePath = findDebianChromium() ?? CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath,
    // No sandbox: containers running as root cannot use Chromium's; the rest keeps it from phoning home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
