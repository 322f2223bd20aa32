/**
 * Against a target that rate-limits or drops connections: every request, the DELETE under test
 * included, is sent again after a 429 (or a 503 with Retry-After) within a bounded budget, and is
 * inconclusive - never judged on the 429 - when the budget runs out; a request that meets a dead
 * kept-alive connection is sent again on a fresh one; a DELETE without a complete answer is
 * reported as ambiguous after reading the object back. A read used as
 * evidence that gets no answer is sent again, and ends ambiguous if it never gets one; a creation
 * that gets no answer is not sent again, and its test cannot start.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSuiteConfig, type SuiteConfig } from '../../lib/config';
import { loadContract } from '../../lib/contract/contract';
import { AmbiguousOutcome, PreconditionFailed, RetriesExhausted } from '../../lib/errors';
import { createJobExecutionOnTarget } from '../../lib/target-fixtures/fixture-strategies';
import { ExchangeLog } from '../../lib/client/exchange-log';
import { JobExecutionApi } from '../../lib/client/job-execution-api';
import { OwnershipRegistry } from '../../lib/client/ownership';
import { MAX_ATTEMPTS, MAX_WAIT_MS, notNowSignal, RetryBudget } from '../../lib/client/retry-after';
import { readWithEvidence } from '../../lib/assertions/waiters';
import { HttpTransport } from '../../lib/transport/http-transport';
import { seedEnvironment } from '../../mock/seed';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, count: Record<string, number>) => void;

async function withTarget(handler: Handler, run: (api: JobExecutionApi, count: Record<string, number>, ownership: OwnershipRegistry, config: SuiteConfig) => Promise<void>) {
  const count: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    count[req.method ?? ''] = (count[req.method ?? ''] ?? 0) + 1;
    handler(req, res, count);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const config = loadSuiteConfig({ ...seedEnvironment(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'sahara'), CONFORMANCE_REQUEST_TIMEOUT_MS: '1000' });
  const context = new HttpTransport(config.baseUrl, config.connection);
  try {
    const ownership = new OwnershipRegistry();
    await run(new JobExecutionApi({ http: context, config, contract: loadContract('sahara'), tenant: config.primary, log: new ExchangeLog(), ownership }), count, ownership, config);
  } finally {
    context.close();
    server.closeAllConnections();
    server.close();
  }
}

const jobExecution = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ job_execution: { id: 'x' } }));
};

test('Retry-After is read as seconds or an HTTP date; a 429 says "not now" even without it, a 503 only with it', () => {
  const now = Date.parse('2026-11-29T12:00:00Z');
  expect(notNowSignal(429, '1', now)).toEqual({ waitMs: 1000 });
  expect(notNowSignal(503, 'Sun, 29 Nov 2026 12:00:02 GMT', now)).toEqual({ waitMs: 2000 });
  expect(notNowSignal(429, undefined, now)).toEqual({ waitMs: 1000 });
  expect(notNowSignal(503, undefined, now)).toBeUndefined();
  expect(notNowSignal(500, '1', now)).toBeUndefined();
  expect(notNowSignal(429, 'soon', now)).toEqual({ waitMs: 1000 });
  expect(notNowSignal(429, String(MAX_WAIT_MS / 1000 + 1), now)).toEqual({ tooLong: `Retry-After: ${MAX_WAIT_MS / 1000 + 1}` });
});

test('the retry budget ends after MAX_ATTEMPTS attempts, or before the waits add up past MAX_WAIT_MS', () => {
  const byCount = new RetryBudget();
  for (let i = 1; i < MAX_ATTEMPTS; i++) expect(byCount.next({ waitMs: 0 })).toEqual({ waitMs: 0 });
  expect(byCount.next({ waitMs: 0 })).toEqual({ exhausted: `${MAX_ATTEMPTS} attempts in a row were answered so` });
  const byWait = new RetryBudget();
  expect(byWait.next({ waitMs: MAX_WAIT_MS - 1 })).toEqual({ waitMs: MAX_WAIT_MS - 1 });
  expect(byWait.next({ waitMs: 2 })).toHaveProperty('exhausted');
  expect(new RetryBudget().next({ tooLong: 'Retry-After: 3600' })).toHaveProperty('exhausted');
});

test('a read answered 429 with Retry-After: 1 is sent again after a second and succeeds', async () => {
  await withTarget(
    (_req, res, count) => {
      if ((count.GET ?? 0) === 1) {
        res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
        res.end('{"error_code":429,"error_name":"TOO_MANY","error_message":"slow down"}');
      } else jobExecution(res);
    },
    async (api, count) => {
      const started = Date.now();
      const read = await api.showJobExecution('x');
      expect(read.status).toBe(200);
      expect(count.GET).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    },
  );
});

test('a DELETE answered 429 with Retry-After is sent again, and the answer after it is the one judged', async () => {
  await withTarget(
    (req, res, count) => {
      if (req.method === 'DELETE' && count.DELETE === 1) {
        res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'application/json' });
        return res.end('{"error_code":429,"error_name":"TOO_MANY","error_message":"slow down"}');
      }
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"error_code":404,"error_name":"NOT_FOUND","error_message":"not found"}');
    },
    async (api, count, ownership, config) => {
      const log = new ExchangeLog();
      const counted = new JobExecutionApi({ http: new HttpTransport(config.baseUrl, config.connection), config, contract: loadContract('sahara'), tenant: config.primary, log, ownership });
      expect((await counted.deleteJobExecution(ownership.unknownId())).status).toBe(404);
      expect(count.DELETE).toBe(2);
      expect(log.noise).toEqual({ retries: 1, resends: 0 });
    },
  );
});

test('a DELETE that is answered 429 past the retry budget is inconclusive, never judged on the 429', async () => {
  await withTarget(
    (_req, res) => {
      res.writeHead(429, { 'Retry-After': '0', 'Content-Type': 'application/json' });
      res.end('{"error_code":429,"error_name":"TOO_MANY","error_message":"slow down"}');
    },
    async (api, count, ownership) => {
      const error = await api.deleteJobExecution(ownership.unknownId()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetriesExhausted);
      expect(error).toBeInstanceOf(AmbiguousOutcome);
      expect((error as Error).message).toMatch(/answered 429 \(Retry-After: 0\) and sent again 5 times over 0\.0 s, but 6 attempts in a row were answered so/);
      expect(count.DELETE).toBe(MAX_ATTEMPTS);
    },
  );
});

test('a POST that meets a kept-alive connection the server closed without saying so is sent again on a fresh one', async () => {
  await withTarget(
    (req, res) => {
      // Every answer ends its connection, without Connection: close.
      res.on('finish', () => res.socket?.destroy());
      if (req.method === 'POST') {
        res.writeHead(202, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ job_execution: { id: 'y' } }));
      }
      jobExecution(res);
    },
    async (_api, count, ownership, config) => {
      const log = new ExchangeLog();
      const http = new HttpTransport(config.baseUrl, config.connection);
      const api = new JobExecutionApi({ http, config, contract: loadContract('sahara'), tenant: config.primary, log, ownership });
      try {
        for (let i = 0; i < 5; i++) {
          expect((await api.showJobExecution('x')).status).toBe(200);
          expect((await api.executeJob('j', {})).status).toBe(202);
        }
      } finally {
        http.close();
      }
      // Each request either found the connection gone in time (a new one), or met it dying and was sent again.
      expect(count.POST).toBe(5);
      expect(log.noise.retries).toBe(0);
    },
  );
});

test('a DELETE without a complete answer is ambiguous: read back, not resent', async () => {
  await withTarget(
    (req, res) => {
      if (req.method === 'DELETE') res.socket?.destroy();
      else jobExecution(res);
    },
    async (api, count, ownership) => {
      const error = await api.deleteJobExecution(ownership.unknownId()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmbiguousOutcome);
      expect((error as Error).message).toMatch(/no complete answer to DELETE .*; a read afterwards answered 200$/);
      expect(count.DELETE).toBe(1);
    },
  );
});

test('an evidence read that was never answered is sent again, and its second answer counts', async () => {
  await withTarget(
    (_req, res, count) => {
      if (count.GET === 1) return; // never answered: the client's 1 s timeout ends it
      jobExecution(res);
    },
    async (api, count) => {
      expect((await readWithEvidence(api, 'x', 3, 10)).status).toBe(200);
      expect(count.GET).toBe(2);
    },
  );
});

test('an evidence read that is never answered is ambiguous, not a failure', async () => {
  await withTarget(
    (_req, res) => res.socket?.destroy(),
    async (api, count) => {
      const error = await readWithEvidence(api, 'x', 2, 10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AmbiguousOutcome);
      expect((error as Error).message).toMatch(/^reading x 2 times: the last attempt got no answer \(.*\); what exists cannot be told$/);
      // The client sends a read once more on a reset kept-alive connection; the evidence reader twice.
      expect(count.GET).toBeGreaterThanOrEqual(2);
    },
  );
});

test('a fixture creation that gets no answer is not sent again: the test cannot start, and the sweep is named', async () => {
  await withTarget(
    (req, res) => {
      if (req.method !== 'POST') jobExecution(res);
    },
    async (api, count, _ownership, config) => {
      const error = await createJobExecutionOnTarget(api, config, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailed);
      expect((error as Error).message).toMatch(/^no answer to POST \.\.\.\/jobs\/\{job_id\}\/execute \(.*Timeout 1000ms exceeded.*\); /);
      expect((error as Error).message).toContain(`npx sahara-conformance cleanup ${config.runId}\``);
      expect(count.POST).toBe(1);
    },
  );
});
