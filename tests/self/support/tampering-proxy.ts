/**
 * A hostile target for self-tests: a proxy in front of the mock that forwards every request
 * unchanged, except those a test chooses to answer itself (echo the request's headers, never
 * answer, stream an endless body, send bytes that are not HTTP...). What it forwarded and what
 * the mock answered are offered to `observe`, so a test can learn ids (e.g. the run's canary).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningMock } from '../../../mock/server';

export interface ProxiedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Answers the request itself, or returns false to let the mock answer. */
export type Tamper = (req: ProxiedRequest, res: http.ServerResponse) => boolean;

export interface TamperingProxy {
  url: string;
  close: () => Promise<void>;
}

export async function tamperingProxy(
  mock: RunningMock,
  tamper: Tamper,
  observe?: (req: ProxiedRequest, status: number, answer: Buffer) => void,
): Promise<TamperingProxy> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const proxied: ProxiedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      if (tamper(proxied, res)) return;
      const upstream = http.request(`${mock.baseUrl}${req.url}`, { method: req.method, headers: { ...req.headers, connection: 'close' } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(body);
          observe?.(proxied, answer.statusCode ?? 0, text);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(text);
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(proxied.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The id of the first job execution created through the proxy: the run's canary (global setup makes it before any test). */
export function canaryWatcher(): { observe: NonNullable<Parameters<typeof tamperingProxy>[2]>; id: () => string | undefined } {
  let canary: string | undefined;
  return {
    observe: (req, _status, answer) => {
      if (!canary && req.method === 'POST' && /\/execute$/.test(req.url)) canary = (JSON.parse(answer.toString()) as { job_execution?: { id?: string } }).job_execution?.id;
    },
    id: () => canary,
  };
}
