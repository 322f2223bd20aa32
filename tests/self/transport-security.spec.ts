/**
 * HTTPS targets with a private CA (trusted through NODE_EXTRA_CA_CERTS), the explicit insecure
 * switch (with its warning), and targets reached through an HTTP proxy from the environment.
 * The target is the mock behind a local TLS front; certificates are made here with openssl.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer, type RunningMock } from '../../mock/server';
import { runConformanceSuite } from './support/run-suite';

test.describe.configure({ mode: 'parallel' });

/** A CA and a certificate for 127.0.0.1 signed by it. */
function makeCertificates(): { dir: string; caFile: string; key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=conformance test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.ext');
  return { dir, caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}

/** Terminates TLS and passes the bytes to the plain-HTTP mock. */
async function tlsFront(mock: RunningMock, key: Buffer, cert: Buffer): Promise<{ url: string; close: () => void }> {
  const port = Number(new URL(mock.baseUrl).port);
  const server = tls.createServer({ key, cert }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/** A minimal CONNECT proxy that counts the tunnels it opened. */
async function connectProxy(): Promise<{ url: string; tunnels: () => number; close: () => void }> {
  let tunnels = 0;
  const server = net.createServer((client) => {
    client.once('data', (head: Buffer) => {
      const m = /^CONNECT ([^:\s]+):(\d+) HTTP/.exec(head.toString('latin1'));
      if (!m) return client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
      tunnels += 1;
      const upstream = net.connect({ host: m[1], port: Number(m[2]) }, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels: () => tunnels, close: () => server.close() };
}

const certificates = makeCertificates();

async function withHttpsMock(run: (httpsUrl: string) => Promise<void>): Promise<void> {
  const mock = await startMockServer();
  const front = await tlsFront(mock, certificates.key, certificates.cert);
  try {
    await run(front.url);
  } finally {
    front.close();
    await mock.close();
  }
}

test('an HTTPS target whose CA is given in NODE_EXTRA_CA_CERTS is tested like any other', async () => {
  await withHttpsMock(async (url) => {
    const run = await runConformanceSuite({ ...seedEnvironment(url, 'sahara'), NODE_EXTRA_CA_CERTS: certificates.caFile }, ['--grep', '@JEX-DEL-001|@JEX-DEL-003']);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report?.requirements.filter((r) => ['JEX-DEL-001', 'JEX-DEL-003'].includes(r.id)).map((r) => r.outcome)).toEqual(['passed', 'passed']);
  });
});

test('an untrusted certificate stops the run with one line and exit 3', async () => {
  await withHttpsMock(async (url) => {
    const run = await runConformanceSuite(seedEnvironment(url, 'sahara'));
    expect(run.exitCode, run.output).toBe(3);
    expect(run.output.trim()).toMatch(/^conformance: cannot reach the target at https:\/\/127\.0\.0\.1:\d+: .*(certificate|self.signed)/i);
  });
});

test('the insecure switch accepts the certificate and says so', async () => {
  await withHttpsMock(async (url) => {
    const run = await runConformanceSuite({ ...seedEnvironment(url, 'sahara'), CONFORMANCE_INSECURE_TLS: 'true' }, ['--grep', '@JEX-DEL-001']);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.output).toContain('conformance: WARNING: TLS certificate checks are off');
  });
});

test('a target behind an HTTP proxy from HTTPS_PROXY is reached through it, raw DELETEs included', async () => {
  const proxy = await connectProxy();
  try {
    await withHttpsMock(async (url) => {
      // By name: Playwright's own proxy client checks an IP-literal HTTPS target against "localhost".
      const env = { ...seedEnvironment(url.replace('127.0.0.1', 'localhost'), 'sahara'), NODE_EXTRA_CA_CERTS: certificates.caFile, HTTPS_PROXY: proxy.url, NO_PROXY: '' };
      const run = await runConformanceSuite(env, ['--grep', '@JEX-DEL-001']);
      expect(run.exitCode, run.output).toBe(0);
      // The preflight, the canary, the fixture calls and the raw DELETE each open tunnels.
      expect(proxy.tunnels()).toBeGreaterThanOrEqual(3);
    });
  } finally {
    proxy.close();
  }
});
