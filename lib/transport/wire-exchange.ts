/**
 * One HTTP/1.1 exchange on a fresh connection, read byte by byte. Used for the DELETE under test:
 * real Sahara frames its 204 with Transfer-Encoding: chunked, which makes node:http (and so
 * Playwright's request) throw, and an HTTP parser silently drops bytes sent after a 204 -
 * the very thing JEX-DEL-002 must see.
 *
 * The server may be hostile, so reading is bounded and linear: the head may take MAX_HEAD_BYTES
 * and MAX_HEADER_LINES, the bytes after it maxBodyBytes, and each received byte is copied a
 * bounded number of times and parsed once, however the server splits its writes.
 */
import type net from 'node:net';
import { redactRawHead } from '../redact';
import { openConnection, type ConnectionPolicy } from './connection';
import { DEFAULT_MAX_BODY_BYTES, MAX_HEAD_BYTES, MAX_HEADER_LINES } from './limits';
import { ByteBuffer, frameBody, framingOf, indexOfNew, type Framing } from './message-framing';
import { brokeInFlight, LostAnswer } from './lost-answer';

export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  /**
   * How long to keep listening once a success (2xx) looks complete, to catch trailing bytes; an
   * error answer is complete when its framing says so (no check judges bytes after a refusal).
   */
  graceMs: number;
  /** Through which proxy, and which certificates an https target may present (default: direct, Node's trust store). */
  connection?: ConnectionPolicy;
  /** The most bytes kept after the head (default DEFAULT_MAX_BODY_BYTES); see WireResponse.bodyCapExceeded. */
  maxBodyBytes?: number;
  /** Send the headers exactly as given (a real client's head): no Connection: close is added. */
  headAsGiven?: boolean;
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
  /**
   * Set when more than maxBodyBytes arrived after the head. Reading stopped at once and the
   * response is what was kept, as evidence: bytesAfterHead is the first `limit` bytes, framed as
   * far as they go (an unfinished chunked or Content-Length body is those raw bytes, as when the
   * connection closes early; bytesBeyondMessage counts within them). bytesSeen is how many bytes
   * after the head had arrived when reading stopped.
   */
  bodyCapExceeded?: { limit: number; bytesSeen: number };
}

export class WireError extends Error {
  override name = 'WireError';
  constructor(message: string, readonly partial: Buffer) {
    super(message);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** True once the head can no longer end within MAX_HEAD_BYTES: it has not ended in that many bytes, or ended past them. */
function headTooLarge(received: number, headEnd: number): boolean {
  return headEnd < 0 ? received >= MAX_HEAD_BYTES : headEnd + HEAD_END.length > MAX_HEAD_BYTES;
}

/**
 * The head as given, in its order; the body's length unless the caller set it, and Connection:
 * close unless the caller set a Connection or asked for the head exactly as given (a client's own).
 */
function serialiseRequest(req: WireRequest): Buffer {
  const target = `${req.url.pathname}${req.url.search}`;
  const has = (name: string) => Object.keys(req.headers).some((h) => h.toLowerCase() === name);
  const lines = [`${req.method} ${target} HTTP/1.1`, `Host: ${req.url.host}`];
  if (!has('connection') && !req.headAsGiven) lines.push('Connection: close');
  for (const [name, value] of Object.entries(req.headers)) lines.push(`${name}: ${value}`);
  if (req.body && !has('content-length')) lines.push(`Content-Length: ${req.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), req.body ?? Buffer.alloc(0)]);
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine);
  if (!match) throw new WireError(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 80))}`, Buffer.from(head));
  if (headerLines.length > MAX_HEADER_LINES) {
    throw new WireError(`response head has ${headerLines.length} header lines (more than ${MAX_HEADER_LINES})`, Buffer.from(head, 'latin1'));
  }
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

async function connectWithin(req: WireRequest): Promise<net.Socket> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${req.timeoutMs} ms`)), req.timeoutMs);
  });
  try {
    return await Promise.race([openConnection(req.url, req.connection), timeout]);
  } catch (e) {
    throw new WireError(`${req.method} ${req.url.host}: ${(e as Error).message}`, Buffer.alloc(0));
  } finally {
    clearTimeout(timer);
  }
}

/** How a raw exchange used its connection: fresh, or after an earlier exchange on the same socket. */
export type ConnectionUse =
  | { mode: 'fresh' }
  | { mode: 'reused'; afterStatus: number }
  /** Asked to reuse, but the server ended the connection after the first answer (said so, or closed it). */
  | { mode: 'fresh-after-close'; afterStatus: number; why: string };

/** An answer read on a connection that stays open for the next exchange. */
interface KeptAnswer {
  status: number;
  /** Why the connection cannot carry another request, or undefined when it can. */
  ended?: string;
  /** Bytes the server sent beyond this answer: a client reads them as the start of the next one. */
  leftover: Buffer;
}

/**
 * Reads one answer from `socket`. `keep`: stop as soon as the message is complete, leave the
 * socket open and hand back what followed; otherwise listen a grace period for trailing bytes,
 * then close. `initial`: bytes already received (the leftover of an earlier answer).
 */
function readAnswer(socket: net.Socket, req: WireRequest, started: number, keep: true, initial?: Buffer): Promise<KeptAnswer>;
function readAnswer(socket: net.Socket, req: WireRequest, started: number, keep: false, initial?: Buffer): Promise<WireResponse>;
function readAnswer(socket: net.Socket, req: WireRequest, started: number, keep: boolean, initial?: Buffer): Promise<WireResponse | KeptAnswer> {
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return new Promise((resolve, reject) => {
    const received = new ByteBuffer();
    /** Known once the head has ended: parsed once, never again. */
    let head: { rawHead: string; bodyStart: number; parsed: ReturnType<typeof parseHead>; framing: Framing } | undefined;
    let headSearchedTo = 0;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let serverEnded = false;

    const detach = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
    };
    const stop = (destroy: boolean) => {
      settled = true;
      clearTimeout(deadline);
      clearTimeout(graceTimer);
      detach();
      if (destroy) socket.destroy();
    };
    const fail = (error: Error) => {
      if (settled) return;
      stop(true);
      reject(error);
    };
    /** Looks for the end of the head in the bytes that are new; parses the head once it has ended. */
    const readHead = () => {
      const headEnd = indexOfNew(received.view(), HEAD_END, headSearchedTo);
      headSearchedTo = received.length;
      if (headTooLarge(received.length, headEnd)) {
        fail(new WireError(`response head larger than ${MAX_HEAD_BYTES} bytes (stopped reading)`, received.copy(0, MAX_HEAD_BYTES)));
        return;
      }
      if (headEnd < 0) return;
      const rawHead = received.view(0, headEnd).toString('latin1');
      try {
        const parsed = parseHead(rawHead);
        head = { rawHead, bodyStart: headEnd + HEAD_END.length, parsed, framing: framingOf(parsed.headers) };
      } catch (e) {
        fail(e as Error);
      }
    };
    const respond = (bodyCapExceeded?: WireResponse['bodyCapExceeded']) => {
      if (settled || !head) return;
      stop(true);
      const after = received.copy(head.bodyStart);
      const framed = frameBody(head.framing, after, true);
      resolve({
        status: head.parsed.status,
        headers: head.parsed.headers,
        rawHead: redactRawHead(head.rawHead),
        bytesAfterHead: after,
        body: framed.body,
        bytesBeyondMessage: framed.beyond,
        durationMs: performance.now() - started,
        ...(bodyCapExceeded ? { bodyCapExceeded } : {}),
      });
    };
    /** The first answer of a kept connection is complete: hand the socket back for the next request. */
    const handBack = (framedLength: number) => {
      if (settled || !head) return;
      stop(false);
      const said = head.parsed.headers['connection']?.toLowerCase() ?? '';
      const http10 = /^HTTP\/1\.0/.test(head.rawHead);
      const ended =
        /\bclose\b/.test(said) ? 'it answered with Connection: close'
        : http10 && !/keep-alive/.test(said) ? 'it answered in HTTP/1.0 without keep-alive'
        : serverEnded || socket.destroyed || socket.readableEnded ? 'it closed the connection after its answer without saying so'
        : undefined;
      resolve({ status: head.parsed.status, ended, leftover: received.copy(head.bodyStart + framedLength) });
    };
    const finish = (closed: boolean) => {
      if (settled) return;
      if (closed) serverEnded = true;
      if (!head) {
        if (closed) fail(new LostAnswer(`connection closed after ${received.length} bytes, before a complete response head`, 'connection-broke', received.copy()));
        return;
      }
      if (keep) {
        const framed = frameBody(head.framing, received.view(head.bodyStart), closed);
        if (framed.done || closed) handBack(received.length - head.bodyStart - framed.beyond);
        return;
      }
      if (closed) {
        respond();
        return;
      }
      const framed = frameBody(head.framing, received.view(head.bodyStart), false);
      // The message looks complete: listen a little longer for bytes sent beyond it.
      const graceMs = head.parsed.status >= 200 && head.parsed.status < 300 ? req.graceMs : 0;
      if (framed.done && !graceTimer) graceTimer = setTimeout(() => finish(true), graceMs);
      if (!framed.done && head.parsed.status === 204 && !graceTimer) graceTimer = setTimeout(() => finish(true), req.graceMs);
    };
    const deadline = setTimeout(
      () => fail(new LostAnswer(`no complete response within ${req.timeoutMs} ms`, 'timed-out', received.copy())),
      req.timeoutMs,
    );
    const take = (chunk: Buffer) => {
      if (settled) return;
      received.append(chunk);
      if (!head) readHead();
      if (settled || !head) return;
      const bytesSeen = received.length - head.bodyStart;
      if (bytesSeen > maxBodyBytes) {
        // Too much to keep: what arrived up to the cap is the evidence, and nothing more is read.
        if (keep) return fail(new WireError(`more than ${maxBodyBytes} bytes after the head of the first answer on the connection`, received.copy(0, MAX_HEAD_BYTES)));
        received.truncate(head.bodyStart + maxBodyBytes);
        respond({ limit: maxBodyBytes, bytesSeen });
        return;
      }
      finish(false);
    };
    const onData = (chunk: Buffer) => take(chunk);
    const onEnd = () => finish(true);
    const onError = (e: NodeJS.ErrnoException) => {
      // A reset after a complete head still leaves a response to judge.
      if (head) finish(true);
      else {
        const message = `${req.method} ${req.url.host}: ${e.message}`;
        fail(brokeInFlight(e) ? new LostAnswer(message, 'connection-broke', received.copy()) : new WireError(message, received.copy()));
      }
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    if (socket.readableEnded || socket.destroyed) serverEnded = true;
    if (initial && initial.length > 0) take(initial);
    if (!settled && serverEnded && !keep) finish(true);
  });
}

export async function exchangeOnFreshConnection(req: WireRequest): Promise<WireResponse> {
  const started = performance.now();
  const socket = await connectWithin(req);
  const answer = readAnswer(socket, req, started, false);
  socket.write(serialiseRequest(req));
  return answer;
}

/**
 * `first`, then `req` on the same connection, as a pooled client sends its next request: the
 * second answer is read byte by byte like any raw exchange. A server that ends the connection
 * after the first answer (Connection: close, HTTP/1.0, or a close it does not announce) gets
 * `req` on a fresh one, and the use says so. A second request that meets a dead connection
 * before any byte of its answer arrives fails with a LostAnswer marked `onReusedConnection`.
 */
export async function exchangeAfterAnother(first: WireRequest, req: WireRequest): Promise<WireResponse & { use: ConnectionUse }> {
  const socket = await connectWithin(first);
  const firstAnswer = readAnswer(socket, first, performance.now(), true);
  socket.write(serialiseRequest(first));
  const kept = await firstAnswer;
  if (kept.ended) {
    socket.destroy();
    return { ...(await exchangeOnFreshConnection(req)), use: { mode: 'fresh-after-close', afterStatus: kept.status, why: kept.ended } };
  }
  const started = performance.now();
  const answer = readAnswer(socket, req, started, false, kept.leftover);
  socket.write(serialiseRequest(req));
  try {
    return { ...(await answer), use: { mode: 'reused', afterStatus: kept.status } };
  } catch (error) {
    if (error instanceof LostAnswer) throw new LostAnswer(`${error.message} (on a connection that had carried ${first.method} ${first.url.pathname})`, error.how, error.partial, true);
    throw error;
  }
}
