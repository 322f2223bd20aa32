/** The profiles a target can be certified under; their differences are data (spec/profiles.yaml). */
import { SuiteDataError } from './errors';
import { PROFILES_FILE, readYamlFile } from './suite-data';

export const PROFILE_NAMES = ['sahara', 'mrs'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  description: string;
  defaultFixture: string;
  /** The service type under which the identity service's catalog lists the API. */
  catalogServiceType: string;
}

export function loadProfiles(path = PROFILES_FILE): Record<ProfileName, Profile> {
  const data = readYamlFile(path) as { profiles?: Record<string, { description?: string; defaultFixture?: string; catalogServiceType?: string }> };
  const out = {} as Record<ProfileName, Profile>;
  for (const name of PROFILE_NAMES) {
    const entry = data?.profiles?.[name];
    if (!entry?.description || !entry.defaultFixture || !entry.catalogServiceType) {
      throw new SuiteDataError(`${path}: profile "${name}" needs description, defaultFixture and catalogServiceType`);
    }
    out[name] = { name, description: entry.description, defaultFixture: entry.defaultFixture, catalogServiceType: entry.catalogServiceType };
  }
  return out;
}
