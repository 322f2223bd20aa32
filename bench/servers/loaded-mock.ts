/**
 * The mock as the load test meets it: the standard mock (mock/server.ts), plus a way for the
 * benchmark to have job executions of project A created through the store without a request,
 * so that every DELETE of the load test can name one that still exists: the parent sends
 * `{ create: N }` over the IPC channel and gets `{ ids, cpuMs }` back (cpuMs: what creating them cost).
 * `node --require tsx/cjs bench/servers/loaded-mock.ts` (with an IPC channel); stops on SIGTERM.
 */
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer } from '../../mock/server';

async function main(): Promise<void> {
  const mock = await startMockServer();
  const { projectId, jobId, clusterId } = SEED_PROJECTS.a;
  process.on('message', (message: { create?: number }) => {
    const started = process.cpuUsage();
    const ids: string[] = [];
    for (let i = 0; i < (message.create ?? 0); i += 1) {
      const fields = { tenantId: projectId, jobId, clusterId, inputId: null, outputId: null, jobConfigs: { configs: {}, args: [], params: {} }, isPublic: false, isProtected: false };
      ids.push(mock.store.createJobExecution(fields).id);
    }
    const { user, system } = process.cpuUsage(started);
    process.send?.({ ids, cpuMs: (user + system) / 1000 });
  });
  process.stdout.write(`mock listening on ${mock.baseUrl}\n`);
  process.on('SIGTERM', () => void mock.close().then(() => process.exit(0)));
}

void main();
