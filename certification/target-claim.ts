/**
 * A bundle may only claim the deployment its run tested: PRODUCT.yaml's `deployment` and the
 * report's target must be the same service - scheme, host and port after normalising (the
 * service catalog's form ".../v1.1/<project>" is accepted, the path is not compared). The suite's
 * own embedded mock is never a product, and a loopback or private address (a laptop, a lab, a
 * port forward: nothing a customer reaches) only with --allow-private-target, which the signed
 * statement records. `bundle` and `verify` both apply these rules; each problem is one line.
 */
import { isIP } from 'node:net';

/** scheme://host:port, the port always written; undefined when `text` is not an http(s) URL. */
export function originOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // The WHATWG parser already lowercases, decodes IPv4 shorthands (http://2130706433/) and drops default ports.
  const host = url.hostname.replace(/\.$/, '');
  return `${url.protocol}//${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
}

function ipv4Private(address: string): boolean {
  const [a = -1, b = -1] = address.split('.').map(Number);
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

function ipv6Private(address: string): boolean {
  const a = address.toLowerCase();
  if (a === '::1' || a === '::') return true;
  // IPv4-mapped (::ffff:7f00:1 as the URL parser writes it, or ::ffff:127.0.0.1).
  const mapped = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(a);
  if (mapped) {
    const [high, low] = [parseInt(mapped[2] ?? '0', 16), parseInt(mapped[3] ?? '0', 16)];
    const v4 = mapped[1] ?? [high >> 8, high & 255, low >> 8, low & 255].join('.');
    return ipv4Private(v4);
  }
  return /^f[cd][0-9a-f]{0,2}:/.test(a) || /^fe[89ab][0-9a-f]?:/.test(a);
}

/** Why `host` (a URL's hostname) is loopback or private, or undefined when it is neither by its form. */
export function privateHostReason(host: string): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (isIP(bare) === 4) return ipv4Private(bare) ? `${bare} is a loopback or private address` : undefined;
  if (isIP(bare) === 6) return ipv6Private(bare) ? `${bare} is a loopback or private address` : undefined;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return `${bare} is the local machine`;
  if (!bare.includes('.')) return `${bare} is a name without a domain, known only on a local network`;
  if (/\.(local|internal|lan|home\.arpa)$/.test(bare)) return `${bare} is a name of a local network`;
  return undefined;
}

export interface TestedTarget {
  baseUrl: string;
  embeddedMock: boolean;
}

/**
 * What is wrong with claiming `deployment` for a run of `tested`; `resolvedPrivate` is what a name
 * lookup found (bundle only: verify judges the recorded URL alone, with no network).
 */
export function targetClaimProblems(deployment: string, tested: TestedTarget, allowPrivateTarget: boolean, resolvedPrivate?: string): string[] {
  if (tested.embeddedMock) return ["the run tested the suite's own embedded mock, not a product: run the suite against the deployment (its --base-url or OS_CLOUD) and bundle that run"];
  const claimed = originOf(deployment);
  if (!claimed) return [`PRODUCT.yaml's deployment ${JSON.stringify(deployment)} is not an http(s) URL: give the service URL that was tested (e.g. https://dataprocessing.example.net, or the catalog's .../v1.1/<project>)`];
  const actual = originOf(tested.baseUrl);
  if (!actual) return [`the report's target ${JSON.stringify(tested.baseUrl)} is not an http(s) URL`];
  const problems: string[] = [];
  if (claimed !== actual) problems.push(`PRODUCT.yaml claims deployment ${claimed}, but the run tested ${actual}: bundle a run of the deployment it names`);
  const why = privateHostReason(new URL(tested.baseUrl).hostname) ?? resolvedPrivate;
  if (why && !allowPrivateTarget) problems.push(`the run tested ${actual}, and ${why}: a customer cannot reach it; bundle with --allow-private-target if that is intended (it is recorded and shown by verify)`);
  return problems;
}
