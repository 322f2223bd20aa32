/** Reads the suite's own data files (spec, catalogue, profiles) with one-line errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SuiteDataError } from './errors';

export const SPEC_DIR = join(__dirname, '..', 'spec');
export const OPENAPI_FILE = join(SPEC_DIR, 'job-executions.openapi.yaml');
export const REQUIREMENTS_FILE = join(SPEC_DIR, 'requirements.yaml');
export const PROFILES_FILE = join(SPEC_DIR, 'profiles.yaml');

export function readYamlFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SuiteDataError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (e) {
    throw new SuiteDataError(`${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}
