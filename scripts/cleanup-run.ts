/**
 * Removes what an earlier run left behind on a target - only that: job executions whose
 * job_configs.params.conformance_run_id (Sahara fixtures) or job name (MRS fixtures) carry the
 * given run id. With --dry-run it lists them and deletes nothing.
 *
 *   npx tsx scripts/cleanup-run.ts RUN_ID [--dry-run]      (target from the environment / .env)
 */
import { loadSuiteConfig, readEnvironment } from '../lib/config';
import { loadContract } from '../lib/contract/contract';
import { ExchangeLog } from '../lib/client/exchange-log';
import { describeAnswer } from '../lib/client/expectations';
import { JobExecutionApi } from '../lib/client/job-execution-api';
import { OwnershipRegistry } from '../lib/client/ownership';
import { SuiteConfigError, TargetUnreachableError } from '../lib/errors';
import { resolveCredentials } from '../lib/run/resolve-credentials';
import { HttpTransport } from '../lib/transport/http-transport';

interface Listed {
  id: string;
  job_name?: string;
  is_protected?: boolean;
  job_configs?: { params?: Record<string, unknown> } | null;
}

/** The fixture strategies mark their job executions with the run id (lib/fixtures/fixture-strategies.ts). */
export function belongsToRun(je: Listed, runId: string): boolean {
  if (je.job_configs && typeof je.job_configs === 'object' && je.job_configs.params?.conformance_run_id === runId) return true;
  const mrsName = `conformance-${runId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
  return je.job_name === mrsName;
}

async function main(): Promise<void> {
  const [runId, flag] = process.argv.slice(2);
  if (!runId || (flag !== undefined && flag !== '--dry-run')) throw new SuiteConfigError('usage: cleanup-run RUN_ID [--dry-run]');
  await resolveCredentials(readEnvironment(), 15_000);
  const config = loadSuiteConfig();
  // The suite's own transport: proxies, TLS and no redirects as in a run.
  const http = new HttpTransport(config.baseUrl, config.insecureTls);
  try {
    const ownership = new OwnershipRegistry();
    const api = new JobExecutionApi(http, config, loadContract(config.profile), config.primary, new ExchangeLog(), ownership);
    const listed = await api.listJobExecutions();
    if (listed.status !== 200) throw new TargetUnreachableError(`cannot list job executions: ${describeAnswer(listed)}`);
    const ours = ((listed.json as { job_executions?: Listed[] }).job_executions ?? []).filter((je) => belongsToRun(je, runId));
    process.stdout.write(`${ours.length} job execution(s) of run ${runId} on ${config.baseUrl.origin}${flag ? ' (dry run: nothing deleted)' : ''}\n`);
    let failed = 0;
    for (const je of ours) {
      if (flag) {
        process.stdout.write(`  would delete ${je.id}\n`);
        continue;
      }
      // The run id marker is the proof of ownership the guard asks for.
      ownership.recordCreated(je.id);
      if (je.is_protected) await api.updateJobExecution(je.id, { is_protected: false });
      const deleted = await api.deleteJobExecution(je.id);
      const ok = deleted.status === 204 || deleted.status === 404;
      if (!ok) failed += 1;
      process.stdout.write(`  ${ok ? 'deleted' : 'COULD NOT DELETE'} ${je.id}${ok ? '' : `: ${describeAnswer(deleted)}`}\n`);
    }
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    http.close();
  }
}

// Piped into `head` or a pager that quits early: the reader is gone, which is no error of ours,
// and the deletions go on unlisted.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

main().catch((e: Error) => {
  process.stderr.write(`cleanup-run: ${e.message.split('\n')[0]}\n`);
  process.exit(3);
});
