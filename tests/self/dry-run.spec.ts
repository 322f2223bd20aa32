/**
 * --dry-run (CONFORMANCE_DRY_RUN=1) lists every request a run would make, destructive ones
 * marked, and sends nothing to the target: checked against what a real run sends to a mock.
 */
import { expect, test } from '@playwright/test';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { isolatedEnvironment, runPlaywright } from './support/run-suite';

/** Forwards to the mock and counts the request lines that pass, per method. */
async function countingFront(port: number): Promise<{ url: string; methods: Record<string, number>; connections: () => number; close: () => void }> {
  const methods: Record<string, number> = {};
  let connections = 0;
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect({ host: '127.0.0.1', port });
    client.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString('latin1').matchAll(/(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE) \/v1\.1\//g)) methods[m[1]!] = (methods[m[1]!] ?? 0) + 1;
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, methods, connections: () => connections, close: () => server.close() };
}

test('a dry run sends nothing and plans every DELETE that a real run sends', async () => {
  const mock = await startMockServer();
  const front = await countingFront(Number(new URL(mock.baseUrl).port));
  try {
    const target = seedEnvironment(front.url, 'sahara');
    const dry = await runPlaywright(['test', '--project=conformance', '--reporter=dot', '--grep-invert', '@long'], isolatedEnvironment({ ...target, CONFORMANCE_DRY_RUN: '1' }));
    expect(dry.exitCode, dry.output).toBe(0);
    expect(front.connections(), 'the target must not hear from a dry run').toBe(0);
    expect(dry.output).toContain(`Dry run: nothing was sent to ${front.url}`);
    const plannedDeletes = dry.output.split('\n').filter((l) => /DESTRUCTIVE DELETE /.test(l)).length;

    const real = await runPlaywright(['test', '--project=conformance', '--reporter=dot', '--grep-invert', '@long'], isolatedEnvironment(target));
    expect(real.exitCode, real.output).toBe(0);
    expect(front.methods.DELETE).toBeGreaterThan(10);
    expect(plannedDeletes).toBe(front.methods.DELETE);
  } finally {
    front.close();
    await mock.close();
  }
});
