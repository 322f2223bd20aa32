/**
 * An id the target hands back goes into the next request's path; `..` there would be normalised
 * away (`/v1.1/p/job-executions/..` is `/v1.1/p/`) and send the DELETE elsewhere. A proxy in
 * front of the mock answers `..` as the id of a new job execution: no DELETE may leave
 * `/v1.1/<project>/job-executions/<one segment>`, and the run says which id it refused.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

const HOSTILE_ID = '..';

interface HostileProxy {
  url: string;
  /** Every request as the proxy received it: method and raw path. */
  seen: { method: string; path: string }[];
  close(): Promise<void>;
}

/**
 * Forwards everything to the mock; the answers to execute, from the `spare`-th on, carry
 * HOSTILE_ID. It plays along: what reaches the path `..` normalises to (`/v1.1/<project>/`) is
 * answered for the job execution it hid, so a client that sends `..` gets as far as its DELETE.
 */
async function hostileProxy(mock: RunningMock, spare: number): Promise<HostileProxy> {
  const target = new URL(mock.baseUrl);
  const seen: HostileProxy['seen'] = [];
  let executes = 0;
  let hidden: string | undefined;
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: target.host };
      delete headers['accept-encoding'];
      const normalisedAway = hidden !== undefined && /^\/v1\.1\/[^/]+\/?$/.test(req.url ?? '');
      const path = normalisedAway ? `${(req.url ?? '').replace(/\/$/, '')}/job-executions/${hidden}` : req.url;
      const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          let payload = Buffer.concat(body);
          const execute = req.method === 'POST' && /\/jobs\/[^/]+\/execute$/.test(req.url ?? '') && executes++ >= spare;
          if ((execute || normalisedAway) && payload.length > 0) {
            const json = JSON.parse(payload.toString('utf8')) as { job_execution?: { id?: string } };
            if (execute) hidden = json.job_execution?.id;
            if (json.job_execution) json.job_execution.id = HOSTILE_ID;
            payload = Buffer.from(JSON.stringify(json));
          }
          const out: http.OutgoingHttpHeaders = { ...answer.headers, 'content-length': String(payload.length) };
          for (const hop of ['transfer-encoding', 'connection', 'keep-alive']) delete out[hop];
          res.writeHead(answer.statusCode ?? 502, out);
          res.end(payload);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A DELETE stays on one job execution of the run's project. */
function escapedDeletes(seen: HostileProxy['seen']): string[] {
  const onOneJobExecution = new RegExp(`^/v1\\.1/${SEED_PROJECTS.a.projectId}/job-executions/([^/?#]+)$`);
  return seen
    .filter((r) => r.method === 'DELETE')
    .map((r) => r.path)
    .filter((path) => {
      const segment = onOneJobExecution.exec(path)?.[1];
      return !segment || /^(\.|%2e){1,2}$/i.test(segment);
    });
}

async function runBehindHostileProxy(spare: number) {
  const mock = await startMockServer();
  const proxy = await hostileProxy(mock, spare);
  try {
    const run = await runConformanceSuite(seedEnvironment(proxy.url, 'sahara'), ['--grep', '@JEX-AUTH-001']);
    return { run, seen: proxy.seen };
  } finally {
    await proxy.close();
    await mock.close();
  }
}

test('a target that answers ".." as the id of the run\'s canary stops the run with one line naming the id, and no DELETE leaves its job execution', async () => {
  const { run, seen } = await runBehindHostileProxy(0);
  expect(escapedDeletes(seen), run.output).toEqual([]);
  expect(run.output).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(run.exitCode, run.output).toBe(3);
  const lines = run.output.trim().split('\n').filter((l) => l.trim());
  expect(lines, run.output).toHaveLength(1);
  expect(lines[0]).toMatch(/^conformance: the target would not create the run's canary job execution.*job execution id "\.\." .*not a single path segment/);
});

test('a target that answers ".." as the id of a test\'s fixture gets that test skipped with the id as its reason, and no DELETE leaves its job execution', async () => {
  const { run, seen } = await runBehindHostileProxy(1);
  expect(escapedDeletes(seen), run.output).toEqual([]);
  expect(run.output).not.toMatch(/\bat .*\.(ts|js):\d+/);
  const outcome = run.report?.requirements.find((r) => r.id === 'JEX-AUTH-001');
  expect(outcome?.outcome, run.output).toBe('skipped');
  expect(outcome?.reason).toMatch(/job execution id "\.\." .*not a single path segment/);
});
