/**
 * clouds.yaml, found and read as openstacksdk (and so the openstack CLI) does: the first file
 * that exists of OS_CLIENT_CONFIG_FILE, then clouds.{yaml,yml,json} in the working folder, the
 * user's config folder (~/.config/openstack) and the system's (/etc/openstack); secure.yaml is
 * found the same way (OS_CLIENT_SECURE_FILE first) and laid over it, so secrets can live apart.
 * Two deliberate differences: a file named by OS_CLIENT_CONFIG_FILE that does not exist is an
 * error (openstacksdk would quietly read another), and a cloud is only used when named - never
 * because it is the only one in the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SuiteConfigError } from '../errors';
import { registerSecret } from '../redact';
import { canonicalKey, SECRET_KEYS, type OsSettings } from './os-settings';

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const SUFFIXES = ['.yaml', '.yml', '.json'];

/** The folders searched, in order (openstacksdk's CONFIG_SEARCH_PATH on Linux). */
export function searchFolders(env: Env, cwd = process.cwd()): string[] {
  const home = env.HOME || homedir();
  const userConfig = join(env.XDG_CONFIG_HOME || join(home, '.config'), 'openstack');
  const folders = [cwd, userConfig, join(home, '.config', 'openstack'), '/etc/xdg/openstack', '/etc/openstack'];
  return [...new Set(folders)];
}

/** Every place a file of this kind may be, in the order they are tried. */
export function candidateFiles(kind: 'clouds' | 'secure', env: Env, cwd = process.cwd()): string[] {
  const override = kind === 'clouds' ? env.OS_CLIENT_CONFIG_FILE : env.OS_CLIENT_SECURE_FILE;
  const found = searchFolders(env, cwd).flatMap((folder) => SUFFIXES.map((suffix) => join(folder, `${kind}${suffix}`)));
  return override?.trim() ? [resolve(override.trim()), ...found] : found;
}

function readTree(path: string): Tree {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuiteConfigError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new SuiteConfigError(`${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) throw new SuiteConfigError(`${path} must hold a mapping with a "clouds" key`);
  return (data ?? {}) as Tree;
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** secure.yaml over clouds.yaml, key by key at every depth (openstacksdk's merge_clouds). */
function merged(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = isTree(value) && isTree(out[key]) ? merged(out[key] as Tree, value) : value;
  return out;
}

function firstExisting(kind: 'clouds' | 'secure', env: Env, cwd: string): string | undefined {
  const override = kind === 'clouds' ? 'OS_CLIENT_CONFIG_FILE' : 'OS_CLIENT_SECURE_FILE';
  const named = env[override]?.trim();
  if (named && !existsSync(resolve(named))) throw new SuiteConfigError(`${override} names ${named}, which does not exist`);
  return candidateFiles(kind, env, cwd).find((path) => existsSync(path));
}

/** A region entry is a name or {name, values}; the first is the default (openstacksdk). */
function firstRegion(regions: unknown): string | undefined {
  if (!Array.isArray(regions) || regions.length === 0) return undefined;
  const first = regions[0];
  if (typeof first === 'string') return first;
  return isTree(first) && typeof first.name === 'string' ? first.name : undefined;
}

export interface CloudSettings {
  file: string;
  settings: OsSettings;
}

/**
 * The settings of the cloud `name` (the value of `variable`, e.g. OS_CLOUD), flattened: the
 * cloud's own keys and those under `auth` side by side. Secrets are registered for redaction
 * as they are read.
 */
export function cloudSettings(name: string, variable: string, env: Env, cwd = process.cwd()): CloudSettings {
  const file = firstExisting('clouds', env, cwd);
  if (!file) {
    throw new SuiteConfigError(
      `${variable}=${name} is set but no clouds.yaml was found (looked in ${searchFolders(env, cwd).join(', ')}); put one there or name it with OS_CLIENT_CONFIG_FILE`,
    );
  }
  const secureFile = firstExisting('secure', env, cwd);
  const tree = secureFile ? merged(readTree(file), readTree(secureFile)) : readTree(file);
  const clouds = isTree(tree.clouds) ? tree.clouds : {};
  const cloud = clouds[name];
  if (!isTree(cloud)) {
    const names = Object.keys(clouds);
    throw new SuiteConfigError(`${variable}=${name}: ${file} has no cloud of that name (${names.length ? `it has ${names.join(', ')}` : 'it has no clouds'})`);
  }
  const settings: OsSettings = {};
  const put = (rawKey: string, value: unknown, path: string) => {
    if (value === null || value === undefined || isTree(value) || Array.isArray(value)) return;
    const key = canonicalKey(rawKey);
    settings[key] = { value: String(value).trim(), source: `${path} of cloud '${name}' in ${file}`, fromFile: true };
    if ((SECRET_KEYS as readonly string[]).includes(key)) registerSecret(String(value));
  };
  for (const [key, value] of Object.entries(cloud)) if (key !== 'auth') put(key, value, key);
  if (isTree(cloud.auth)) for (const [key, value] of Object.entries(cloud.auth)) put(key, value, `auth.${key}`);
  const region = firstRegion(cloud.regions);
  if (!settings.region_name && region) put('region_name', region, 'regions[0]');
  // A vendor profile (`profile: otc`) fills in auth_url and more from openstacksdk's vendor
  // files, which this suite does not carry: say so rather than report a missing auth_url.
  if (!settings.auth_url && settings.profile) {
    throw new SuiteConfigError(`${variable}=${name} uses the vendor profile "${settings.profile.value}", which this suite does not read: put auth.auth_url in the cloud (${file})`);
  }
  return { file, settings };
}
