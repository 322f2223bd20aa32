/** Creating job executions: Sahara's execute (mrs_02_0043) and MRS's submit-job (mrs_02_0040). */
import { isUuid } from '../behaviour';
import { renderCreatedJobExecution, renderSubmittedJob } from '../render';
import { imitates } from '../sahara16-bugs';
import type { RequestContext } from '../handler-contract';
import { jsonObjectBody } from '../request-body';

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/** Sahara's JSON schema for an execution, checked before anything is looked up: the ids must be UUIDs. */
function schemaProblem(body: Record<string, unknown>): string | undefined {
  if (body.cluster_id === undefined) return "'cluster_id' is a required property";
  for (const field of ['cluster_id', 'input_id', 'output_id']) {
    const value = body[field];
    if (value === undefined || (value === null && field !== 'cluster_id')) continue;
    if (typeof value !== 'string' || !isUuid(value)) return `${field}: ${JSON.stringify(value)} is not a 'uuid'`;
  }
  const jobConfigs = body.job_configs;
  if (jobConfigs !== undefined && (typeof jobConfigs !== 'object' || jobConfigs === null || Array.isArray(jobConfigs))) return 'job_configs must be an object';
  const givenInterface = body.interface;
  if (givenInterface !== undefined && (typeof givenInterface !== 'object' || givenInterface === null || Array.isArray(givenInterface))) return 'interface must be an object';
  return undefined;
}

export function executeJob(ctx: RequestContext, jobId: string): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  const problem = schemaProblem(body);
  if (problem) return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', problem);
  const job = ctx.store.job(jobId, ctx.tenantId);
  if (!job) return ctx.answers.notFound(ctx.res, jobId);
  const clusterId = body.cluster_id as string;
  if (!ctx.store.cluster(clusterId, ctx.tenantId)) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Cluster ${clusterId} does not exist in this project`);
  }
  const jobType = job.created?.type ?? 'Shell';
  if (ctx.options.unsupportedJobTypes.includes(jobType)) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Cluster with id '${clusterId}' doesn't support job type '${jobType}'`);
  }
  const undeclared = Object.keys((body.interface as Record<string, unknown> | undefined) ?? {}).filter((name) => !job.interfaceArgs.includes(name));
  if (undeclared.length > 0) {
    return ctx.answers.error(ctx.res, 400, 'INVALID_DATA', `Argument names: ${JSON.stringify(undeclared)} were not found in the interface for this job.`);
  }
  const [inputId, outputId] = [optionalString(body.input_id), optionalString(body.output_id)];
  const missingSource = [inputId, outputId].find((id) => id !== null && !ctx.store.dataSource(id, ctx.tenantId));
  if (missingSource) {
    if (imitates(ctx, 'create-unknown-data-source-500')) return ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
    return ctx.answers.error(ctx.res, 400, 'INVALID_REFERENCE', `Data source ${missingSource} does not exist in this project`);
  }
  const dropsFlags = imitates(ctx, 'create-drops-flags');
  const record = ctx.store.createJobExecution({
    tenantId: ctx.tenantId,
    jobId,
    clusterId,
    inputId,
    outputId,
    // Sahara keeps the configs as sent and adds its own bookkeeping key.
    jobConfigs: { ...((body.job_configs as Record<string, unknown> | undefined) ?? {}), job_execution_info: {} },
    isPublic: !dropsFlags && body.is_public === true,
    isProtected: !dropsFlags && body.is_protected === true,
  });
  // Real Sahara answers before the engine has looked at the job: the new execution is PENDING.
  ctx.answers.json(ctx.res, 202, { job_execution: renderCreatedJobExecution(record) });
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
