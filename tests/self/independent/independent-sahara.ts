/**
 * An independent Sahara-like job-execution server, written by an outside certifier from
 * spec/job-executions.openapi.yaml and docs/real-sahara.md only - nothing from mock/ or lib/ -
 * so that the suite can be judged against a server its authors never saw.
 *
 * In memory, node:http only. Two projects with fixed development tokens, one job and one Active
 * cluster each, and in project A a cluster that is not Active (executions there stay PENDING and
 * a DELETE holds them at TOBEKILLED for a while before they go).
 *
 * `startIndependentServer(bug?)` starts it on 127.0.0.1, port 0. With a `bug` it ships one
 * realistic defect (see BUGS below and README.md in this folder).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';

export const BUG_NAMES = [
  'list-cache-not-invalidated-on-delete',
  'soft-deleted-redelete-204',
  'public-deletable-by-other-tenant',
  'unprotect-falsy-merge',
  'project-from-token-not-url',
  'pending-kill-never-completes',
  'malformed-id-db-cast-500',
  'start-callback-resurrects',
  'refused-delete-cancels-anyway',
  'noauth-fallback-for-unknown-token',
  'soft-delete-timezone-skew',
  'delete-requires-json-content-type',
  'gateway-retries-slow-delete',
  'delete-cascades-to-job',
  // third round (README.md, "Third round")
  'rowid-reuse-after-delete',
  'quota-release-sign-error',
  'method-override-header-honoured',
  'deletion-failed-string-error-code',
] as const;
export type BugName = (typeof BUG_NAMES)[number];

export interface IndependentServerOptions {
  /** How long a DELETE of a PENDING/RUNNING execution reads TOBEKILLED before it goes. */
  cancelHoldMs?: number;
  /** How long after its creation an execution on an Active cluster is started (then SUCCEEDED). */
  startDelayMs?: number;
  /**
   * 'keystone' (default): missing/unknown tokens answer keystonemiddleware's
   * {"error": {code, title, message}} and a tenant mismatch {code: "401 Unauthorized", title, message},
   * as docs/real-sahara.md reports. 'sahara': every 401 in Sahara's own envelope
   * {error_code, error_name, error_message} - what an implementer using one envelope everywhere ships.
   */
  authErrorStyle?: 'keystone' | 'sahara';
  /**
   * bug quota-release-sign-error: the project's job-execution quota (a deployment setting; only
   * enforced by that bug's server, so the correct server is unchanged). Default 50.
   */
  jobExecutionQuota?: number;
  /** Called with one line per answered request (method, path, status), for debugging. */
  log?: (line: string) => void;
}

export interface IndependentServer {
  baseUrl: string;
  close: () => Promise<void>;
  suiteEnvironment: Record<string, string>;
}

interface Project {
  id: string;
  token: string;
  jobId: string;
  clusterId: string;
  pendingClusterId?: string;
}

export const PROJECTS: { a: Project; b: Project } = {
  a: {
    id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    token: 'independent-dev-token-alpha',
    jobId: '11111111-2222-4333-8444-555555555555',
    clusterId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
    pendingClusterId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
  },
  b: {
    id: '0f9e8d7c6b5a49382716a5b4c3d2e1f0',
    token: 'independent-dev-token-beta',
    jobId: '12345678-9abc-4def-8123-456789abcdef',
    clusterId: 'fedcba98-7654-4321-8fed-cba987654321',
  },
};

type Status = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'TOBEKILLED' | 'KILLED';

interface JobExecution {
  id: string;
  tenant_id: string;
  job_id: string;
  cluster_id: string;
  input_id: string | null;
  output_id: string | null;
  engine_job_id: string | null;
  oozie_job_id: string | null;
  return_code: string | null;
  created_at: string;
  updated_at: string | null;
  start_time: string | null;
  end_time: string | null;
  is_public: boolean;
  is_protected: boolean;
  job_configs: Record<string, unknown>;
  data_source_urls: Record<string, string> | null;
  info: { status: Status };
  /** soft-delete marker (epoch ms) for the bugs that soft-delete; undefined when live */
  deletedAt?: number;
  /** bug rowid-reuse-after-delete: the row's integer primary key (the public id is derived from it) */
  rowid?: number;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function sqlTime(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, '');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

function saharaError(status: number, name: string, message: string): HttpError {
  return new HttpError(status, {
    error_code: status,
    error_name: name,
    error_message: `${message}\nError ID: ${randomUUID()}`,
  });
}

/**
 * bug rowid-reuse-after-delete: the public id is a name-based (version 5) UUID of the row's integer
 * primary key, so that ids look random but need no second column - "stable and unguessable enough".
 */
const ROWID_NAMESPACE = '6f1c3b1e-8a41-4d7e-9b8a-2c5e0f4d7a10';
function uuidFromRowid(rowid: number): string {
  const hash = createHash('sha1').update(Buffer.from(ROWID_NAMESPACE.replace(/-/g, ''), 'hex')).update(`job_executions:${rowid}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function routingError(status: number, message: string): HttpError {
  return new HttpError(status, { error: status, error_message: message });
}

export async function startIndependentServer(bug?: BugName, options: IndependentServerOptions = {}): Promise<IndependentServer> {
  const cancelHoldMs = options.cancelHoldMs ?? 300;
  const startDelayMs = options.startDelayMs ?? 100;
  const authErrorStyle = options.authErrorStyle ?? 'keystone';
  const jobExecutionQuota = options.jobExecutionQuota ?? 50;
  /** bug quota-release-sign-error: job executions counted against each project's quota */
  const quotaUsage = new Map<string, number>();
  const store = new Map<string, JobExecution>();
  const timers = new Set<NodeJS.Timeout>();
  /** bug list-cache-not-invalidated-on-delete: cached list answers per project + query */
  const listCache = new Map<string, unknown>();
  /** bug soft-delete-timezone-skew: the "local" zone the server writes deleted_at in (UTC+1) */
  const localZoneSkewMs = 60 * 60 * 1000;

  /** bug delete-cascades-to-job: jobs removed along with one of their executions */
  const deletedJobs = new Set<string>();
  const projects = [PROJECTS.a, PROJECTS.b];
  const byToken = new Map(projects.map((p) => [p.token, p]));

  function later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function clusterOf(project: Project, clusterId: string): 'Active' | 'Waiting' | undefined {
    if (clusterId === project.clusterId) return 'Active';
    if (clusterId === project.pendingClusterId) return 'Waiting';
    return undefined;
  }

  /** Is the row live for reads? (soft-deleting bugs keep rows with deletedAt) */
  function live(je: JobExecution | undefined): je is JobExecution {
    if (!je) return false;
    if (je.deletedAt === undefined) return true;
    // soft-delete-timezone-skew: deleted_at was written in local time, compared against UTC now
    return je.deletedAt > Date.now();
  }

  function visibleTo(je: JobExecution, project: Project): boolean {
    return je.tenant_id === project.id || je.is_public;
  }

  function invalidateLists(project: string): void {
    for (const key of [...listCache.keys()]) if (key.startsWith(`${project}?`) || key === project) listCache.delete(key);
  }

  function present(je: JobExecution): Record<string, unknown> {
    const { deletedAt: _deleted, rowid: _rowid, ...rest } = je;
    return { ...rest, info: { ...je.info } };
  }

  function hardDelete(je: JobExecution): void {
    store.delete(je.id);
  }

  /**
   * bug quota-release-sign-error: `commitQuota` applies a delta to the project's usage and
   * `releaseQuota(project, count)` gives `count` units back (it negates). The deletion path calls it
   * with the delta it wants applied, -1 - so the two negations cancel and every deletion consumes a
   * unit instead of returning one.
   */
  function commitQuota(project: string, delta: number): void {
    quotaUsage.set(project, Math.max(0, (quotaUsage.get(project) ?? 0) + delta));
  }
  function releaseQuota(project: string, count: number): void {
    commitQuota(project, -count);
  }

  function removeRow(je: JobExecution): void {
    if (bug === 'quota-release-sign-error') releaseQuota(je.tenant_id, -1); // meant: releaseQuota(tenant, 1)
    // the ORM relationship job -> executions was declared with cascade on the wrong side
    if (bug === 'delete-cascades-to-job') deletedJobs.add(je.job_id);
    if (bug === 'soft-deleted-redelete-204') {
      je.deletedAt = Date.now();
    } else if (bug === 'soft-delete-timezone-skew') {
      // local wall-clock time stored as if it were UTC: one hour in the future
      je.deletedAt = Date.now() + localZoneSkewMs;
    } else {
      hardDelete(je);
    }
    if (bug !== 'list-cache-not-invalidated-on-delete') invalidateLists(je.tenant_id);
  }

  /** The engine: starts an execution on an Active cluster a little after its creation. */
  function scheduleStart(je: JobExecution): void {
    const snapshot = { ...je, info: { ...je.info } };
    later(startDelayMs, () => {
      if (bug === 'start-callback-resurrects') {
        // the engine writes back the row it loaded when the job was submitted (an upsert)
        const current = store.get(je.id);
        if (current && current.info.status === 'TOBEKILLED') return;
        store.set(je.id, { ...snapshot, ...(current ?? {}), info: { status: 'SUCCEEDED' }, start_time: sqlTime(), engine_job_id: 'engine_job_id', oozie_job_id: 'engine_job_id', updated_at: sqlTime() });
        return;
      }
      const current = store.get(je.id);
      if (!current || current.deletedAt !== undefined || current.info.status !== 'PENDING') return;
      current.info = { status: 'SUCCEEDED' };
      current.start_time = sqlTime();
      current.engine_job_id = 'engine_job_id';
      current.oozie_job_id = 'engine_job_id';
      current.updated_at = sqlTime();
    });
  }

  /** Cancels a PENDING/RUNNING execution: TOBEKILLED for cancelHoldMs, then the row goes. */
  function cancelThenRemove(je: JobExecution): void {
    je.info = { status: 'TOBEKILLED' };
    je.updated_at = sqlTime();
    later(cancelHoldMs, () => {
      const current = store.get(je.id);
      if (!current || current !== je) return;
      if (bug === 'pending-kill-never-completes' && clusterOfAny(je) === 'Waiting') {
        // the engine only acknowledges kills of jobs it started; a job never started stays TOBEKILLED
        return;
      }
      removeRow(je);
    });
  }

  function clusterOfAny(je: JobExecution): 'Active' | 'Waiting' | undefined {
    const owner = projects.find((p) => p.id === je.tenant_id);
    return owner ? clusterOf(owner, je.cluster_id) : undefined;
  }

  /** Looks an id up for `project`; 404 NOT_FOUND when absent or not visible. */
  function find(id: string, project: Project, opts: { includeSoftDeleted?: boolean } = {}): JobExecution {
    if (bug === 'malformed-id-db-cast-500' && !UUID.test(id)) {
      // the id goes straight into a uuid-typed column; the driver's cast error escapes as a 500
      throw new HttpError(500, { error_code: 500, error_name: 'INTERNAL_SERVER_ERROR', error_message: `invalid input syntax for type uuid: "${id}"` });
    }
    const je = store.get(id);
    const ok = opts.includeSoftDeleted ? !!je : live(je);
    if (!ok || !je || !visibleTo(je, project)) throw saharaError(404, 'NOT_FOUND', `Object with {'id': '${id}'} not found`);
    return je;
  }

  function authenticate(req: IncomingMessage, urlProject: string): Project {
    const token = req.headers['x-auth-token'];
    const tokenText = Array.isArray(token) ? token[0] : token;
    const unauthorized = (message: string) =>
      authErrorStyle === 'sahara'
        ? new HttpError(401, { error_code: 401, error_name: 'UNAUTHORIZED', error_message: message }, { 'WWW-Authenticate': 'Keystone uri="http://127.0.0.1:5000"' })
        : new HttpError(401, { error: { code: 401, title: 'Unauthorized', message } }, { 'WWW-Authenticate': 'Keystone uri="http://127.0.0.1:5000"' });
    if (!tokenText) throw unauthorized('The request you have made requires authentication.');
    let project = byToken.get(tokenText);
    if (!project && bug === 'noauth-fallback-for-unknown-token') {
      // a "noauth" dev middleware left in the pipeline: any token is trusted for the URL's project
      project = projects.find((p) => p.id === urlProject);
    }
    if (!project) throw unauthorized('The request you have made requires authentication.');
    if (bug === 'project-from-token-not-url') return project; // the URL's project is never compared
    if (project.id !== urlProject) {
      const message = `Token tenant != requested tenant`;
      throw authErrorStyle === 'sahara'
        ? new HttpError(401, { error_code: 401, error_name: 'UNAUTHORIZED', error_message: message })
        : new HttpError(401, { code: '401 Unauthorized', title: 'Unauthorized', message });
    }
    return project;
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1024 * 1024) throw saharaError(413, 'REQUEST_TOO_LARGE', 'Request body too large');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const text = await readBody(req);
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw saharaError(400, 'MALFORMED_REQUEST_BODY', 'Malformed message body: the body is not JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw saharaError(400, 'VALIDATION_ERROR', 'The body must be a JSON object');
    return parsed as Record<string, unknown>;
  }

  // ---------------------------------------------------------------------------------- handlers

  function list(project: Project, query: URLSearchParams): unknown {
    const cacheKey = `${project.id}?${[...query.entries()].map(([k, v]) => `${k}=${v}`).sort().join('&')}`;
    if (bug === 'list-cache-not-invalidated-on-delete' && listCache.has(cacheKey)) return listCache.get(cacheKey);
    let rows = [...store.values()].filter((je) => live(je) && visibleTo(je, project));
    for (const [key, value] of query.entries()) {
      if (key === 'limit' || key === 'marker' || key === 'sort_by') continue;
      if (key === 'status') rows = rows.filter((je) => je.info.status.toLowerCase() === value.toLowerCase());
      else if (key === 'cluster_id' || key === 'job_id' || key === 'id') rows = rows.filter((je) => je[key] === value);
      else throw saharaError(400, 'VALIDATION_ERROR', `Unknown search option: ${key}`);
    }
    const sortBy = query.get('sort_by') ?? 'id';
    const descending = sortBy.startsWith('-');
    const key = descending ? sortBy.slice(1) : sortBy;
    if (!['id', 'created_at', 'updated_at', 'start_time', 'end_time', 'job_id', 'cluster_id'].includes(key)) {
      throw saharaError(400, 'VALIDATION_ERROR', `Unknown sort key: ${sortBy}`);
    }
    rows.sort((x, y) => {
      const a = String((x as unknown as Record<string, unknown>)[key] ?? '');
      const b = String((y as unknown as Record<string, unknown>)[key] ?? '');
      return (a < b ? -1 : a > b ? 1 : 0) * (descending ? -1 : 1);
    });
    const marker = query.get('marker');
    let start = 0;
    if (marker !== null) {
      const at = rows.findIndex((je) => je.id === marker);
      if (at < 0) throw saharaError(404, 'NOT_FOUND', `Marker ${marker} not found`);
      start = at + 1;
    }
    const limitText = query.get('limit');
    let limit = rows.length;
    if (limitText !== null) {
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1) throw saharaError(400, 'VALIDATION_ERROR', `Invalid limit: ${limitText}`);
      limit = Number(limitText);
    }
    const page = rows.slice(start, start + limit);
    const next = start + limit < rows.length ? (page[page.length - 1]?.id ?? null) : null;
    const body = { job_executions: page.map(present), markers: { prev: marker, next } };
    if (bug === 'list-cache-not-invalidated-on-delete') listCache.set(cacheKey, JSON.parse(JSON.stringify(body)));
    return body;
  }

  async function execute(project: Project, jobId: string, req: IncomingMessage): Promise<unknown> {
    const body = await jsonBody(req);
    const clusterId = body.cluster_id;
    if (typeof clusterId !== 'string' || !UUID.test(clusterId)) throw saharaError(400, 'VALIDATION_ERROR', `cluster_id: '${String(clusterId)}' is not a 'uuid'`);
    for (const flag of ['is_public', 'is_protected'] as const) {
      if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw saharaError(400, 'VALIDATION_ERROR', `${flag} must be a boolean`);
    }
    const configs = body.job_configs ?? {};
    if (typeof configs !== 'object' || configs === null || Array.isArray(configs)) throw saharaError(400, 'VALIDATION_ERROR', 'job_configs must be an object');
    if (jobId !== project.jobId || deletedJobs.has(jobId)) throw saharaError(404, 'NOT_FOUND', `Job id '${jobId}' not found`);
    const cluster = clusterOf(project, clusterId);
    if (!cluster) throw saharaError(400, 'INVALID_REFERENCE', `Cluster with id '${clusterId}' doesn't exist`);
    for (const ref of ['input_id', 'output_id'] as const) {
      if (body[ref] !== undefined && body[ref] !== null) throw saharaError(400, 'INVALID_REFERENCE', `Data source with id '${String(body[ref])}' doesn't exist`);
    }
    if (bug === 'quota-release-sign-error') {
      if ((quotaUsage.get(project.id) ?? 0) + 1 > jobExecutionQuota) {
        throw saharaError(403, 'QUOTA_EXCEEDED', `Quota exceeded for job_executions: requested 1, but already used ${quotaUsage.get(project.id)} of ${jobExecutionQuota}`);
      }
      commitQuota(project.id, 1);
    }
    const now = sqlTime();
    let rowid: number | undefined;
    if (bug === 'rowid-reuse-after-delete') {
      // INTEGER PRIMARY KEY without AUTOINCREMENT (SQLite): the new rowid is max(rowid) + 1, so
      // the rowid - and the id derived from it - of the newest row is handed out again once it is deleted
      rowid = Math.max(0, ...[...store.values()].map((row) => row.rowid ?? 0)) + 1;
    }
    const je: JobExecution = {
      id: rowid === undefined ? randomUUID() : uuidFromRowid(rowid),
      tenant_id: project.id,
      job_id: jobId,
      cluster_id: clusterId,
      input_id: null,
      output_id: null,
      engine_job_id: null,
      oozie_job_id: null,
      return_code: null,
      created_at: now,
      updated_at: null,
      start_time: null,
      end_time: null,
      is_public: body.is_public === true,
      is_protected: body.is_protected === true,
      job_configs: { ...(configs as Record<string, unknown>), job_execution_info: {} },
      data_source_urls: null,
      info: { status: 'PENDING' },
      ...(rowid === undefined ? {} : { rowid }),
    };
    store.set(je.id, je);
    invalidateLists(project.id);
    if (cluster === 'Active') scheduleStart(je);
    return { job_execution: present(je) };
  }

  async function update(project: Project, id: string, req: IncomingMessage): Promise<unknown> {
    const body = await jsonBody(req);
    for (const key of Object.keys(body)) {
      if (key !== 'is_public' && key !== 'is_protected') throw saharaError(400, 'VALIDATION_ERROR', `Additional properties are not allowed ('${key}' was unexpected)`);
      if (typeof body[key] !== 'boolean') throw saharaError(400, 'VALIDATION_ERROR', `${key}: ${JSON.stringify(body[key])} is not of type 'boolean'`);
    }
    const je = find(id, project);
    if (je.tenant_id !== project.id) throw saharaError(400, 'UPDATE_FAILED', `Job execution with id '${id}' could not be updated because it wasn't created in this tenant`);
    const next = body as { is_public?: boolean; is_protected?: boolean };
    if (je.is_protected) {
      const unprotects = next.is_protected === false;
      const onlyPublic = Object.keys(body).every((k) => k === 'is_public');
      if (!unprotects && !onlyPublic) throw saharaError(400, 'UPDATE_FAILED', `Job execution with id '${id}' could not be updated because it's marked as protected`);
    }
    if (bug === 'unprotect-falsy-merge') {
      // "keep the old value when the field is not given" written with ||, so false never overwrites true
      je.is_public = next.is_public || je.is_public;
      je.is_protected = next.is_protected || je.is_protected;
    } else {
      if (next.is_public !== undefined) je.is_public = next.is_public;
      if (next.is_protected !== undefined) je.is_protected = next.is_protected;
    }
    je.updated_at = sqlTime();
    return { job_execution: present(je) };
  }

  function deletionFailed(message: string): HttpError {
    const error = saharaError(400, 'DELETION_FAILED', message);
    if (bug === 'deletion-failed-string-error-code') {
      // the DeletionFailed exception class was written from an error-code table (mrs_02_0010 gives
      // error_code as a string) and declares its code as the string '400'; the shared helper copies it
      (error.body as Record<string, unknown>).error_code = '400';
    }
    return error;
  }

  async function remove(project: Project, id: string, req: IncomingMessage): Promise<void> {
    await readBody(req); // a body on the DELETE is ignored
    if (bug === 'delete-requires-json-content-type') {
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) throw saharaError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type '${type}' is not supported; use application/json`);
    }
    const je = find(id, project, { includeSoftDeleted: bug === 'soft-deleted-redelete-204' });
    if (je.deletedAt !== undefined) return; // (soft-deleted-redelete-204) "already deleted: nothing to do"
    if (bug === 'refused-delete-cancels-anyway') {
      // the cancellation is sent before the checks; its reaper deletes the row later, whatever they say
      const status = je.info.status;
      later(1000, () => {
        const current = store.get(id);
        if (current === je) removeRow(je);
      });
      if (status === 'PENDING' || status === 'RUNNING') je.info = { status: 'TOBEKILLED' };
    }
    if (je.tenant_id !== project.id && bug !== 'public-deletable-by-other-tenant') {
      throw deletionFailed(`Job execution with id '${id}' could not be deleted because it wasn't created in this tenant`);
    }
    if (je.is_protected) throw deletionFailed(`Job execution with id '${id}' could not be deleted because it's marked as protected`);
    const status = je.info.status;
    if (status === 'TOBEKILLED') return; // being cancelled already: 204 again
    if (status === 'PENDING' && clusterOfAny(je) === 'Active') {
      // not started yet: the start is simply dropped (the engine callback finds no row)
      removeRow(je);
      return;
    }
    if (status === 'PENDING' || status === 'RUNNING') {
      cancelThenRemove(je);
      return;
    }
    removeRow(je);
  }

  // ---------------------------------------------------------------------------------- routing

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').slice(1).map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
    let method = req.method ?? 'GET';
    if (bug === 'method-override-header-honoured' && method === 'POST') {
      // express's method-override('X-HTTP-Method-Override'), installed for HTML-form and proxy
      // clients that cannot send DELETE: a POST carrying the header is routed as that method
      const override = req.headers['x-http-method-override'];
      const overrideText = (Array.isArray(override) ? override[0] : override)?.trim().toUpperCase();
      if (overrideText && ['DELETE', 'PATCH', 'PUT', 'GET'].includes(overrideText)) method = overrideText;
    }
    if (parts[0] !== 'v1.1' || parts.length < 3 || !parts[1]) throw routingError(404, 'The resource could not be found.');
    const project = authenticate(req, parts[1]);
    const [, , collection, id, action, ...rest] = parts;
    if (collection === 'job-executions' && id === undefined) {
      if (method !== 'GET') throw routingError(405, 'The method is not allowed for the requested URL.');
      return send(res, 200, list(project, url.searchParams));
    }
    if (collection === 'job-executions' && id !== undefined && action === undefined && id !== '') {
      const jeId = id.endsWith('.json') ? id.slice(0, -5) : id;
      if (method === 'GET') return send(res, 200, { job_execution: present(find(jeId, project)) });
      if (method === 'PATCH') return send(res, 202, await update(project, jeId, req));
      if (method === 'DELETE') {
        await remove(project, jeId, req);
        if (bug === 'gateway-retries-slow-delete') {
          // the audit write after the deletion is slower than the gateway's upstream timeout; the
          // gateway (DELETE being idempotent) sends the request again and relays that answer
          await remove(project, jeId, req);
        }
        res.writeHead(204, { 'X-Openstack-Request-Id': `req-${randomUUID()}` });
        res.end();
        return;
      }
      if (method === 'OPTIONS') {
        res.writeHead(200, { Allow: 'OPTIONS, HEAD, DELETE, GET, PATCH', 'Content-Length': '0' });
        res.end();
        return;
      }
      throw routingError(405, 'The method is not allowed for the requested URL.');
    }
    if (collection === 'jobs' && id && action === 'execute' && rest.length === 0) {
      if (method !== 'POST') throw routingError(405, 'The method is not allowed for the requested URL.');
      return send(res, 202, await execute(project, id, req));
    }
    if (collection === 'jobs' && id && action === undefined && method === 'GET') {
      if (id !== project.jobId || deletedJobs.has(id)) throw saharaError(404, 'NOT_FOUND', `Job id '${id}' not found`);
      return send(res, 200, { job: { id, tenant_id: project.id, name: 'independent-shell-job', type: 'Shell', is_public: false, is_protected: false } });
    }
    if (collection === 'clusters' && id && action === undefined && method === 'GET') {
      const state = clusterOf(project, id);
      if (!state) throw saharaError(404, 'NOT_FOUND', `Cluster id '${id}' not found`);
      return send(res, 200, { cluster: { id, tenant_id: project.id, name: `independent-${state.toLowerCase()}`, status: state, plugin_name: 'fake', hadoop_version: '0.1' } });
    }
    throw routingError(404, 'The resource could not be found.');
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      'X-Openstack-Request-Id': `req-${randomUUID()}`,
      ...headers,
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    if (options.log) {
      const log = options.log;
      const t0 = Date.now();
      res.on('finish', () => log(`${t0 % 100000} ${req.method} ${req.url} -> ${res.statusCode} (${req.headers['x-auth-token'] === PROJECTS.a.token ? 'A' : req.headers['x-auth-token'] === PROJECTS.b.token ? 'B' : 'other'})`));
    }
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        send(res, error.status, error.body, error.headers);
      } else {
        send(res, 500, { error_code: 500, error_name: 'INTERNAL_SERVER_ERROR', error_message: String(error) });
      }
      // drain whatever the client still sends
      req.resume();
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const close = async (): Promise<void> => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  const { a, b } = PROJECTS;
  const suiteEnvironment: Record<string, string> = {
    CONFORMANCE_BASE_URL: baseUrl,
    CONFORMANCE_PROFILE: 'sahara',
    CONFORMANCE_PROJECT_ID: a.id,
    CONFORMANCE_AUTH_TOKEN: a.token,
    CONFORMANCE_OTHER_PROJECT_ID: b.id,
    CONFORMANCE_OTHER_AUTH_TOKEN: b.token,
    CONFORMANCE_FIXTURE: 'sahara-execute',
    CONFORMANCE_JOB_ID: a.jobId,
    CONFORMANCE_CLUSTER_ID: a.clusterId,
    CONFORMANCE_OTHER_JOB_ID: b.jobId,
    CONFORMANCE_OTHER_CLUSTER_ID: b.clusterId,
    CONFORMANCE_PENDING_CLUSTER_ID: a.pendingClusterId ?? '',
  };
  return { baseUrl, close, suiteEnvironment };
}
