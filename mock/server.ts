/**
 * The stateful mock of a Sahara-compatible job-execution endpoint. In-memory, one store, small
 * handlers; binds loopback only. A handler fault answers 500 instead of taking the server down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Answers } from './answers';
import { DEFAULT_MOCK_OPTIONS, type MockOptions } from './options';
import { MAX_BODY_BYTES } from './request-context';
import { route } from './router';
import { MockStore } from './store';

export interface RunningMock {
  baseUrl: string;
  store: MockStore;
  options: MockOptions;
  close(): Promise<void>;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, store: MockStore, answers: Answers, options: MockOptions): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES && !refused) {
      refused = true;
      answers.error(res, 413, 'REQUEST_TOO_LARGE', `The request body exceeds ${MAX_BODY_BYTES} bytes`);
      req.resume();
    } else if (!refused) {
      chunks.push(chunk);
    }
  });
  req.on('end', () => {
    if (refused) return;
    try {
      route({ req, res, answers, store, options, body: Buffer.concat(chunks) });
    } catch (error) {
      if (!res.headersSent) answers.error(res, 500, 'INTERNAL_SERVER_ERROR', 'The mock failed to handle this request');
      else res.destroy();
      process.emitWarning(`mock handler fault: ${(error as Error).message}`);
    }
  });
  req.on('error', () => res.destroy());
}

export async function startMockServer(overrides: Partial<MockOptions> = {}): Promise<RunningMock> {
  const options: MockOptions = { ...DEFAULT_MOCK_OPTIONS, ...overrides, quirks: new Set(overrides.quirks ?? DEFAULT_MOCK_OPTIONS.quirks) };
  const store = new MockStore(options);
  const answers = new Answers(options);
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => handle(req, res, store, answers, options));
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A head larger than maxHeaderSize gets 431; any other unparseable request 400.
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://${options.host}:${port}`,
    store,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
