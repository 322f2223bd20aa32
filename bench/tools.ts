/**
 * The benchmark's own tools, pinned here and installed on first use into bench/.tools
 * (gitignored): the load generator and Stoplight Prism, the OpenAPI mock we are compared with.
 * They stay out of package.json because the suite never needs them: Prism alone brings some 250
 * packages, and `npm ci` in every pipeline should not pay for a tool only `npm run bench` uses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const TOOLS_DIR = join(__dirname, '.tools');

export const TOOL_VERSIONS = {
  autocannon: '8.0.0',
  '@stoplight/prism-cli': '5.16.0',
} as const;

function installedVersion(name: string): string | undefined {
  const file = join(TOOLS_DIR, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/** Installs the pinned tools unless they are there already. */
export function ensureTools(log: (line: string) => void): void {
  const missing = Object.entries(TOOL_VERSIONS).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length === 0) return;
  log(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into bench/.tools (once)`);
  mkdirSync(TOOLS_DIR, { recursive: true });
  writeFileSync(join(TOOLS_DIR, 'package.json'), `${JSON.stringify({ private: true, dependencies: TOOL_VERSIONS }, null, 2)}\n`);
  // No install scripts: Prism's only one is an analytics ping. Prism 5.16 declares node >= 24 but
  // runs on node 20, hence --engine-strict=false.
  execFileSync('npm', ['install', '--prefix', TOOLS_DIR, '--no-audit', '--no-fund', '--ignore-scripts', '--engine-strict=false', '--loglevel=error'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, SCARF_ANALYTICS: 'false' },
  });
}

export const toolRequire = createRequire(join(TOOLS_DIR, 'package.json'));

/** The file to run Prism's command line with node. */
export function prismCli(): string {
  return toolRequire.resolve('@stoplight/prism-cli/dist/index.js');
}
