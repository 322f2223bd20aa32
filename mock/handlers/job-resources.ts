/**
 * What a run makes when nothing names a job or a cluster (lib/target-fixtures/provisioning): the list of
 * clusters, and jobs, job binaries and internal binaries made, listed and removed - with Sahara
 * 16's refusals: a job that job executions still refer to, or a binary a job names, is not
 * deleted (400 DELETION_FAILED), and a cluster whose plugin does not run the job's type refuses
 * the execution (mock option unsupportedJobTypes).
 */
import { renderBinary, renderCluster, renderJob } from '../render-fixture-resources';
import type { RequestContext } from '../handler-contract';
import { jsonObjectBody } from '../request-body';
import type { BinaryRecord } from '../store';

/** Sahara's job types (sahara/utils/edp.py). */
const JOB_TYPES = ['Hive', 'Java', 'MapReduce', 'MapReduce.Streaming', 'Pig', 'Shell', 'Spark', 'Storm', 'Storm.Pyleus'];
/** Sahara's "valid_name" format, for jobs, binaries and internal binaries. */
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_.]*$/;

/** The caller's own records of a collection, under the key Sahara lists them by. */
function listOwn<T extends { tenantId: string }>(ctx: RequestContext, key: string, records: Map<string, T>, render: (record: T) => Record<string, unknown>): void {
  ctx.answers.json(ctx.res, 200, { [key]: [...records.values()].filter((r) => r.tenantId === ctx.tenantId).map(render) });
}

export const listClusters = (ctx: RequestContext): void => listOwn(ctx, 'clusters', ctx.store.clusters, renderCluster);
export const listJobs = (ctx: RequestContext): void => listOwn(ctx, 'jobs', ctx.store.jobs, renderJob);
export const listJobBinaries = (ctx: RequestContext): void => listOwn(ctx, 'binaries', ctx.store.jobBinaries, renderBinary);
export const listJobBinaryInternals = (ctx: RequestContext): void => listOwn(ctx, 'binaries', ctx.store.jobBinaryInternals, renderBinary);

export function createJob(ctx: RequestContext): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  const { name, type } = body;
  const mains = Array.isArray(body.mains) ? body.mains.filter((m): m is string => typeof m === 'string') : [];
  if (typeof name !== 'string' || !VALID_NAME.test(name) || name.length > 50) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `name: ${JSON.stringify(name)} is not a 'valid_name'`);
  if (typeof type !== 'string' || !JOB_TYPES.includes(type)) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `type: ${JSON.stringify(type)} is not one of ${JSON.stringify(JOB_TYPES)}`);
  const missing = mains.find((id) => !ctx.store.ownedBy(ctx.store.jobBinaries, id, ctx.tenantId));
  if (missing) return ctx.answers.error(ctx.res, 400, 'NOT_FOUND', `JobBinary with id '${missing}' not found`);
  if (type === 'Shell' && mains.length !== 1) return ctx.answers.error(ctx.res, 400, 'INVALID_DATA', 'Shell flow requires main script');
  const job = ctx.store.createJob(ctx.tenantId, { name, type, mains, description: typeof body.description === 'string' ? body.description : '' });
  ctx.answers.json(ctx.res, 202, { job: renderJob(job) });
}

export function deleteJob(ctx: RequestContext, id: string): void {
  if (!ctx.store.job(id, ctx.tenantId)) return ctx.answers.notFound(ctx.res, id);
  if (ctx.store.jobInUse(id)) return ctx.answers.error(ctx.res, 400, 'DELETION_FAILED', 'Job deletion failed on foreign key constraint');
  ctx.store.jobs.delete(id);
  ctx.answers.noContent(ctx.res);
}


export function createJobBinary(ctx: RequestContext): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  const { name, url } = body;
  if (typeof name !== 'string' || !VALID_NAME.test(name)) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `name: ${JSON.stringify(name)} is not a 'valid_name'`);
  const internal = typeof url === 'string' ? /^internal-db:\/\/(.+)$/.exec(url)?.[1] : undefined;
  if (!internal) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `url: ${JSON.stringify(url)} is not an internal-db:// URL this mock keeps`);
  if (!ctx.store.ownedBy(ctx.store.jobBinaryInternals, internal, ctx.tenantId)) return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Cannot find internal binary ${internal}`);
  const binary = ctx.store.createBinary(ctx.store.jobBinaries, { tenantId: ctx.tenantId, name, description: typeof body.description === 'string' ? body.description : '', url: url as string });
  ctx.answers.json(ctx.res, 202, { job_binary: renderBinary(binary) });
}

export function deleteJobBinary(ctx: RequestContext, id: string): void {
  if (!ctx.store.ownedBy(ctx.store.jobBinaries, id, ctx.tenantId)) return ctx.answers.notFound(ctx.res, id);
  if (ctx.store.binaryInUse(id)) return ctx.answers.error(ctx.res, 400, 'DELETION_FAILED', 'JobBinary is referenced and cannot be deleted');
  ctx.store.jobBinaries.delete(id);
  ctx.answers.noContent(ctx.res);
}


/** PUT /job-binary-internals/<name>: the body is the file itself. */
export function createJobBinaryInternal(ctx: RequestContext, name: string): void {
  if (!VALID_NAME.test(name)) return ctx.answers.error(ctx.res, 400, 'BAD_JOB_BINARY', `${name} is not a valid name`);
  if (ctx.body.length === 0) return ctx.answers.error(ctx.res, 400, 'BAD_JOB_BINARY', 'To work with JobBinaryInternal you should provide a non-empty body');
  const binary: BinaryRecord = ctx.store.createBinary(ctx.store.jobBinaryInternals, { tenantId: ctx.tenantId, name, description: '', size: ctx.body.length });
  ctx.answers.json(ctx.res, 202, { job_binary_internal: renderBinary(binary) });
}

export function deleteJobBinaryInternal(ctx: RequestContext, id: string): void {
  if (!ctx.store.ownedBy(ctx.store.jobBinaryInternals, id, ctx.tenantId)) return ctx.answers.notFound(ctx.res, id);
  ctx.store.jobBinaryInternals.delete(id);
  ctx.answers.noContent(ctx.res);
}
