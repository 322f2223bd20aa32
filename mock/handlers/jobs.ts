/** Creating job executions: Sahara's execute (mrs_02_0043) and MRS's submit-job (mrs_02_0040). */
import { renderJobExecution, renderSubmittedJob } from '../render';
import { jsonObjectBody, type RequestContext } from '../request-context';

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

export function executeJob(ctx: RequestContext, jobId: string): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  if (!ctx.store.job(jobId, ctx.tenantId)) {
    return ctx.answers.error(ctx.res, 404, 'NOT_FOUND', `Object with {'id': '${jobId}'} not found`);
  }
  const clusterId = body.cluster_id;
  if (typeof clusterId !== 'string' || !ctx.store.cluster(clusterId, ctx.tenantId)) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Cluster ${String(clusterId)} does not exist in this project`);
  }
  const jobConfigs = body.job_configs ?? { configs: {}, args: [], params: {} };
  if (typeof jobConfigs !== 'object' || Array.isArray(jobConfigs)) {
    return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', 'job_configs must be an object');
  }
  const record = ctx.store.createJobExecution({
    tenantId: ctx.tenantId,
    jobId,
    clusterId,
    inputId: optionalString(body.input_id),
    outputId: optionalString(body.output_id),
    jobConfigs,
    isPublic: body.is_public === true,
    isProtected: body.is_protected === true,
  });
  // Real Sahara answers before the engine has looked at the job: the new execution is PENDING.
  ctx.answers.json(ctx.res, 202, { job_execution: { ...renderJobExecution(record, ctx.store), info: { status: 'PENDING' } } });
}

export function submitJob(ctx: RequestContext): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  const name = body.job_name;
  if (!Number.isInteger(body.job_type) || typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', 'job_type and job_name (1-64 letters, digits, - and _) are required');
  }
  const clusterId = body.cluster_id;
  if (typeof clusterId !== 'string' || !ctx.store.cluster(clusterId, ctx.tenantId)) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Cluster ${String(clusterId)} does not exist in this project`);
  }
  const record = ctx.store.createJobExecution({
    tenantId: ctx.tenantId,
    jobId: '',
    clusterId,
    inputId: null,
    outputId: null,
    jobConfigs: null,
    isPublic: false,
    isProtected: false,
    mrsJobName: name,
  });
  ctx.answers.json(ctx.res, 200, { job_execution: renderSubmittedJob(record) });
}
