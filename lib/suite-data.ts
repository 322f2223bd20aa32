/**
 * Reads the suite's own data files (spec, catalogue, profiles) with one-line errors. Global setup
 * parses them once and writes the result to the run's private scratch folder (shareSuiteData);
 * each worker then reads that (useSharedSuiteData) instead of parsing the YAML again - the same
 * data for every worker of a run, and less start-up per worker.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SuiteDataError } from './errors';

export const SPEC_DIR = join(__dirname, '..', 'spec');
export const OPENAPI_FILE = join(SPEC_DIR, 'job-executions.openapi.yaml');
export const REQUIREMENTS_FILE = join(SPEC_DIR, 'requirements.yaml');
export const PROFILES_FILE = join(SPEC_DIR, 'profiles.yaml');
const SHARED_FILES = [OPENAPI_FILE, REQUIREMENTS_FILE, PROFILES_FILE];

/** The files global setup parsed, as JSON text by path; parsed again per read, so no caller shares an object. */
let shared: Map<string, string> | undefined;

function parseYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuiteDataError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    // Loaded here, not at the top: a worker given the shared data never loads the YAML parser.
    const { parse } = require('yaml') as typeof import('yaml');
    return parse(text);
  } catch (e) {
    throw new SuiteDataError(`${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function readYamlFile(path: string): unknown {
  const text = shared?.get(path);
  return text === undefined ? parseYamlFile(path) : JSON.parse(text);
}

/** Writes the parsed data files to `file` (global setup, once the loaders have checked them). */
export function shareSuiteData(file: string): void {
  writeFileSync(file, JSON.stringify(Object.fromEntries(SHARED_FILES.map((path) => [path, JSON.stringify(parseYamlFile(path))]))), { mode: 0o600 });
}

/** Reads what global setup shared; without it (no run, or a file that cannot be read) each file is parsed here. */
export function useSharedSuiteData(file: string | undefined): void {
  if (!file) return;
  try {
    shared = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
  } catch {
    shared = undefined;
  }
}
