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
  /** How a run finds a cluster when CONFORMANCE_CLUSTER_ID is not set: a list call and the status of a usable one, or the one setting it needs. */
  clusterDiscovery: { operation: 'listClusters'; activeStatus: string } | { needs: string };
  /** The job a run makes for itself when CONFORMANCE_JOB_ID is not set; absent where the fixture needs no job. */
  ownJob?: { type: string };
}

type ProfileEntry = { description?: string; defaultFixture?: string; catalogServiceType?: string; clusterDiscovery?: Record<string, unknown>; ownJob?: { type?: unknown } };

function clusterDiscoveryOf(path: string, name: string, entry: ProfileEntry): Profile['clusterDiscovery'] {
  const d = entry.clusterDiscovery;
  if (d?.operation === 'listClusters' && typeof d.activeStatus === 'string') return { operation: 'listClusters', activeStatus: d.activeStatus };
  if (typeof d?.needs === 'string') return { needs: d.needs };
  throw new SuiteDataError(`${path}: profile "${name}" needs clusterDiscovery: either operation listClusters with activeStatus, or needs <the setting>`);
}

export function loadProfiles(path = PROFILES_FILE): Record<ProfileName, Profile> {
  const data = readYamlFile(path) as { profiles?: Record<string, ProfileEntry> };
  const out = {} as Record<ProfileName, Profile>;
  for (const name of PROFILE_NAMES) {
    const entry = data?.profiles?.[name];
    if (!entry?.description || !entry.defaultFixture || !entry.catalogServiceType) {
      throw new SuiteDataError(`${path}: profile "${name}" needs description, defaultFixture and catalogServiceType`);
    }
    const ownJob = typeof entry.ownJob?.type === 'string' ? { type: entry.ownJob.type } : undefined;
    out[name] = { name, description: entry.description, defaultFixture: entry.defaultFixture, catalogServiceType: entry.catalogServiceType, clusterDiscovery: clusterDiscoveryOf(path, name, entry), ownJob };
  }
  return out;
}
