/**
 * The one test of the floor: BENCH_FLOOR_CONNECTIONS requests on a fresh connection each (as the
 * suite's wire-level DELETEs are), the rest of BENCH_FLOOR_REQUESTS through Playwright's request
 * API (as the suite's other requests are), one after another.
 */
import { test, expect } from '@playwright/test';
import { connect } from 'node:net';

function roundTripOnFreshConnection(url: URL): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.end(`GET /fresh HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', () => undefined);
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

test('the floor: one API test making the suite\'s number of loopback round trips', async ({ request }) => {
  const url = new URL(process.env.BENCH_FLOOR_URL ?? '');
  const total = Number(process.env.BENCH_FLOOR_REQUESTS ?? 1);
  const fresh = Math.min(total, Number(process.env.BENCH_FLOOR_CONNECTIONS ?? 0));
  for (let i = 0; i < fresh; i += 1) await roundTripOnFreshConnection(url);
  for (let i = fresh; i < total; i += 1) expect((await request.get(`${url.origin}/kept-alive`)).status()).toBe(204);
});
