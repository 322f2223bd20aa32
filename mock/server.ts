/**
 * The stateful mock of a Sahara-compatible job-execution endpoint. In-memory, one store, small
 * handlers; binds loopback only. A handler fault answers 500 instead of taking the server down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Answers, closeSilentlyAfter, speakHttp10 } from './answers';
import { STANDARD_BEHAVIOUR } from './behaviour';
import { noteConnectionUse } from './connections';
import { describeDefect, type DefectName } from './defects';
import { DEFAULT_MOCK_OPTIONS, type MockOptions } from './options';
import type { Behaviour, RouteContext } from './handler-contract';
import { MAX_BODY_BYTES } from './request-body';
import { route } from './router';
import { MockStore } from './store';
import { describeVariant, type VariantName } from './variants';

/** What a mock is started with: the options asked for, and the catalogued bug or conformant variant it plays. */
export interface MockStart extends Partial<MockOptions> {
  /** One deliberate bug from mock/defects.ts, or none. */
  defect?: DefectName;
  /** One conformant way of answering from mock/variants.ts, or none. */
  variant?: VariantName;
}

export interface RunningMock {
  baseUrl: string;
  store: MockStore;
  options: MockOptions;
  defect?: DefectName;
  variant?: VariantName;
  close(): Promise<void>;
}

/**
 * The options in force: defaults, then what the variant and the defect need (say, profile mrs),
 * then what the caller asked for explicitly.
 */
export function resolveMockOptions(start: MockStart): MockOptions {
  const { defect: defectName, variant: variantName, ...overrides } = start;
  const variant = variantName ? describeVariant(variantName) : undefined;
  const defect = defectName ? describeDefect(defectName) : undefined;
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<MockOptions>;
  const options: MockOptions = { ...DEFAULT_MOCK_OPTIONS, ...variant?.configure, ...defect?.configure, ...given };
  return {
    ...options,
    quirks: new Set(options.quirks),
    style: { ...DEFAULT_MOCK_OPTIONS.style, ...variant?.style, ...overrides.style },
  };
}

/** Real Sahara's decisions, with the variant's and then the defect's replacements. */
function behaviourFor({ defect: defectName, variant: variantName }: MockStart): Behaviour {
  const variant = variantName ? describeVariant(variantName) : undefined;
  const defect = defectName ? describeDefect(defectName) : undefined;
  return { ...STANDARD_BEHAVIOUR, ...variant?.hooks, ...defect?.hooks };
}

/** What answers a request: everything but the request itself, made once per server. */
interface MockParts {
  store: MockStore;
  answers: Answers;
  options: MockOptions;
  behaviour: Behaviour;
}

/** The body of every request that sends none (most): one buffer, since an empty one cannot be changed. */
const NO_BODY = Buffer.alloc(0);

function answer(ctx: RouteContext): void {
  try {
    route(ctx);
  } catch (error) {
    if (!ctx.res.headersSent) ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'The mock failed to handle this request');
    else ctx.res.destroy();
    process.emitWarning(`mock handler fault: ${(error as Error).message}`);
  }
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, { store, answers, options, behaviour }: MockParts): void {
  noteConnectionUse(req);
  if (options.style.http10) speakHttp10(res);
  if (options.style.closeSilently) closeSilentlyAfter(res);
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
    const ctx: RouteContext = { req, res, answers, store, options, behaviour, body: chunks.length === 0 ? NO_BODY : Buffer.concat(chunks) };
    if (options.answerDelayMs > 0) setTimeout(answer, options.answerDelayMs, ctx);
    else answer(ctx);
  });
  req.on('error', () => res.destroy());
}

export async function startMockServer(start: MockStart = {}): Promise<RunningMock> {
  const options = resolveMockOptions(start);
  const store = new MockStore(options);
  const answers = new Answers(options);
  const behaviour = behaviourFor(start);
  const parts: MockParts = { store, answers, options, behaviour };
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => handle(req, res, parts));
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
    ...(start.defect ? { defect: start.defect } : {}),
    ...(start.variant ? { variant: start.variant } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
