/**
 * The mock as the load test meets it: the standard mock (mock/server.ts) holding PRELOAD job
 * executions of project A, created through the store before the first request, whose ids go to
 * IDS_FILE (one a line) so that every DELETE of the load test can name one that still exists.
 * `node --require tsx/cjs bench/servers/loaded-mock.ts PRELOAD IDS_FILE`; stops on SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { SEED_PROJECTS } from '../../mock/seed';
import { startMockServer } from '../../mock/server';

async function main(preload: number, idsFile: string): Promise<void> {
  const mock = await startMockServer();
  const { projectId, jobId, clusterId } = SEED_PROJECTS.a;
  const ids: string[] = [];
  for (let i = 0; i < preload; i += 1) {
    const record = mock.store.createJobExecution({
      tenantId: projectId,
      jobId,
      clusterId,
      inputId: null,
      outputId: null,
      jobConfigs: { configs: {}, args: [], params: {} },
      isPublic: false,
      isProtected: false,
    });
    ids.push(record.id);
  }
  writeFileSync(idsFile, `${ids.join('\n')}\n`);
  process.stdout.write(`mock listening on ${mock.baseUrl}\n`);
  process.on('SIGTERM', () => void mock.close().then(() => process.exit(0)));
}

void main(Number(process.argv[2] ?? 0), process.argv[3] ?? '/dev/null');
