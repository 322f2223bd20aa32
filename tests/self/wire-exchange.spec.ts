/**
 * The raw-socket exchange used for the DELETE under test, against servers that write exact bytes:
 * it must survive Sahara's chunked 204 and see bytes a parser would drop.
 */
import { expect, test } from '@playwright/test';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { createDeflate, createDeflateRaw, createGzip, gzipSync } from 'node:zlib';
import { decodeContent } from '../../lib/transport/content-coding';
import { DEFAULT_MAX_BODY_BYTES, MAX_DECODED_BYTES, MAX_HEAD_BYTES, MAX_HEADER_LINES } from '../../lib/transport/limits';
import { exchangeOnFreshConnection, WireError } from '../../lib/transport/wire-exchange';
import { HttpTransport } from '../../lib/transport/http-transport';
import { LostAnswer } from '../../lib/transport/lost-answer';

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

test('both transports say "lost answer" by type: a deadline or a connection that breaks under the request, never a refused connection', async () => {
  const silent = await rawServer(() => undefined);
  const hangUp = await rawServer((s) => s.destroy());
  const refused = new URL('http://127.0.0.1:9/x');
  const viaHttp = (url: URL) => {
    const transport = new HttpTransport(url, { insecure: false });
    return transport.send({ method: 'GET', url, headers: {}, timeoutMs: 300, maxBodyBytes: 1024 }).finally(() => transport.close()).catch((e: unknown) => e);
  };
  const viaWire = (url: URL) => exchangeOnFreshConnection({ method: 'DELETE', url, headers: {}, timeoutMs: 300, graceMs: 50 }).catch((e: unknown) => e);
  try {
    for (const send of [viaHttp, viaWire]) {
      const [timedOut, broke, notConnected] = [await send(silent.url), await send(hangUp.url), await send(refused)];
      expect([timedOut, broke].map((e) => e instanceof LostAnswer && e.how)).toEqual(['timed-out', 'connection-broke']);
      expect(notConnected).toBeInstanceOf(Error);
      expect(notConnected).not.toBeInstanceOf(LostAnswer);
    }
  } finally {
    silent.close();
    hangUp.close();
  }
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

/** Writes `chunk` for as long as the peer takes it: a server that never ends what it started. */
function writeForever(socket: net.Socket, start: string, chunk: Buffer): void {
  socket.on('error', () => undefined);
  socket.write(start);
  const pump = () => {
    while (!socket.destroyed && socket.writable) {
      if (!socket.write(chunk)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

test('an endless response head is cut off at MAX_HEAD_BYTES, not buffered until the deadline', async () => {
  const server = await rawServer((s) => writeForever(s, 'HTTP/1.1 200 OK\r\nX: ', Buffer.alloc(16 * 1024, 'a')));
  try {
    const error = await exchangeOnFreshConnection({ method: 'DELETE', url: server.url, headers: {}, timeoutMs: 5000, graceMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect((error as Error).message).toBe(`response head larger than ${MAX_HEAD_BYTES} bytes (stopped reading)`);
    expect(MAX_HEAD_BYTES).toBe(64 * 1024);
  } finally {
    server.close();
  }
});

test('a response head with more than MAX_HEADER_LINES header lines is refused', async () => {
  const lines = Array.from({ length: 199 }, (_, i) => `X-Filler-${i}: v\r\n`).join('');
  const server = await rawServer((s) => s.end(`HTTP/1.1 200 OK\r\n${lines}Content-Length: 0\r\n\r\n`));
  try {
    const error = await exchange(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireError);
    expect((error as Error).message).toBe(`response head has 200 header lines (more than ${MAX_HEADER_LINES})`);
    expect(MAX_HEADER_LINES).toBe(128);
  } finally {
    server.close();
  }
});

test('an endless body is kept up to maxBodyBytes and answered as evidence, with bodyCapExceeded', async () => {
  const limit = 256 * 1024;
  const server = await rawServer((s) => writeForever(s, 'HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n', Buffer.alloc(16 * 1024, 'b')));
  try {
    const r = await exchangeOnFreshConnection({ method: 'DELETE', url: server.url, headers: {}, timeoutMs: 5000, graceMs: 100, maxBodyBytes: limit });
    expect(r.status).toBe(200);
    expect(r.bodyCapExceeded?.limit).toBe(limit);
    expect(r.bodyCapExceeded?.bytesSeen).toBeGreaterThan(limit);
    expect(r.body.length).toBeLessThanOrEqual(limit);
    expect(r.bytesAfterHead.length).toBeLessThanOrEqual(limit);
    expect(r.body.every((byte) => byte === 'b'.charCodeAt(0))).toBe(true);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
  } finally {
    server.close();
  }
});

/** A chunked message of `body` in chunks of varying size, some with extensions, ended by a trailer. */
function chunkedMessage(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0, i = 0; offset < body.length; i++) {
    const size = Math.min(1 + ((i * 37) % 61), body.length - offset);
    parts.push(Buffer.from(`${size.toString(16)}${i % 5 === 0 ? ';ext=1' : ''}\r\n`), body.subarray(offset, offset + size), Buffer.from('\r\n'));
    offset += size;
  }
  parts.push(Buffer.from('0\r\nX-Trailer: t\r\n\r\n'));
  return Buffer.concat(parts);
}

test('a chunked body dribbled one byte per write decodes to the bytes sent, as when sent in one write', async () => {
  test.setTimeout(60_000);
  const body = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7 + 3) % 256));
  const message = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), chunkedMessage(body)]);
  const dribbling = await rawServer((s) => {
    s.setNoDelay(true);
    s.on('error', () => undefined);
    let offset = 0;
    const next = () => {
      if (s.destroyed) return;
      if (offset === message.length) return void s.end();
      s.write(message.subarray(offset, ++offset));
      setImmediate(next);
    };
    next();
  });
  const whole = await rawServer((s) => s.end(message));
  try {
    // 20 000 writes of a byte, each after a turn of the event loop: with both cores busy that has taken over 5 s.
    const dribbled = await exchangeOnFreshConnection({ method: 'DELETE', url: dribbling.url, headers: {}, timeoutMs: 45_000, graceMs: 100 });
    const atOnce = await exchange(whole.url);
    expect(dribbled.body.equals(body)).toBe(true);
    expect(atOnce.body.equals(body)).toBe(true);
    expect(dribbled.bytesBeyondMessage).toBe(0);
    expect(atOnce.bytesBeyondMessage).toBe(0);
    expect(dribbled.bodyCapExceeded).toBeUndefined();
  } finally {
    dribbling.close();
    whole.close();
  }
});

/** A compressed stream of `bytes` zeros, built without holding the zeros in memory at once. */
async function compressedZeros(stream: Transform, bytes: number): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < bytes; written += block.length) {
    if (!stream.write(block)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'end');
  return Buffer.concat(out);
}

test('a decompression bomb is not inflated past the cap: the body comes back as received, capExceeded', async () => {
  const cap = 1024 * 1024;
  const bombs: Array<[string, Buffer]> = [
    ['gzip', await compressedZeros(createGzip({ level: 9 }), 50 * 1024 * 1024)],
    ['deflate', await compressedZeros(createDeflate({ level: 9 }), 50 * 1024 * 1024)],
    ['deflate', await compressedZeros(createDeflateRaw({ level: 9 }), 50 * 1024 * 1024)],
  ];
  for (const [coding, bomb] of bombs) {
    // Lengths and identity only: a failing matcher on a 50 MB buffer would print all of it.
    expect(decodeContent(bomb, coding).body.length).toBe(bomb.length);
    const capped = decodeContent(bomb, coding, cap);
    expect(capped.capExceeded).toBe(true);
    expect(capped.body === bomb).toBe(true);
  }
  const small = decodeContent(gzipSync(Buffer.from('{"ok":true}')), 'gzip', cap);
  expect(small).toEqual({ body: Buffer.from('{"ok":true}'), capExceeded: false });
  expect(MAX_DECODED_BYTES).toBe(1024 * 1024);
});
