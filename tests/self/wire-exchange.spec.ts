/**
 * The raw-socket exchange used for the DELETE under test, against servers that write exact bytes:
 * it must survive Sahara's chunked 204 and see bytes a parser would drop.
 */
import { expect, test } from '@playwright/test';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { exchangeOnFreshConnection, WireError } from '../../lib/transport/wire-exchange';

async function rawServer(reply: (socket: net.Socket) => void): Promise<{ url: URL; close: () => void }> {
  const server = net.createServer((socket) => socket.once('data', () => reply(socket)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.1/p/job-executions/x`), close: () => server.close() };
}

const exchange = (url: URL) => exchangeOnFreshConnection({ method: 'DELETE', url, headers: { 'X-Auth-Token': 'secret-token-123' }, timeoutMs: 2000, graceMs: 100 });

test("real Sahara's chunked 204 is read without error: empty body, framing visible", async () => {
  const server = await rawServer((s) => s.end('HTTP/1.1 204 NO CONTENT\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'));
  try {
    const r = await exchange(server.url);
    expect(r.status).toBe(204);
    expect(r.body.length).toBe(0);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.bytesAfterHead.toString()).toBe('0\r\n\r\n');
    expect(r.bytesBeyondMessage).toBe(0);
  } finally {
    server.close();
  }
});

test('bytes sent after a 204 head are the body the check must see', async () => {
  const server = await rawServer((s) => s.end('HTTP/1.1 204 No Content\r\n\r\n{"deleted":true}'));
  try {
    const r = await exchange(server.url);
    expect(r.status).toBe(204);
    expect(r.body.toString()).toBe('{"deleted":true}');
  } finally {
    server.close();
  }
});

test('a 204 on a connection the server keeps open still completes, after the grace period', async () => {
  const server = await rawServer((s) => s.write('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n'));
  try {
    const r = await exchange(server.url);
    expect(r.status).toBe(204);
    expect(r.body.length).toBe(0);
  } finally {
    server.close();
  }
});

test('bytes beyond a Content-Length body are counted, not swallowed', async () => {
  const server = await rawServer((s) => s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}EXTRA'));
  try {
    const r = await exchange(server.url);
    expect(r.body.toString()).toBe('{}');
    expect(r.bytesBeyondMessage).toBe(5);
  } finally {
    server.close();
  }
});

test('no answer and a refused connection are errors with one clear line', async () => {
  const silent = await rawServer(() => undefined);
  try {
    await expect(exchangeOnFreshConnection({ method: 'DELETE', url: silent.url, headers: {}, timeoutMs: 300, graceMs: 50 })).rejects.toThrow(/no complete response within 300 ms/);
  } finally {
    silent.close();
  }
  const error = await exchange(new URL('http://127.0.0.1:9/x')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WireError);
  expect((error as Error).message).toMatch(/ECONNREFUSED/);
});

test('the token sent never appears in the recorded response head', async () => {
  const server = await rawServer((s) => s.end('HTTP/1.1 404 Not Found\r\nX-Subject-Token: secret-token-123\r\nContent-Length: 0\r\n\r\n'));
  try {
    const r = await exchange(server.url);
    expect(r.rawHead).not.toContain('secret-token-123');
  } finally {
    server.close();
  }
});
