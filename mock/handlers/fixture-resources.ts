/**
 * Reads of jobs and clusters, and data sources made and removed: what a client (the fixture, the
 * official clients) needs around job executions. Another project's resource reads as missing,
 * as on Sahara 16.
 */
import { renderCluster, renderDataSource, renderJob } from '../render-fixture-resources';
import type { RequestContext } from '../handler-contract';
import { jsonObjectBody } from '../request-body';

/** Sahara's data-source types (its JSON schema for data sources). */
const DATA_SOURCE_TYPES = ['hdfs', 'swift', 'maprfs', 'manila', 's3'];

export function showJob(ctx: RequestContext, id: string): void {
  const job = ctx.store.job(id, ctx.tenantId);
  if (!job) return ctx.answers.notFound(ctx.res, id);
  ctx.answers.json(ctx.res, 200, { job: renderJob(job) });
}

export function showCluster(ctx: RequestContext, id: string): void {
  const cluster = ctx.store.cluster(id, ctx.tenantId);
  if (!cluster) return ctx.answers.notFound(ctx.res, id);
  ctx.answers.json(ctx.res, 200, { cluster: renderCluster(cluster) });
}

export function createDataSource(ctx: RequestContext): void {
  const body = jsonObjectBody(ctx);
  if (!body) return;
  const { name, type, url } = body;
  const description = typeof body.description === 'string' ? body.description : '';
  if (typeof name !== 'string' || !name || typeof url !== 'string' || !url || typeof type !== 'string' || !DATA_SOURCE_TYPES.includes(type)) {
    return ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `A data source needs a name, a url and a type (one of ${DATA_SOURCE_TYPES.join(', ')})`);
  }
  const source = ctx.store.createDataSource({ tenantId: ctx.tenantId, name, description, type, url });
  ctx.answers.json(ctx.res, 202, { data_source: renderDataSource(source) });
}

export function showDataSource(ctx: RequestContext, id: string): void {
  const source = ctx.store.dataSource(id, ctx.tenantId);
  if (!source) return ctx.answers.notFound(ctx.res, id);
  ctx.answers.json(ctx.res, 200, { data_source: renderDataSource(source) });
}

export function deleteDataSource(ctx: RequestContext, id: string): void {
  if (!ctx.store.dataSource(id, ctx.tenantId)) return ctx.answers.notFound(ctx.res, id);
  ctx.store.dataSources.delete(id);
  ctx.answers.noContent(ctx.res);
}
