/**
 * PRODUCT.yaml: what the vendor submits for certification, from a template they keep. Checked
 * when the bundle is made and again when it is verified; every problem is one line.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Product {
  vendor: string;
  product: string;
  version: string;
  /** The service URL the run tested (scheme, host and port must be the report's target: ./target-claim). */
  deployment: string;
  region?: string;
  /** The profile it is certified under (sahara or mrs): must be the run's. */
  profile: string;
  contact: string;
}

const REQUIRED = ['vendor', 'product', 'version', 'deployment', 'profile', 'contact'] as const;

/** The fields PRODUCT.yaml gives (its string ones), whatever is wrong with it: what verify shows. */
export function productFields(file: string): Partial<Product> {
  try {
    const data = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    if (!data || typeof data !== 'object') return {};
    return Object.fromEntries(Object.entries(data).filter(([, v]) => typeof v === 'string')) as Partial<Product>;
  } catch {
    return {};
  }
}

export function productProblems(file: string, runProfile: string): string[] {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [`${file}: cannot be read as YAML (${(e as Error).message.split('\n')[0]})`];
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [`${file}: must be a mapping of ${REQUIRED.join(', ')}`];
  const fields = data as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of REQUIRED) if (typeof fields[key] !== 'string' || !(fields[key] as string).trim()) problems.push(`${file}: ${key} must be a non-empty string`);
  if (fields.region !== undefined && typeof fields.region !== 'string') problems.push(`${file}: region must be a string`);
  for (const key of Object.keys(fields)) if (![...REQUIRED, 'region'].includes(key as never)) problems.push(`${file}: unknown field ${key} (known: ${[...REQUIRED, 'region'].join(', ')})`);
  if (typeof fields.profile === 'string' && fields.profile !== runProfile) problems.push(`${file}: profile is ${fields.profile}, but the run judged profile ${runProfile}`);
  return problems;
}
