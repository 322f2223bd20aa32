/**
 * The bare node:http server the mock is compared with: every request answered 204, nothing else.
 * Run directly (`tsx bench/servers/bare-server.ts`) it prints "listening on URL" and serves until SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export function startBareServer(port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(204);
    res.end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (require.main === module) {
  void startBareServer(0).then((server) => {
    process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
    process.on('SIGTERM', () => server.close(() => process.exit(0)));
  });
}
