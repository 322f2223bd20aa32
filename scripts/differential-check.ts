/**
 * Mock versus real Sahara: the same sequence of requests to the mock (--quirks sahara16) and to a
 * real deployment, compared step by step on status, error-body shape and error_name. Any
 * difference is printed side by side and fails the check (exit 1): the mock must answer as Sahara.
 *
 *   npx tsx scripts/differential-check.ts reference-target/var/conformance.env
 */
import { environmentWith, loadSuiteConfig, readEnvironment, type SuiteConfig } from '../lib/config';
import { loadContract } from '../lib/contract/contract';
import { ExchangeLog } from '../lib/client/exchange-log';
import type { CheckedResponse } from '../lib/client/checked-response';
import { JobExecutionApi } from '../lib/client/job-execution-api';
import { OwnershipRegistry } from '../lib/client/ownership';
import { waitUntilGone } from '../lib/assertions/waiters';
import { JobExecutionFactory } from '../lib/target-fixtures/job-execution-factory';
import { resolvedSuiteConfig } from '../lib/run/resolve-credentials';
import { HttpTransport } from '../lib/transport/http-transport';
import { seedEnvironment } from '../mock/seed';
import { startMockServer } from '../mock/server';

interface Observation {
  status: number;
  shape: string;
  errorName?: string;
}

/** Which of the known body shapes an answer has (docs/real-sahara.md lists four, MRS one more). */
function shapeOf(r: CheckedResponse): string {
  const body = r.json as Record<string, unknown> | undefined;
  if (r.body.length === 0) return 'empty';
  if (/html/.test(r.headers['content-type'] ?? '')) return 'html';
  if (!body || typeof body !== 'object') return 'non-object';
  if ('job_execution' in body) return 'job-execution';
  if ('job_executions' in body) return 'list';
  if (typeof body.error_code === 'number' && 'error_name' in body) return 'sahara-envelope';
  if (typeof body.error === 'number') return 'routing-envelope';
  if (body.error && typeof body.error === 'object') return 'keystone-envelope';
  if (typeof body.code === 'string' && 'message' in body) return 'tenant-mismatch';
  if (typeof body.error_code === 'string') return 'mrs-envelope';
  return 'other';
}

const observe = (r: CheckedResponse): Observation => ({ status: r.status, shape: shapeOf(r), errorName: (r.json as { error_name?: string } | undefined)?.error_name });

async function runSequence(config: SuiteConfig): Promise<Map<string, Observation>> {
  const http = new HttpTransport(config.baseUrl, config.connection);
  const contract = loadContract('sahara');
  const ownership = new OwnershipRegistry();
  const log = new ExchangeLog();
  const api = new JobExecutionApi({ http, config, contract, tenant: config.primary, log, ownership, otherProjectToken: config.other?.token });
  const other = config.other ? new JobExecutionApi({ http, config, contract, tenant: config.other, log, ownership, otherProjectToken: config.primary.token }) : undefined;
  const factory = new JobExecutionFactory(api, config, ownership);
  const steps = new Map<string, Observation>();
  const step = async (name: string, send: () => Promise<CheckedResponse>) => steps.set(name, observe(await send()));
  try {
    const { id } = await factory.create();
    await step('read', () => api.showJobExecution(id));
    await step('delete', () => api.deleteJobExecution(id));
    const watch = await waitUntilGone(api, id, config.deleteTimeoutMs, config.pollIntervalMs);
    steps.set('read until gone', watch.lastAnswer ? observe(watch.lastAnswer) : { status: 0, shape: 'no answer' });
    await step('delete again', () => api.deleteJobExecution(id));
    await step('delete unknown id', () => api.deleteJobExecution(ownership.unknownId()));
    await step('delete "abc"', () => api.deleteJobExecution(ownership.probeId('abc')));
    const target = (await factory.create()).id;
    await step('delete, no token', () => api.deleteJobExecution(target, { credentials: 'none' }));
    await step('delete, forged token', () => api.deleteJobExecution(target, { credentials: 'invalid' }));
    await step('delete, other project token', () => api.deleteJobExecution(target, { credentials: 'other-project' }));
    if (other) {
      await step('other tenant deletes private', () => other.deleteJobExecution(target));
      await step('make public', () => api.updateJobExecution(target, { is_public: true }));
      await step('other tenant deletes public', () => other.deleteJobExecution(target));
    }
    await step('make protected', () => api.updateJobExecution(target, { is_protected: true }));
    await step('delete protected', () => api.deleteJobExecution(target));
    await step('unprotect', () => api.updateJobExecution(target, { is_protected: false }));
    await step('PUT', () => api.sendUnsupportedMethod('PUT', target));
    await step('POST', () => api.sendUnsupportedMethod('POST', target));
    await step('delete unprotected', () => api.deleteJobExecution(target));
  } finally {
    await factory.cleanup();
    http.close();
  }
  return steps;
}

const show = (o?: Observation) => (o ? `${o.status} ${o.shape}${o.errorName ? ` ${o.errorName}` : ''}` : '-');

async function main(): Promise<void> {
  const envFile = process.argv[2];
  if (!envFile) {
    process.stderr.write('usage: differential-check ENV_FILE (the real target, e.g. reference-target/var/conformance.env)\n');
    process.exit(3);
  }
  const realConfig = await resolvedSuiteConfig(readEnvironment(environmentWith({ CONFORMANCE_ENV_FILE: envFile })));
  const mock = await startMockServer({ quirks: new Set(['sahara16']) });
  try {
    const mockConfig = loadSuiteConfig({ ...seedEnvironment(mock.baseUrl, 'sahara'), CONFORMANCE_DELETE_TIMEOUT_MS: '10000' });
    const [fromMock, fromReal] = [await runSequence(mockConfig), await runSequence(realConfig)];
    let differences = 0;
    const rows = [...new Set([...fromReal.keys(), ...fromMock.keys()])].map((name) => {
      const [m, r] = [fromMock.get(name), fromReal.get(name)];
      const same = show(m) === show(r);
      if (!same) differences += 1;
      return `${same ? '  ' : '!!'} ${name.padEnd(30)} ${show(m).padEnd(34)} ${show(r)}`;
    });
    process.stdout.write([`   ${'step'.padEnd(30)} ${'mock (sahara16)'.padEnd(34)} real target`, ...rows, '', `${differences} difference(s) in ${rows.length} steps`, ''].join('\n'));
    process.exitCode = differences === 0 ? 0 : 1;
  } finally {
    await mock.close();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`differential-check: ${e.message.split('\n')[0]}\n`);
  process.exit(3);
});
