/**
 * Writing answers in the dialect of the mock's profile. Sahara has several error shapes
 * (docs/real-sahara.md): its own envelope, the routing layer's, the Keystone middleware's and
 * HTML; MRS has one (mrs_02_0010). Message texts are ours. Every answer goes through `head`, so
 * a variant's answer style (extra headers, Connection: close) reaches all of them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { MockOptions } from './options';

/** MRS error codes (mrs_02_0014) for the conditions the mock answers. */
const MRS_CODES: Record<string, string> = {
  NOT_FOUND: '12000003',
  DELETION_FAILED: '12000012',
  MALFORMED_REQUEST_BODY: '12000002',
  VALIDATION_ERROR: '12000002',
  INVALID_REFERENCE: '12000003',
  UNAUTHORIZED: '12000001',
  FORBIDDEN: '12000136',
  METHOD_NOT_ALLOWED: '12000009',
};

const CLOSE_CONNECTION = { Connection: 'close' };

export class Answers {
  constructor(private readonly options: MockOptions) {}

  /** The headers every answer carries: Sahara's request id, and whatever the answer style adds. */
  private baseHeaders(): Record<string, string> {
    const { extraHeaders, closeConnections } = this.options.style;
    return Object.assign({ 'X-Openstack-Request-Id': `req-${randomUUID()}` }, extraHeaders, closeConnections ? CLOSE_CONNECTION : undefined);
  }

  private head(res: ServerResponse, status: number, headers: OutgoingHttpHeaders): void {
    res.writeHead(status, withHeaders(this.baseHeaders(), headers));
  }

  private message(text: string): string {
    return this.options.style.rewordMessage?.(text) ?? text;
  }

  private envelope(body: Record<string, unknown>): Record<string, unknown> {
    return { ...body, ...this.options.style.envelopeExtras };
  }

  json(res: ServerResponse, status: number, body: unknown, extraHeaders?: Record<string, string>): void {
    const text = JSON.stringify(body);
    const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) };
    this.head(res, status, extraHeaders ? withHeaders(headers, extraHeaders) : headers);
    res.end(text);
  }

  html(res: ServerResponse, status: number, page: string): void {
    this.head(res, status, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(page) });
    res.end(page);
  }

  /** An answer without a body (e.g. Sahara's empty 500). */
  empty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
    this.head(res, status, { 'Content-Length': 0, ...headers });
    res.end();
  }

  /** Sahara's words for an id it does not have (jobs, clusters, data sources, job executions alike). */
  static objectNotFound(id: string): string {
    return `Object with {'id': '${id}'} not found`;
  }

  /** 404 NOT_FOUND for an id the project does not have, in the profile's envelope. */
  notFound(res: ServerResponse, id: string): void {
    this.error(res, 404, 'NOT_FOUND', Answers.objectNotFound(id));
  }

  /** Sahara's own envelope (error_code = status), or MRS's. */
  error(res: ServerResponse, status: number, name: string, message: string): void {
    if (this.options.profile === 'mrs') {
      this.json(res, status, this.envelope({ error_code: MRS_CODES[name] ?? '12000002', error_msg: this.message(message) }));
    } else {
      this.json(res, status, this.saharaEnvelope(status, name, message));
    }
  }

  /** Sahara's own envelope, whatever the profile (a defect answers it where MRS's is due). */
  saharaEnvelope(status: number, name: string | number, message: string): Record<string, unknown> {
    return this.envelope({ error_code: status, error_name: name, error_message: `${this.message(message)}\nError ID: ${randomUUID()}` });
  }

  /** Sahara's routing layer: unknown routes and unsupported methods (no Allow header, as observed). */
  routingError(res: ServerResponse, status: 404 | 405, message: string): void {
    if (this.options.profile === 'mrs') {
      this.error(res, status, status === 404 ? 'NOT_FOUND' : 'METHOD_NOT_ALLOWED', message);
    } else {
      this.json(res, status, this.envelope({ error: status, error_message: this.message(message) }));
    }
  }

  /** A request line too long to route: an empty 414, as real Sahara's server answers. */
  uriTooLong(res: ServerResponse): void {
    res.writeHead(414, { 'Content-Length': 0, Connection: 'close' });
    res.end();
  }

  /** Keystone middleware: no token or a token it cannot validate. */
  unauthenticated(res: ServerResponse, req: IncomingMessage): void {
    if (this.options.profile === 'mrs') {
      this.error(res, 401, 'UNAUTHORIZED', 'Invalid authentication');
      return;
    }
    const host = req.headers.host ?? '127.0.0.1';
    this.json(
      res,
      401,
      this.envelope({ error: { code: 401, title: 'Unauthorized', message: this.message('The request you have made requires authentication.') } }),
      { 'WWW-Authenticate': `Keystone uri="http://${host}/identity/v3"` },
    );
  }

  /**
   * A valid token used on another project's URL: real Sahara answers with its web framework's
   * error page, JSON when the client accepts JSON, HTML otherwise.
   */
  tenantMismatch(res: ServerResponse, req: IncomingMessage): void {
    if (this.options.profile === 'mrs') {
      this.error(res, 403, 'FORBIDDEN', 'The token is not scoped to the project in the URL');
      return;
    }
    const message = 'This server could not verify that you are authorized to access the document you requested.\nToken tenant != requested tenant\n';
    if (/application\/json/.test(req.headers.accept ?? '')) {
      this.json(res, 401, this.envelope({ message: this.message(message), code: '401 Unauthorized', title: 'Unauthorized' }));
      return;
    }
    this.html(res, 401, '<html><head><title>401 Unauthorized</title></head><body><h1>401 Unauthorized</h1>The token tenant differs from the tenant in the URL.</body></html>');
  }

  /**
   * 204 No Content. With the sahara16 quirk it is framed as real Sahara frames it: chunked with
   * an empty last chunk, which node:http would never write, so the bytes go to the socket directly.
   */
  noContent(res: ServerResponse): void {
    const headers = withHeaders(this.baseHeaders(), this.options.style.noContentHeaders);
    if (!this.options.quirks.has('sahara16')) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const lines = ['HTTP/1.1 204 NO CONTENT', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Date: ${new Date().toUTCString()}`, 'Transfer-Encoding: chunked'];
    if (!headers.Connection) lines.push('Connection: close');
    writeRawAndClose(res, `${lines.join('\r\n')}\r\n\r\n0\r\n\r\n`);
  }
}

/**
 * `base` (made for this answer) with `more` added, as { ...base, ...more } would make it, for a
 * twentieth of the cost: an object spread followed by more fields is built by V8 as a slow
 * dictionary-mode object (about 1 us an answer; bench/ profile). The same holds for every object
 * built per request here.
 */
function withHeaders<B extends object, T extends object>(base: B, more: T): B & T {
  return Object.assign(base, more);
}

/** Takes the connection over from node:http, writes bytes as given, and closes it. */
export function writeRawAndClose(res: ServerResponse, raw: string | Buffer): void {
  const socket = res.socket;
  if (!socket) return;
  res.detachSocket(socket);
  socket.end(raw);
}

/**
 * Closes the connection once this answer is written, without Connection: close: node:http goes on
 * saying keep-alive, as a misconfigured front end does (variant silent-connection-close). The socket
 * is destroyed once the FIN is out, so a request a client sends on it before it notices meets a
 * reset or an end without answer, as on such a front end.
 */
export function closeSilentlyAfter(res: ServerResponse): void {
  // The request's socket: a pipelined answer gets res.socket only once the one before it is done.
  const socket = res.req.socket;
  res.once('finish', () => {
    socket.once('finish', () => socket.destroy());
    socket.end();
  });
}

/**
 * Makes node:http write an HTTP/1.0 status line for this answer: it writes HTTP/1.1 whatever the
 * request said, and an old proxy in front of a service does not (variant http10-connection-close).
 */
export function speakHttp10(res: ServerResponse): void {
  const internal = res as unknown as { useChunkedEncodingByDefault: boolean; _storeHeader(firstLine: string, headers: unknown): void };
  const storeHeader = internal._storeHeader;
  internal.useChunkedEncodingByDefault = false;
  internal._storeHeader = function (firstLine, headers) {
    storeHeader.call(this, firstLine.replace(/^HTTP\/1\.1 /, 'HTTP/1.0 '), headers);
  };
}
