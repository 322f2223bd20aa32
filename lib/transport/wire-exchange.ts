/**
 * One HTTP/1.1 exchange on a fresh connection, read byte by byte. Used for the DELETE under test:
 * real Sahara frames its 204 with Transfer-Encoding: chunked, which makes node:http (and so
 * Playwright's request) throw, and an HTTP parser silently drops bytes sent after a 204 -
 * the very thing JEX-DEL-002 must see.
 */
import type net from 'node:net';
import { redactRawHead } from '../redact';
import { openConnection } from './connection';

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  /** How long to keep listening once the message looks complete, to catch trailing bytes. */
  graceMs: number;
  insecureTls?: boolean;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  rawHead: string;
  bytesAfterHead: Buffer;
  /** The body its framing delivers: decoded chunks, Content-Length bytes, or everything after the head. */
  body: Buffer;
  bytesBeyondMessage: number;
  durationMs: number;
}

export class WireError extends Error {
  override name = 'WireError';
  constructor(message: string, readonly partial: Buffer) {
    super(message);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** The head as given, in its order; Connection: close and the body's length unless the caller set them. */
function serialiseRequest(req: WireRequest): Buffer {
  const target = `${req.url.pathname}${req.url.search}`;
  const has = (name: string) => Object.keys(req.headers).some((h) => h.toLowerCase() === name);
  const lines = [`${req.method} ${target} HTTP/1.1`, `Host: ${req.url.host}`];
  if (!has('connection')) lines.push('Connection: close');
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  if (req.body && !has('content-length')) lines.push(`Content-Length: ${req.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), req.body ?? Buffer.alloc(0)]);
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  if (!match) throw new WireError(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`, Buffer.from(head));
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), headers };
}

/** Decodes a chunked body; returns undefined while the terminating chunk has not arrived. */
function decodeChunked(bytes: Buffer): { body: Buffer; consumed: number } | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = parseInt(bytes.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (Number.isNaN(size)) return { body: Buffer.concat(parts), consumed: offset };
    offset = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = bytes.indexOf('\r\n', offset);
      if (trailerEnd < 0) return undefined;
      // Trailers are skipped up to the empty line that ends the message.
      let cursor = offset;
      while (cursor < bytes.length) {
        const end = bytes.indexOf('\r\n', cursor);
        if (end < 0) return undefined;
        if (end === cursor) return { body: Buffer.concat(parts), consumed: end + 2 };
        cursor = end + 2;
      }
      return undefined;
    }
    if (bytes.length < offset + size + 2) return undefined;
    parts.push(bytes.subarray(offset, offset + size));
    offset += size + 2;
  }
}

/** Splits what arrived after the head into the message body and whatever came beyond it. */
function frameBody(headers: Record<string, string>, after: Buffer, complete: boolean): { body: Buffer; beyond: number; done: boolean } {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = decodeChunked(after);
    if (!decoded) return { body: after, beyond: 0, done: false };
    return { body: decoded.body, beyond: after.length - decoded.consumed, done: true };
  }
  const declared = headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared.trim())) {
    const length = Number(declared.trim());
    if (after.length < length) return { body: after, beyond: 0, done: false };
    return { body: after.subarray(0, length), beyond: after.length - length, done: true };
  }
  // No framing: the body runs to the close of the connection (and for a 204 every such byte is a body).
  return { body: after, beyond: 0, done: complete };
}

async function connectWithin(req: WireRequest): Promise<net.Socket> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${req.timeoutMs} ms`)), req.timeoutMs);
  });
  try {
    return await Promise.race([openConnection(req.url, req.insecureTls), timeout]);
  } catch (e) {
    throw new WireError(`${req.method} ${req.url.host}: ${(e as Error).message}`, Buffer.alloc(0));
  } finally {
    clearTimeout(timer);
  }
}

export async function exchangeOnFreshConnection(req: WireRequest): Promise<WireResponse> {
  const started = performance.now();
  const socket = await connectWithin(req);
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const finish = (closed: boolean) => {
      if (settled) return;
      const all = Buffer.concat(received);
      const headEnd = all.indexOf(HEAD_END);
      if (headEnd < 0) {
        if (closed) fail(new WireError(`connection closed after ${all.length} bytes, before a complete response head`, all));
        return;
      }
      const rawHead = all.subarray(0, headEnd).toString('latin1');
      const after = all.subarray(headEnd + 4);
      let parsed: ReturnType<typeof parseHead>;
      try {
        parsed = parseHead(rawHead);
      } catch (e) {
        fail(e as Error);
        return;
      }
      const framed = frameBody(parsed.headers, after, closed);
      if (!closed) {
        // The message looks complete: listen a little longer for bytes sent beyond it.
        if (framed.done && !graceTimer) graceTimer = setTimeout(() => finish(true), req.graceMs);
        if (!framed.done && parsed.status === 204 && !graceTimer) graceTimer = setTimeout(() => finish(true), req.graceMs);
        return;
      }
      settled = true;
      clearTimeout(deadline);
      clearTimeout(graceTimer);
      socket.destroy();
      resolve({
        status: parsed.status,
        headers: parsed.headers,
        rawHead: redactRawHead(rawHead),
        bytesAfterHead: after,
        body: framed.body,
        bytesBeyondMessage: framed.beyond,
        durationMs: performance.now() - started,
      });
    };
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(graceTimer);
      socket.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new WireError(`no complete response within ${req.timeoutMs} ms`, Buffer.concat(received))),
      req.timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (e) => {
      // A reset after a complete head still leaves a response to judge.
      if (Buffer.concat(received).includes(HEAD_END)) finish(true);
      else fail(new WireError(`${req.method} ${req.url.host}: ${e.message}`, Buffer.concat(received)));
    });
    socket.write(serialiseRequest(req));
  });
}
