/**
 * The requirement catalogue (spec/requirements.yaml) as typed data. Tests take their
 * expectations from here; reporters take level, source and statement from here.
 */
import { SuiteDataError } from './errors';
import { PROFILE_NAMES, type ProfileName } from './profiles';
import { readYamlFile, REQUIREMENTS_FILE } from './suite-data';

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type Level = (typeof LEVELS)[number];

/** What a profile expects for one requirement: accepted statuses and, for Sahara, the error_name. */
export interface Expectation {
  status: number[];
  errorName?: string;
}

export interface Requirement {
  id: string;
  level: Level;
  title: string;
  statement: string;
  source: string;
  /** The profiles it applies to; in any other it is not applicable. */
  profiles: ProfileName[];
  /** The answer its check compares with, per profile; absent for requirements judged by their statement alone. */
  expected: Partial<Record<ProfileName, Expectation>>;
}

export function appliesTo(requirement: Requirement, profile: ProfileName): boolean {
  return requirement.profiles.includes(profile);
}

export interface Catalogue {
  version: string;
  requirements: Requirement[];
  byId: Map<string, Requirement>;
}

function fail(path: string, message: string): never {
  throw new SuiteDataError(`${path}: ${message}`);
}

function parseExpectation(path: string, id: string, profile: string, raw: unknown): Expectation {
  const e = raw as { status?: unknown; errorName?: unknown };
  if (!Array.isArray(e?.status) || e.status.length === 0 || !e.status.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
    fail(path, `${id}.expected.${profile}.status must be a non-empty list of HTTP statuses`);
  }
  if (e.errorName !== undefined && typeof e.errorName !== 'string') fail(path, `${id}.expected.${profile}.errorName must be a string`);
  return { status: e.status as number[], errorName: e.errorName as string | undefined };
}

export function loadCatalogue(path = REQUIREMENTS_FILE): Catalogue {
  const data = readYamlFile(path) as { version?: unknown; requirements?: unknown };
  if (typeof data?.version !== 'string') fail(path, 'version must be a string');
  if (!Array.isArray(data.requirements)) fail(path, 'requirements must be a list');
  const byId = new Map<string, Requirement>();
  for (const raw of data.requirements as Record<string, unknown>[]) {
    const id = raw.id;
    if (typeof id !== 'string' || !/^JEX-[A-Z]+-\d{3}$/.test(id)) fail(path, `requirement id ${JSON.stringify(id)} is not of the form JEX-AREA-NNN`);
    if (byId.has(id)) fail(path, `requirement ${id} appears twice`);
    if (!LEVELS.includes(raw.level as Level)) fail(path, `${id}.level must be one of ${LEVELS.join(', ')}`);
    for (const field of ['title', 'statement', 'source'] as const) {
      if (typeof raw[field] !== 'string' || !(raw[field] as string).trim()) fail(path, `${id}.${field} must be a non-empty string`);
    }
    const profiles = raw.profiles as ProfileName[];
    if (!Array.isArray(profiles) || profiles.length === 0) fail(path, `${id}.profiles must list the profiles it applies to (${PROFILE_NAMES.join(', ')})`);
    for (const profile of profiles) if (!PROFILE_NAMES.includes(profile)) fail(path, `${id}.profiles names unknown profile "${profile}"`);
    const expected: Partial<Record<ProfileName, Expectation>> = {};
    for (const [profile, e] of Object.entries((raw.expected ?? {}) as Record<string, unknown>)) {
      if (!profiles.includes(profile as ProfileName)) fail(path, `${id}.expected names profile "${profile}", which is not among its profiles`);
      expected[profile as ProfileName] = parseExpectation(path, id, profile, e);
    }
    // An expectation for some of its profiles only would leave the check without one in the others.
    if (Object.keys(expected).length > 0 && Object.keys(expected).length !== profiles.length) fail(path, `${id}.expected must give an answer for each of its profiles (${profiles.join(', ')}) or for none`);
    byId.set(id, {
      id,
      level: raw.level as Level,
      title: raw.title as string,
      statement: raw.statement as string,
      source: raw.source as string,
      profiles,
      expected,
    });
  }
  return { version: data.version as string, requirements: [...byId.values()], byId };
}

export function requirementById(catalogue: Catalogue, id: string): Requirement {
  const found = catalogue.byId.get(id);
  if (!found) throw new SuiteDataError(`unknown requirement ${id} (not in spec/requirements.yaml)`);
  return found;
}
