/**
 * Debian's own Chromium, for the one test that looks at report.html in a real browser. Playwright's
 * browser downloads are never used (the suite itself needs no browser): the package is installed
 * with apt when it is missing, which needs root.
 */
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function apt(args: string[]): void {
  execFileSync('apt-get', args, { stdio: 'pipe', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function ensureDebianChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing; install it with: sudo apt-get install -y chromium`);
  try {
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    // A fresh container has no package lists yet.
    apt(['update']);
    apt(['install', '-y', '--no-install-recommends', 'chromium']);
  }
}

export function launchDebianChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox: containers running as root cannot use Chromium's; the rest keeps it from phoning home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
