/**
 * A dry run sends nothing to the target: a stand-in (the embedded mock) takes its requests. It is
 * given only what the configuration gives - no job, cluster, second project or waiting cluster the
 * configuration leaves out - so that it finds and makes what the real run would (those requests are
 * in the plan), and a test that needs what is missing is shown as "would need ...", never as passed.
 */
import { profileOf } from '../config';
import { loadProfiles } from '../profiles';
import { targetConfigured } from '../target-selection';

type Env = Record<string, string | undefined>;

const set = (env: Env, name: string): boolean => Boolean(env[name]?.trim());

/** Whether the configuration names a second project, by tokens or by OpenStack credentials. */
export function secondProjectConfigured(env: Env): boolean {
  return Object.keys(env).some((name) => /^CONFORMANCE_OTHER_(PROJECT_ID|AUTH_TOKEN|OS_\w+)$/.test(name) && set(env, name));
}

/** The stand-in's seeded settings, less what the configuration does not give. */
export function standInSeed(seed: Record<string, string>, env: Env): Record<string, string> {
  const kept = { ...seed };
  for (const name of ['CONFORMANCE_JOB_ID', 'CONFORMANCE_CLUSTER_ID', 'CONFORMANCE_PENDING_CLUSTER_ID']) if (!set(env, name)) delete kept[name];
  if (!secondProjectConfigured(env)) for (const name of ['CONFORMANCE_OTHER_PROJECT_ID', 'CONFORMANCE_OTHER_AUTH_TOKEN']) delete kept[name];
  return kept;
}

/** What the real run would find, make and miss, from the configuration alone: the dry run's first lines. */
export function describeDryRunFixtures(env: Env): string {
  if (!targetConfigured(env)) return "Dry run: the embedded mock's seeded job and clusters would be used, and its two projects";
  const profile = loadProfiles()[profileOf(env)];
  const lines = ['Dry run: what the run would use, find and make on the target:'];
  const discovery = profile.clusterDiscovery;
  if (set(env, 'CONFORMANCE_CLUSTER_ID')) lines.push(`  cluster: CONFORMANCE_CLUSTER_ID=${env.CONFORMANCE_CLUSTER_ID}`);
  else if ('needs' in discovery) lines.push(`  MISSING: ${discovery.needs} (the ${profile.name} profile cannot find a cluster by itself; the run would stop)`);
  else lines.push(`  cluster: would find one with status ${discovery.activeStatus} (GET /v1.1/<project>/clusters)${set(env, 'CONFORMANCE_CLUSTER_NAME') ? `, named ${env.CONFORMANCE_CLUSTER_NAME}` : '; CONFORMANCE_CLUSTER_NAME chooses among several'}`);
  const strategy = env.CONFORMANCE_FIXTURE?.trim() || profile.defaultFixture;
  if (strategy === 'sahara-execute') {
    if (set(env, 'CONFORMANCE_JOB_ID')) lines.push(`  job: CONFORMANCE_JOB_ID=${env.CONFORMANCE_JOB_ID}`);
    else if (profile.ownJob) lines.push(`  job: would make its own ${profile.ownJob.type} job (an internal binary, a job binary, the job), named with the run id and removed at the end`);
  }
  lines.push(
    set(env, 'CONFORMANCE_PENDING_CLUSTER_ID')
      ? `  running job execution (JEX-DEL-008): on the cluster, else on CONFORMANCE_PENDING_CLUSTER_ID=${env.CONFORMANCE_PENDING_CLUSTER_ID}`
      : `  running job execution (JEX-DEL-008): would need the cluster to keep the run's own job running${set(env, 'CONFORMANCE_JOB_ID') ? ' (a configured job cannot be asked to: set CONFORMANCE_PENDING_CLUSTER_ID)' : ''}, else CONFORMANCE_PENDING_CLUSTER_ID (a cluster where job executions stay running)`,
  );
  if (!secondProjectConfigured(env)) lines.push('  MISSING: a second project (CONFORMANCE_OTHER_OS_CLOUD, or CONFORMANCE_OTHER_PROJECT_ID and CONFORMANCE_OTHER_AUTH_TOKEN): the cross-tenant tests would be skipped');
  return lines.join('\n');
}
