/**
 * The transport of every request but the raw exchanges (wire-exchange): node:http over the same
 * connections as those (./connection: proxy from the environment, TLS with Node's trust store),
 * kept alive and reused. It replaces Playwright's request context because a conformance suite
 * pointed at someone else's server must bound what that server can make it do: Playwright reads
 * a whole body into memory whatever its size (a 2 GB answer grew a worker to 1.5 GB), and its
 * error messages print the request's headers, token included. Here a body is read as a stream
 * and reading stops at a byte cap; the cut is reported as evidence, never as a lost answer. No
 * redirect is followed (node:http does not), so no credential is sent anywhere but the target.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { openConnection, type ConnectionPolicy } from './connection';
import { MAX_HEAD_BYTES } from './limits';
import { brokeInFlight, LostAnswer } from './lost-answer';


export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  maxBodyBytes: number;
  /** On a connection of its own, closed after the answer (a request sent again after a kept-alive one died). */
  freshConnection?: boolean;
}

export interface HttpAnswer {
  status: number;
  /** Names and values as received, in order (repeated headers stay separate). */
  headerList: { name: string; value: string }[];
  /** The body as received, at most maxBodyBytes of it. */
  body: Buffer;
  /** Set when the body was longer than the cap: reading stopped there. */
  bodyCapExceeded?: { limit: number; bytesSeen: number };
}

/** An agent whose connections are opened by ./connection, so proxies and TLS are handled once. */
class SuiteAgent extends http.Agent {
  constructor(private readonly target: URL, private readonly trust: ConnectionPolicy, keepAlive: boolean) {
    super({ keepAlive });
  }

  // Answering through the callback (and returning nothing) is how node:http takes a connection
  // that is opened asynchronously, as a proxy tunnel is.
  override createConnection(_options: http.ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex | undefined {
    openConnection(this.target, this.trust).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

export class HttpTransport {
  private readonly agent: SuiteAgent;
  /** Opens a connection per request: for a request sent again after a kept-alive connection died under it. */
  private readonly freshAgent: SuiteAgent;

  constructor(private readonly origin: URL, trust: ConnectionPolicy) {
    this.agent = new SuiteAgent(origin, trust, true);
    this.freshAgent = new SuiteAgent(origin, trust, false);
  }

  send(req: HttpRequest): Promise<HttpAnswer> {
    if (req.url.origin !== this.origin.origin) throw new Error(`this transport talks to ${this.origin.origin} only, not ${req.url.origin}`);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        outcome();
      };
      const request = http.request({
        agent: req.freshConnection ? this.freshAgent : this.agent,
        host: req.url.hostname.replace(/^\[|\]$/g, ''),
        port: req.url.port || (req.url.protocol === 'https:' ? 443 : 80),
        method: req.method,
        path: `${req.url.pathname}${req.url.search}`,
        // The Host a client of this URL sends (node would add :443 to an https host).
        headers: { Host: req.url.host, ...req.headers, ...(req.body ? { 'Content-Length': String(req.body.length) } : {}) },
        maxHeaderSize: MAX_HEAD_BYTES,
      });
      const deadline = setTimeout(() => {
        settle(() => reject(new LostAnswer(`Timeout ${req.timeoutMs}ms exceeded: no complete response to ${req.method} ${req.url.pathname}`, 'timed-out')));
        request.destroy();
      }, req.timeoutMs);
      // Whether any byte of the answer arrived on the connection: none, on a reused one, means the
      // request met a connection the server had already ended.
      let bytesReadBefore: number | undefined;
      request.on('socket', (socket) => {
        bytesReadBefore = socket.bytesRead;
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // Refused, unresolvable, a certificate or a malformed answer: a failure, not a lost answer.
        const message = `${req.method} ${req.url.pathname}: ${error.message}`;
        const noByteBack = bytesReadBefore !== undefined && request.socket?.bytesRead === bytesReadBefore;
        const reused = request.reusedSocket && noByteBack;
        settle(() => reject(brokeInFlight(error) ? new LostAnswer(reused ? `${message} (on a reused kept-alive connection)` : message, 'connection-broke', Buffer.alloc(0), reused) : new Error(message)));
      });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let seen = 0;
        const headerList: HttpAnswer['headerList'] = [];
        for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) headerList.push({ name: response.rawHeaders[i]!, value: response.rawHeaders[i + 1]! });
        const answer = (capped: boolean): HttpAnswer => ({
          status: response.statusCode ?? 0,
          headerList,
          body: Buffer.concat(chunks, kept),
          ...(capped ? { bodyCapExceeded: { limit: req.maxBodyBytes, bytesSeen: seen } } : {}),
        });
        response.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          const room = req.maxBodyBytes - kept;
          if (chunk.length <= room) {
            chunks.push(chunk);
            kept += chunk.length;
            return;
          }
          chunks.push(chunk.subarray(0, room));
          kept += room;
          // The rest is not read: the connection goes, and with it whatever the server meant to send.
          settle(() => resolve(answer(true)));
          request.destroy();
        });
        response.on('end', () => settle(() => resolve(answer(false))));
        response.on('error', (error) => settle(() => reject(new LostAnswer(`${req.method} ${req.url.pathname}: ${error.message}`, 'connection-broke'))));
        response.on('aborted', () => settle(() => reject(new LostAnswer(`${req.method} ${req.url.pathname}: socket hang up (the body was cut short)`, 'connection-broke'))));
      });
      request.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
    this.freshAgent.destroy();
  }
}
