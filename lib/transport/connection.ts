/**
 * Opens the fresh connection a raw exchange runs on: direct, or through an HTTP proxy from the
 * standard environment variables (HTTPS_PROXY / HTTP_PROXY, NO_PROXY) with a CONNECT tunnel,
 * then TLS for https targets. Certificate checks follow Node's defaults (so a private CA is
 * trusted through NODE_EXTRA_CA_CERTS), plus the CA file an OpenStack user names (OS_CACERT);
 * `insecure` turns them off.
 */
import net from 'node:net';
import tls from 'node:tls';

/** The proxies of the standard variables, as lib/config read them (proxySettingsOf). */
export interface ProxySettings {
  /** For http targets (HTTP_PROXY). */
  http?: string;
  /** For https targets (HTTPS_PROXY, else HTTP_PROXY). */
  https?: string;
  /** Hosts reached directly (NO_PROXY), comma-separated. */
  noProxy?: string;
}

/** The proxy a request to url goes through, or undefined for a direct connection. */
export function proxyFor(url: URL, proxies: ProxySettings | undefined): URL | undefined {
  const raw = url.protocol === 'https:' ? proxies?.https : proxies?.http;
  if (!raw) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const bypass = (proxies?.noProxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (bypass.some((rule) => rule === '*' || host === rule.replace(/^\./, '') || host.endsWith(rule.startsWith('.') ? rule : `.${rule}`))) return undefined;
  return new URL(raw.includes('://') ? raw : `http://${raw}`);
}

function connected(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve(socket));
    socket.once('error', reject);
  });
}

async function tunnel(proxy: URL, host: string, port: number): Promise<net.Socket> {
  const socket = await connected(net.connect({ host: proxy.hostname, port: Number(proxy.port) || 80 }), 'connect');
  const auth = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
  socket.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n${auth}\r\n`);
  const head = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      if (!buffered.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      resolve(buffered);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('end', () => reject(new Error(`the proxy ${proxy.host} closed the tunnel`)));
  });
  const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head)?.[1];
  if (status !== '200') {
    socket.destroy();
    throw new Error(`the proxy ${proxy.host} refused CONNECT ${host}:${port} (${status ?? 'no status'})`);
  }
  return socket;
}

/** How a connection is made: through which proxy, and which server certificates it accepts. */
export interface ConnectionPolicy {
  /** No certificate check at all (CONFORMANCE_INSECURE_TLS, or `verify: false` in clouds.yaml). */
  insecure: boolean;
  /** PEM certificates trusted beside Node's own (OS_CACERT, `cacert` in clouds.yaml). */
  extraCaPem?: string;
  /** The file extraCaPem was read from: what a run context carries instead of the certificates. */
  caFile?: string;
  proxies?: ProxySettings;
}

export const DIRECT_WITH_NODE_TRUST: ConnectionPolicy = { insecure: false };

// Node's roots are kept: an extra CA adds trust, as OS_CACERT does for the OpenStack clients.
const trustedWith = (pem: string) => [...tls.rootCertificates, pem];

export async function openConnection(url: URL, trust: ConnectionPolicy = DIRECT_WITH_NODE_TRUST): Promise<net.Socket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const proxy = proxyFor(url, trust.proxies);
  const raw = proxy ? await tunnel(proxy, host, port) : undefined;
  if (url.protocol !== 'https:') return raw ?? connected(net.connect({ host, port }), 'connect');
  const secure = tls.connect({ socket: raw, host, port: raw ? undefined : port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: !trust.insecure, ...(trust.extraCaPem ? { ca: trustedWith(trust.extraCaPem) } : {}) });
  return connected(secure, 'secureConnect');
}
