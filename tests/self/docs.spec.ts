/**
 * The documentation says what the code does (issue 26, item 3): every relative link of README.md
 * and docs/*.md reaches a file, and an anchor a heading of it; every option a `--help` prints is
 * documented; the settings table of docs/configuration.md lists exactly the settings the code
 * reads; the layer table of docs/architecture.md is import-layers.yaml's; and the package ships the
 * pages the README links to.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { COMMAND, ROOT, run } from './support/run-command-line';

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const text = (page: string) => readFileSync(join(ROOT, page), 'utf8');
const ALL_DOCS = PAGES.map(text).join('\n');

/** A page without its fenced code blocks: a link or heading inside one is example text. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`; repeats get -1, -2 ... */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const plain = heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const slug = plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every `[text](target)` of the page's prose (not in code) whose target is in this repository. */
function relativeLinks(markdown: string): { target: string; line: number }[] {
  return proseLines(markdown).flatMap((line, i) =>
    [...line.replace(/`[^`]*`/g, '').matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
      .map((m) => ({ target: m[1]!, line: i + 1 }))
      .filter(({ target }) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target)),
  );
}

/** What is wrong with one link, or undefined when it resolves. */
function brokenLink(page: string, target: string): string | undefined {
  const [path, anchor] = target.split('#', 2) as [string, string | undefined];
  const file = path ? resolve(dirname(join(ROOT, page)), decodeURIComponent(path)) : join(ROOT, page);
  if (!file.startsWith(ROOT)) return 'points outside the repository';
  if (!existsSync(file)) return `${relative(ROOT, file)} does not exist`;
  if (anchor === undefined) return undefined;
  if (statSync(file).isDirectory() || !file.endsWith('.md')) return `an anchor into ${relative(ROOT, file)}, which is not a Markdown page`;
  return headingAnchors(readFileSync(file, 'utf8')).has(anchor) ? undefined : `${relative(ROOT, file)} has no heading #${anchor}`;
}

test('every relative link and anchor in README.md and docs/ resolves', () => {
  const broken = PAGES.flatMap((page) =>
    relativeLinks(text(page)).flatMap(({ target, line }) => {
      const why = brokenLink(page, target);
      return why ? [`${page}:${line}: (${target}) - ${why}`] : [];
    }),
  );
  expect(broken).toEqual([]);
});

test('the link checker itself: a missing file, a missing anchor and a link in code are told apart', () => {
  expect(brokenLink('README.md', 'docs/no-such-page.md')).toBe('docs/no-such-page.md does not exist');
  expect(brokenLink('README.md', '#no-such-heading')).toBe('README.md has no heading #no-such-heading');
  expect(brokenLink('docs/configuration.md', '../README.md#exit-codes')).toBeUndefined();
  expect(relativeLinks('`[a](gone.md)`\n```\n[b](gone.md)\n```\n[c](here.md) [d](https://example.com)')).toEqual([{ target: 'here.md', line: 5 }]);
  expect([...headingAnchors('# On a fresh machine (Node 20 + npm)\n## Real Sahara 16\'s `bugs`\n## Real Sahara 16\'s bugs')]).toEqual(['on-a-fresh-machine-node-20--npm', 'real-sahara-16s-bugs', 'real-sahara-16s-bugs-1']);
});

/** `--help` of the command and of every subcommand it has (those its usage names, and register). */
async function helpTexts(): Promise<Map<string, string>> {
  const help = async (args: string[]) => {
    const out = await run(process.execPath, [COMMAND, ...args, '--help'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    expect(out.exitCode, `${args.join(' ')} --help: ${out.stderr}`).toBe(0);
    return out.stdout;
  };
  const main = await help([]);
  const named = [...main.matchAll(/^\s+sahara-conformance ([a-z]+)\b/gm)].map((m) => m[1]!);
  const subcommands = [...new Set([...named, 'register'])];
  const texts = new Map([['', main]]);
  await Promise.all(subcommands.map(async (name) => texts.set(name, await help([name]))));
  return texts;
}

test('every option that sahara-conformance and its subcommands print in --help is documented', async () => {
  test.setTimeout(120_000);
  const undocumented: string[] = [];
  for (const [subcommand, help] of await helpTexts()) {
    const command = `sahara-conformance${subcommand ? ` ${subcommand}` : ''}`;
    if (subcommand && !ALL_DOCS.includes(command)) undocumented.push(command);
    const options = new Set([...help.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]));
    for (const option of options) if (!new RegExp(`(?<![\\w-])${option}(?![\\w-])`).test(ALL_DOCS)) undocumented.push(`${command} ${option}`);
  }
  expect(undocumented, 'options --help prints that README.md and docs/ never name').toEqual([]);
});

// --- the settings table ---------------------------------------------------------------------

/** Where the suite reads its environment: the configuration (lib/config.ts) and what it delegates to. */
const READERS = ['lib', 'bin', 'reporters', 'certification'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return sourcesUnder(path);
    return /\.(ts|cjs)$/.test(name) ? [path] : [];
  });
}

/**
 * The settings the code reads, by name: a variable read from an environment object (`env.NAME`,
 * `env['NAME']`), a setting's name given as a string (`positiveInt(env, 'CONFORMANCE_SETTLE_MS')`,
 * `first('HTTPS_PROXY', 'https_proxy')`), and the OS_* names of the OpenStack keys that
 * lib/identity reads through a prefix (`s.user_domain_name` is OS_USER_DOMAIN_NAME, and
 * CONFORMANCE_OTHER_OS_USER_DOMAIN_NAME for the second tenant: the prefix itself is one row).
 */
function settingsTheCodeReads(): { names: Set<string>; prefixes: Set<string>; osKeys: Set<string> } {
  const files = [...READERS.flatMap(sourcesUnder), 'playwright.config.ts'];
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/\benv\??\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
    for (const m of source.matchAll(/\benv\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\]/g)) names.add(m[1]!);
    for (const m of source.matchAll(/['"]((?:CONFORMANCE|OS)_[A-Z0-9_]*[A-Z0-9]|(?:HTTPS?|NO)_PROXY|(?:https?|no)_proxy)['"]/g)) names.add(m[1]!);
    // A prefix the code reads a family of variables by; CONFORMANCE_ and OS_ name the namespaces, whose members are rows of their own.
    for (const m of source.matchAll(/['"]((?:CONFORMANCE|OS)_[A-Z0-9_]*_)['"]/g)) if (!['CONFORMANCE_', 'OS_'].includes(m[1]!)) prefixes.add(m[1]!);
  }
  // The OpenStack keys the identity code reads from a tenant's settings (clouds.yaml keys and OS_* alike).
  const identity = ['lib/identity/identity-request.ts', 'lib/identity/os-settings.ts', 'lib/identity/tenant-settings.ts', 'lib/run/resolve-credentials.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
  const osKeys = new Set<string>();
  for (const m of identity.matchAll(/\b(?:s|settings)\??\.([a-z][a-z0-9_]*)\b/g)) osKeys.add(m[1]!);
  for (const m of identity.matchAll(/\b(?:need\(s|nameOf\(naming), '([a-z_]+)'/g)) osKeys.add(m[1]!);
  for (const m of identity.matchAll(/const \{([^}]+)\} = (?:\w+\.)?settings\b/g)) for (const key of m[1]!.split(',')) osKeys.add(key.trim());
  for (const m of identity.matchAll(/(?:CREDENTIAL_KEYS|SECRET_KEYS|SHARED_WITH_SECOND_TENANT)\s*=\s*\[([^\]]*)\]/g)) for (const k of m[1]!.matchAll(/'([a-z_]+)'/g)) osKeys.add(k[1]!);
  // Older spellings (tenant_id for project_id ...): read too, as the OpenStack clients read them.
  for (const m of identity.matchAll(/const ALIASES[^{]*\{([^}]*)\}/g)) for (const k of m[1]!.matchAll(/([a-z_]+): '([a-z_]+)'/g)) osKeys.add(k[1]!).add(k[2]!);
  for (const key of osKeys) names.add(`OS_${key.toUpperCase()}`);
  return { names, prefixes, osKeys };
}

/** The cells of the table on `page` whose header row matches `header`, row by row. */
function tableRows(page: string, header: RegExp): string[][] {
  const lines = text(page).split('\n');
  const start = lines.findIndex((line) => header.test(line));
  expect(start, `${page} has a table whose header matches ${header}`).toBeGreaterThanOrEqual(0);
  const rows = lines.slice(start + 2);
  const end = rows.findIndex((line) => !line.startsWith('|'));
  return (end < 0 ? rows : rows.slice(0, end)).map((row) => row.split('|').slice(1, -1).map((cell) => cell.trim()));
}

/** The names in the first column of docs/configuration.md's settings table. */
function documentedSettings(): string[] {
  return tableRows('docs/configuration.md', /^\|\s*setting\s*\|/).flatMap((cells) => [...cells[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

test('the settings table of docs/configuration.md names every setting the code reads, and only those', () => {
  const { names, prefixes, osKeys } = settingsTheCodeReads();
  const documented = documentedSettings();
  const missing = [...names, ...[...prefixes].map((p) => `${p}*`)].filter((name) => !documented.includes(name)).sort();
  expect(missing, 'read by the code (lib/, bin/, reporters/, certification/, playwright.config.ts), absent from the table').toEqual([]);
  const identityWords = new RegExp(`^OS_(${[...osKeys].map((k) => k.toUpperCase()).join('|')})$`);
  const unread = documented.filter((name) => !names.has(name) && !(name.endsWith('*') && prefixes.has(name.slice(0, -1))) && !identityWords.test(name));
  expect(unread, 'rows of the table that no code reads').toEqual([]);
  expect(new Set(documented).size, 'each setting has one row').toBe(documented.length);
});

test('the package ships the pages the README links to', () => {
  // npm packs README.md whatever "files" says; the pages it links to must be listed.
  const files = (JSON.parse(text('package.json')) as { files?: string[] }).files ?? [];
  expect(files).toEqual(expect.arrayContaining(['docs/', 'conformance.md']));
});

test('the layer table of docs/architecture.md is import-layers.yaml\'s: the same layers, in order, with the same files and imports', () => {
  type Layer = { name: string; files: string[]; mayImport: string[]; mayImportTypes?: string[] };
  const { layers } = parse(text('import-layers.yaml')) as { layers: Layer[] };
  const imports = (l: Layer) => [l.mayImport.join(', ') || 'nothing', ...(l.mayImportTypes?.length ? [`types only: ${l.mayImportTypes.join(', ')}`] : [])].join('; ');
  const documented = tableRows('docs/architecture.md', /^\|\s*layer\s*\|\s*files\s*\|/).map(([name, files, mayImport]) => [name, files!.replace(/`/g, ''), mayImport]);
  expect(documented).toEqual(layers.map((l) => [l.name, l.files.join(', '), imports(l)]));
});
