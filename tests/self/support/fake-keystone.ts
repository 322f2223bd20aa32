/**
 * A Keystone v3 stand-in for self-tests: POST /v3/auth/tokens for the password,
 * application_credential and token methods, GET /v3/auth/tokens (a token reading itself), and a
 * service catalog that points at a mock. Its tokens are the mock's seed tokens, so what it
 * issues works against the mock. It records what it was sent; it refuses what real Keystone
 * refuses (a scope beside an application credential, a wrong secret) with 401.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { SEED_PROJECTS } from '../../../mock/seed';

interface KeystoneUser {
  id: string;
  name: string;
  password: string;
  projectName: string;
  tenant: 'a' | 'b';
  application: { id: string; name: string; secret: string };
  /** A token the user already holds (OS_TOKEN), to be moved to a project or read as it is. */
  token: string;
}

export const KEYSTONE_USERS: Record<'a' | 'b', KeystoneUser> = {
  a: {
    id: 'u-0a1b2c',
    name: 'user-a',
    password: 'correct-horse-battery-staple',
    projectName: 'proj-a',
    tenant: 'a',
    application: { id: 'ac-7f3e9d', name: 'conformance-ci', secret: 'appcred-secret-9Qx7-Lm2p-Zt4w' },
    token: 'gAAAAABkeystone-unscoped-token-of-user-a',
  },
  b: {
    id: 'u-3d4e5f',
    name: 'user-b',
    password: 'tr0ub4dor-and-three-more',
    projectName: 'proj-b',
    tenant: 'b',
    application: { id: 'ac-1c2d3e', name: 'conformance-ci', secret: 'appcred-secret-b-Hh8s-Kk1o' },
    token: 'gAAAAABkeystone-unscoped-token-of-user-b',
  },
};

type CatalogMaker = (projectId: string) => unknown[];

/** The catalog of a deployment whose Sahara is at `saharaOrigin` (project-id template, as registered). */
export function saharaCatalog(saharaOrigin: string, keystoneUrl = 'http://keystone.invalid/v3'): CatalogMaker {
  return (projectId) => [
    { type: 'identity', name: 'keystone', endpoints: [{ interface: 'public', region_id: 'RegionOne', region: 'RegionOne', url: keystoneUrl }] },
    {
      type: 'data-processing',
      name: 'sahara',
      endpoints: ['public', 'internal'].map((iface) => ({ interface: iface, region_id: 'RegionOne', region: 'RegionOne', url: `${saharaOrigin}/v1.1/${projectId}` })),
    },
  ];
}

export interface FakeKeystone {
  url: string;
  received: { method: string; path: string; body: any; headers: http.IncomingHttpHeaders }[];
  close: () => void;
}

function userMatching(ref: any): KeystoneUser | undefined {
  return Object.values(KEYSTONE_USERS).find((u) => ref?.id === u.id || (ref?.name === u.name && (ref?.domain?.name === 'Default' || ref?.domain?.id === 'default')));
}

function projectMatches(user: KeystoneUser, ref: any): boolean {
  const seed = SEED_PROJECTS[user.tenant];
  return ref?.id === seed.projectId || (ref?.name === user.projectName && (ref?.domain?.name === 'Default' || ref?.domain?.id === 'default'));
}

/** The user whose request this is, or undefined (401). */
function authenticate(auth: any, headers: http.IncomingHttpHeaders, method: string): KeystoneUser | undefined {
  if (method === 'GET') {
    const user = Object.values(KEYSTONE_USERS).find((u) => SEED_PROJECTS[u.tenant].token === headers['x-subject-token']);
    return user && headers['x-auth-token'] === headers['x-subject-token'] ? user : undefined;
  }
  const identity = auth?.identity;
  const methods: string[] = identity?.methods ?? [];
  const scope = auth?.scope?.project;
  if (methods.includes('application_credential')) {
    if (auth?.scope) return undefined; // Keystone: an application credential cannot request a scope
    const c = identity.application_credential;
    return Object.values(KEYSTONE_USERS).find((u) => c?.secret === u.application.secret && (c?.id === u.application.id || (c?.name === u.application.name && userMatching(c?.user) === u)));
  }
  if (methods.includes('password')) {
    const user = userMatching(identity.password?.user);
    return user && identity.password.user.password === user.password && projectMatches(user, scope) ? user : undefined;
  }
  if (methods.includes('token')) {
    const user = Object.values(KEYSTONE_USERS).find((u) => u.token === identity.token?.id);
    return user && projectMatches(user, scope) ? user : undefined;
  }
  return undefined;
}

export async function startFakeKeystone(options: { catalog?: CatalogMaker; redirect?: { status: number; location: string }; tls?: { key: string; cert: string } } = {}): Promise<FakeKeystone> {
  const received: FakeKeystone['received'] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d));
    req.on('end', () => {
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      received.push({ method: req.method ?? '', path: req.url ?? '', body, headers: req.headers });
      if (options.redirect) {
        res.writeHead(options.redirect.status, { Location: options.redirect.location });
        res.end();
        return;
      }
      const user = req.url === '/v3/auth/tokens' ? authenticate(body?.auth, req.headers, req.method ?? '') : undefined;
      if (!user) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }));
        return;
      }
      const seed = SEED_PROJECTS[user.tenant];
      const catalog = options.catalog?.(seed.projectId) ?? [];
      res.writeHead(req.method === 'GET' ? 200 : 201, { 'Content-Type': 'application/json', 'X-Subject-Token': seed.token });
      res.end(JSON.stringify({ token: { user: { id: user.id, name: user.name }, project: { id: seed.projectId, name: user.projectName }, catalog } }));
    });
  };
  const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const scheme = options.tls ? 'https' : 'http';
  return { url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}/v3`, received, close: () => server.close() };
}
