/**
 * `sahara-conformance cleanup RUN_ID [--dry-run]`: removes what an earlier run left behind on a
 * target - only that: job executions whose job_configs.params.conformance_run_id (Sahara
 * fixtures) or job name (MRS fixtures) carry the run id. The target comes from the environment or
 * the env file, as for a run; requests go over the suite's own client (proxies, TLS, no
 * redirects) and each removal is the suite's one removal path (lib/client/removal).
 */
import { loadContract } from '../contract/contract';
import { ExchangeLog } from '../client/exchange-log';
import { describeAnswer } from '../client/checked-response';
import { JobExecutionApi } from '../client/job-execution-api';
import { jobExecutionsListedIn, type JobExecutionFields } from '../client/job-execution-body';
import { OwnershipRegistry } from '../client/ownership';
import { removeJobExecution } from '../client/removal';
import { TargetUnreachableError } from '../errors';
import { HttpTransport } from '../transport/http-transport';
import { resolvedSuiteConfig } from './resolve-credentials';
import { listedRunResources, removeRunResources } from '../target-fixtures/provisioning';
import { RESOURCE_KINDS, type ResourceKind } from '../run-data/run-resources';

/** The fixture strategies mark their job executions with the run id (lib/target-fixtures/fixture-strategies.ts). */
export function belongsToRun(je: JobExecutionFields, runId: string): je is JobExecutionFields & { id: string } {
  if (typeof je.id !== 'string') return false;
  const params = (je.job_configs as { params?: { conformance_run_id?: unknown } | null } | null | undefined)?.params;
  if (typeof params === 'object' && params !== null && params.conformance_run_id === runId) return true;
  const mrsName = `conformance-${runId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return je.job_name === mrsName;
}

/** Lists (and unless dryRun, removes) the run's leftovers; returns how many could not be removed. */
export async function cleanupRun(runId: string, dryRun: boolean, env: Record<string, string | undefined>, print: (line: string) => void): Promise<number> {
  const config = await resolvedSuiteConfig(env);
  const http = new HttpTransport(config.baseUrl, config.connection);
  try {
    const ownership = new OwnershipRegistry();
    const api = new JobExecutionApi({ http, config, contract: loadContract(config.profile), tenant: config.primary, log: new ExchangeLog(), ownership });
    const listed = await api.listJobExecutions();
    if (listed.status !== 200) throw new TargetUnreachableError(`cannot list job executions: ${describeAnswer(listed)}`);
    const ours = jobExecutionsListedIn(listed).filter((je) => belongsToRun(je, runId));
    print(`${ours.length} job execution(s) of run ${runId} on ${config.baseUrl.origin}${dryRun ? ' (dry run: nothing deleted)' : ''}`);
    let failed = 0;
    for (const je of ours) {
      if (dryRun) {
        print(`  would delete ${je.id}`);
        continue;
      }
      // The run id marker is the proof of ownership the guard asks for.
      ownership.recordCreated(je.id);
      const removal = await removeJobExecution(api, je.id, je.is_protected === true);
      if (!removal.removed) failed += 1;
      print(removal.removed ? `  deleted ${je.id}` : `  COULD NOT DELETE ${je.id}: ${removal.detail}`);
    }
    // Then what the run made besides job executions (zero configuration), found by the run's name.
    if (config.profile !== 'mrs') failed += await cleanupRunResources(api, runId, dryRun, print, config.longDeleteTimeoutMs);
    return failed;
  } finally {
    http.close();
  }
}

/** The run's own job, job binary and internal binary (lib/target-fixtures/provisioning), found by their name; returns how many could not be removed. */
async function cleanupRunResources(api: JobExecutionApi, runId: string, dryRun: boolean, print: (line: string) => void, patienceMs: number): Promise<number> {
  const listed: { kind: ResourceKind; id: string }[] = [];
  for (const kind of RESOURCE_KINDS) {
    try {
      for (const id of await listedRunResources(api, kind, runId)) listed.push({ kind, id });
    } catch (e) {
      print(`  could not list the project's ${kind}s: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (listed.length === 0) return 0;
  print(`${listed.length} job/binary resource(s) of run ${runId}${dryRun ? ' (dry run: nothing deleted)' : ''}`);
  if (dryRun) {
    for (const r of listed) print(`  would delete ${r.kind} ${r.id}`);
    return 0;
  }
  const outcomes = await removeRunResources(api, runId, listed, patienceMs, (line) => print(`  ${line}`));
  for (const o of outcomes) print(o.outcome === 'removed' ? `  deleted ${o.kind} ${o.id}` : `  COULD NOT DELETE ${o.kind} ${o.id}: ${o.detail ?? 'still present'}`);
  return outcomes.filter((o) => o.outcome !== 'removed').length;
}
