/** report.json against the schema kept in the repository (reporters/report.schema.json). */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'reporters', 'report.schema.json');

// strictRequired off: the if/then rules name properties defined beside them, not inside them.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

/** The schema's complaints about a report, one line each; empty when it is valid. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
