/**
 * Whatever stands in front of the service first (nothing, by default), then authentication
 * (Keystone middleware sits in front of every Sahara route), then the tenant check, then routing.
 * Paths may end in ".json", as Sahara allows. Who the caller is and what a refusal leaves behind
 * are `ctx.behaviour`'s decisions (mock/behaviour.ts).
 */
import type { RequestContext, RouteContext } from './handler-contract';
import { SEED_PROJECTS } from './seed';
import { deleteJobExecution, listJobExecutions, showJobExecution, updateJobExecution } from './handlers/job-executions';
import { executeJob, submitJob } from './handlers/jobs';
import { createDataSource, deleteDataSource, showCluster, showDataSource, showJob } from './handlers/fixture-resources';
import {
  createJob,
  createJobBinary,
  createJobBinaryInternal,
  deleteJob,
  deleteJobBinary,
  deleteJobBinaryInternal,
  listClusters,
  listJobBinaries,
  listJobBinaryInternals,
  listJobs,
} from './handlers/job-resources';

const TOKENS = new Map(Object.values(SEED_PROJECTS).map((p) => [p.token, p.projectId]));
/** Real Sahara answers a request line of ~9000 characters with an empty 414 (docs/real-sahara.md). */
const MAX_URL_LENGTH = 8192;

/**
 * Characters with which a path means, to new URL(), exactly what it says: nothing to
 * percent-encode, no backslash, no query or fragment. Dot segments ("..", "%2e") are excluded
 * below, since URL resolves them.
 */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)|%2e/i;

/** Whether new URL() would leave this target's path as it is: the paths a client sends in practice. */
function isPlainPath(target: string): boolean {
  return PLAIN_PATH.test(target) && !DOT_SEGMENT.test(target);
}

function decode(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The decoded path segment at `index`, counted after the leading slash; undefined past the end. */
function segmentAt(parts: string[], index: number): string | undefined {
  const segment = parts[index + 1];
  return segment === undefined ? undefined : decode(segment);
}

export function route(ctx: RouteContext): void {
  const { req, res, answers } = ctx;
  // A gateway in front sees every request, before Keystone's middleware and routing.
  if (ctx.behaviour.answerAtGateway(ctx)) return;
  const target = req.url ?? '/';
  // Only origin-form targets ("/..."); "*", "//host" and absolute URLs are not routes here.
  if (!target.startsWith('/') || target.startsWith('//')) return answers.routingError(res, 404, 'The resource could not be found.');
  if (target.length > MAX_URL_LENGTH) return answers.uriTooLong(res);
  // Parsing a URL costs more than the rest of routing: only targets it would change get one.
  const url = isPlainPath(target) ? undefined : new URL(`http://mock.invalid${target}`);
  const pathname = url ? url.pathname : target;
  const method = req.method ?? 'GET';
  if (pathname === '/' && method === 'GET') {
    return answers.json(res, 200, { versions: [{ id: 'v1.1', status: 'CURRENT', links: [] }] });
  }
  // parts[0] is the empty string before the leading slash.
  const parts = (pathname.endsWith('.json') ? pathname.slice(0, -'.json'.length) : pathname).split('/');
  const segmentCount = parts.length - 1;
  const urlProject = segmentAt(parts, 1) ?? '';
  const collection = segmentAt(parts, 2);
  const id = segmentAt(parts, 3);
  const action = segmentAt(parts, 4);
  const restCount = Math.max(segmentCount - 5, 0);
  const routable = parts[1] === 'v1.1' && segmentCount >= 3;
  const isOneJobExecution = routable && collection === 'job-executions' && !!id && action === undefined;
  if (isOneJobExecution && ctx.behaviour.lookUpBeforeAuthentication(ctx, method, id)) return;
  const token = req.headers['x-auth-token'];
  const identity = ctx.behaviour.identify({ tokenGiven: token !== undefined, tokenProject: typeof token === 'string' ? TOKENS.get(token) : undefined, urlProject });
  if ('refused' in identity) {
    if (method === 'DELETE' && isOneJobExecution) ctx.behaviour.afterRefusedDelete(ctx, identity.refused, ctx.behaviour.findJobExecution(ctx, id));
    // Keystone refuses before routing; Sahara checks the tenant only on routes it knows.
    if (identity.refused === 'unauthenticated') return answers.unauthenticated(res, req);
    return routable ? answers.tenantMismatch(res, req) : answers.routingError(res, 404, 'The resource could not be found.');
  }
  if (!routable) return answers.routingError(res, 404, 'The resource could not be found.');
  // Named field by field: a spread followed by another field costs V8 a slow object, more than
  // all the rest of routing (bench/ profile).
  const { store, options, behaviour, body } = ctx;
  const full: RequestContext = { req, res, answers, store, options, behaviour, body, tenantId: identity.tenantId };

  if (collection === 'job-executions' && id === undefined) {
    if (method === 'GET') return listJobExecutions(full, url ? url.searchParams : new URLSearchParams());
    return answers.routingError(res, 405, 'The method is not allowed for the requested URL.');
  }
  if (collection === 'job-executions' && id && action === undefined) {
    switch (method) {
      case 'GET':
        return showJobExecution(full, id);
      case 'DELETE':
        return deleteJobExecution(full, id);
      case 'PATCH':
        return updateJobExecution(full, id);
      case 'PUT':
      case 'POST':
        return ctx.behaviour.answerUnsupportedMethod(full, id);
      case 'OPTIONS':
        res.writeHead(200, { Allow: 'OPTIONS, HEAD, DELETE, GET, PATCH', 'Content-Length': 0 });
        res.end();
        return;
      default:
        return answers.routingError(res, 405, 'The method is not allowed for the requested URL.');
    }
  }
  if (action === undefined && id !== undefined && restCount === 0) {
    if (routeOneFixtureResource(full, method, collection, id) === 'routed') return;
  }
  if (id === undefined && collection !== undefined) {
    const handler = COLLECTION_ROUTES.get(collection)?.get(method);
    if (handler) return handler(full);
    if (COLLECTION_ROUTES.has(collection)) return answers.routingError(res, 405, 'The method is not allowed for the requested URL.');
  }
  if (collection === 'jobs' && id === 'submit-job' && action === undefined) {
    return method === 'POST' ? submitJob(full) : answers.routingError(res, 405, 'The method is not allowed for the requested URL.');
  }
  if (collection === 'jobs' && id && action === 'execute' && restCount === 0) {
    return method === 'POST' ? executeJob(full, id) : answers.routingError(res, 405, 'The method is not allowed for the requested URL.');
  }
  return answers.routingError(res, 404, 'The resource could not be found.');
}

/** The collections besides job executions, by method: what fixtures and the official clients use. */
const COLLECTION_ROUTES = new Map<string, Map<string, (ctx: RequestContext) => void>>([
  ['data-sources', new Map([['POST', createDataSource]])],
  ['clusters', new Map([['GET', listClusters]])],
  ['jobs', new Map([['GET', listJobs], ['POST', createJob]])],
  ['job-binaries', new Map([['GET', listJobBinaries], ['POST', createJobBinary]])],
  ['job-binary-internals', new Map([['GET', listJobBinaryInternals]])],
]);

/** One job, cluster, data source, job binary or internal binary (PUT names a new one), by collection and method. */
const FIXTURE_RESOURCE_ROUTES = new Map<string, Map<string, (ctx: RequestContext, id: string) => void>>([
  ['jobs', new Map([['GET', showJob], ['DELETE', deleteJob]])],
  ['clusters', new Map([['GET', showCluster]])],
  ['data-sources', new Map([['GET', showDataSource], ['DELETE', deleteDataSource]])],
  ['job-binaries', new Map([['DELETE', deleteJobBinary]])],
  ['job-binary-internals', new Map([['PUT', createJobBinaryInternal], ['DELETE', deleteJobBinaryInternal]])],
]);

function routeOneFixtureResource(ctx: RequestContext, method: string, collection: string | undefined, id: string): 'routed' | 'not-routed' {
  if (collection === undefined || (collection === 'jobs' && id === 'submit-job')) return 'not-routed';
  const byMethod = FIXTURE_RESOURCE_ROUTES.get(collection);
  if (!byMethod) return 'not-routed';
  const handler = byMethod.get(method);
  if (handler) handler(ctx, id);
  else ctx.answers.routingError(ctx.res, 405, 'The method is not allowed for the requested URL.');
  return 'routed';
}
