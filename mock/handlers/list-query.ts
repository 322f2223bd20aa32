/**
 * A job-execution list's query options, as Sahara 16 reads them (python-saharaclient sends them
 * as given: `limit`, `marker`, `sort_by` with "-" for descending, and every search option as
 * its own parameter): filter, sort, then one page. Refusals are answered here.
 */
import type { RequestContext } from '../handler-contract';
import { imitates } from '../sahara16-bugs';
import type { JobExecutionRecord } from '../store';

const PAGING_OPTIONS = new Set(['limit', 'marker', 'sort_by']);

/** The columns a list may be filtered on; status compares case-insensitively, as Sahara's does. */
const FILTERS: Record<string, (record: JobExecutionRecord, ctx: RequestContext) => string | null> = {
  id: (r) => r.id,
  status: (r, ctx) => ctx.store.stateOf(r).toLowerCase(),
  cluster_id: (r) => r.clusterId,
  job_id: (r) => r.jobId,
  input_id: (r) => r.inputId,
  output_id: (r) => r.outputId,
};

/** Sahara's sort keys: the id, and three that go through a related row (its status, cluster, job template). */
const SORT_KEYS: Record<string, (record: JobExecutionRecord, ctx: RequestContext) => string> = {
  id: (r) => r.id,
  status: (r, ctx) => ctx.store.stateOf(r),
  cluster: (r) => r.clusterId,
  job_template: (r) => r.jobId,
};

export interface ListPage {
  records: JobExecutionRecord[];
  markers?: { prev: string | null; next: string | null };
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** 400 for a bad limit or sort key; Sahara 16 names the error with the number 400. */
function refuseQuery(ctx: RequestContext, message: string): undefined {
  if (imitates(ctx, 'bad-query-numeric-error-name')) {
    ctx.answers.json(ctx.res, 400, ctx.answers.saharaEnvelope(400, 400, message));
  } else {
    ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', message);
  }
  return undefined;
}

function sortRecords(ctx: RequestContext, records: JobExecutionRecord[], sortBy: string | null): JobExecutionRecord[] | undefined {
  if (sortBy === null) return records;
  const descending = sortBy.startsWith('-');
  const key = descending ? sortBy.slice(1) : sortBy;
  const value = Object.hasOwn(SORT_KEYS, key) ? SORT_KEYS[key] : undefined;
  if (!value) return refuseQuery(ctx, `Unknown field for sorting ${key}`);
  if (key !== 'id' && imitates(ctx, 'sort-by-relation-500')) {
    ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
    return undefined;
  }
  const sorted = [...records].sort((x, y) => compareText(value(x, ctx), value(y, ctx)) || compareText(x.id, y.id));
  return descending ? sorted.reverse() : sorted;
}

function filterRecords(ctx: RequestContext, records: JobExecutionRecord[], query: URLSearchParams): JobExecutionRecord[] | undefined {
  let kept = records;
  for (const [name, wanted] of query) {
    if (PAGING_OPTIONS.has(name)) continue;
    const column = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
    if (!column) {
      if (imitates(ctx, 'unknown-filter-500')) ctx.answers.error(ctx.res, 500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
      else ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `Unknown field for filtering ${name}`);
      return undefined;
    }
    const match = name === 'status' ? wanted.toLowerCase() : wanted;
    kept = kept.filter((r) => column(r, ctx) === match);
  }
  return kept;
}

function idAt(records: JobExecutionRecord[], index: number): string | null {
  return index >= 0 ? records[index]?.id ?? null : null;
}

/** Sahara 16's paging (mock/sahara16-bugs.ts list-marker-inclusive). */
function inclusivePage(records: JobExecutionRecord[], position: number, limit: number | undefined): ListPage {
  const start = Math.max(position, 0);
  const page = records.slice(start, limit === undefined ? undefined : start + limit);
  if (limit === undefined) return { records: page };
  if (position < 0) return { records: page, markers: { prev: null, next: records.length > limit ? idAt(records, limit - 1) : null } };
  return {
    records: page,
    markers: { prev: idAt(records, position - limit), next: idAt(records, position + limit) },
  };
}

/** The page after the marker; markers.prev is the marker given, markers.next the page's last item when more follow. */
function pageAfterMarker(records: JobExecutionRecord[], position: number, marker: string | null, limit: number | undefined): ListPage {
  const rest = records.slice(position + 1);
  if (limit === undefined) return { records: rest };
  const page = rest.slice(0, limit);
  return { records: page, markers: { prev: marker, next: rest.length > limit ? page.at(-1)?.id ?? null : null } };
}

/** The page the query asks for, or undefined once a refusal has been answered. */
export function selectPage(ctx: RequestContext, visible: JobExecutionRecord[], query: URLSearchParams): ListPage | undefined {
  const limitText = query.get('limit');
  if (limitText !== null && !(/^\d+$/.test(limitText) && Number(limitText) > 0)) return refuseQuery(ctx, "'limit' must be positive integer");
  const limit = limitText === null ? undefined : Number(limitText);
  const sorted = sortRecords(ctx, visible, query.get('sort_by'));
  const records = sorted && filterRecords(ctx, sorted, query);
  if (!records) return undefined;
  const marker = query.get('marker');
  if (marker !== null && !visible.some((r) => r.id === marker)) {
    ctx.behaviour.answerNotFound(ctx, marker);
    return undefined;
  }
  const position = marker === null ? -1 : records.findIndex((r) => r.id === marker);
  return imitates(ctx, 'list-marker-inclusive') ? inclusivePage(records, position, limit) : pageAfterMarker(records, position, marker, limit);
}
