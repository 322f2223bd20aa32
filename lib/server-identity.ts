/**
 * What the target's answers say about the software behind it, for the report's target section.
 * Product headers are kept with their values; per-request ids are only noted as present (their
 * values differ on every request and identify nothing but the request).
 */

/** Headers that name the server software or the proxies in front of it. */
const PRODUCT_HEADERS = ['server', 'via', 'x-powered-by', 'openstack-api-version'];
/** Request-id headers OpenStack services (and MRS gateways) add; their presence is the signal. */
const PRESENCE_HEADERS = ['x-openstack-request-id', 'x-compute-request-id', 'x-request-id'];
const MAX_VALUES = 5;

export interface ServerHeaderSeen {
  name: string;
  /** Distinct values seen (product headers only). */
  values?: string[];
}

/** From the response headers of exchanges (lib/client/exchange-log's records). */
export function serverHeadersIn(records: { responseHeaders?: Record<string, string> }[]): ServerHeaderSeen[] {
  const seen = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record.responseHeaders ?? {})) {
      const key = name.toLowerCase();
      if (!PRODUCT_HEADERS.includes(key) && !PRESENCE_HEADERS.includes(key)) continue;
      const values = seen.get(key) ?? new Set<string>();
      if (PRODUCT_HEADERS.includes(key) && values.size < MAX_VALUES) values.add(value);
      seen.set(key, values);
    }
  }
  return mergeServerHeaders([[...seen].map(([name, values]) => (values.size ? { name, values: [...values] } : { name }))]);
}

/** Joins what several tests saw into one list, sorted by header name. */
export function mergeServerHeaders(lists: ServerHeaderSeen[][]): ServerHeaderSeen[] {
  const merged = new Map<string, Set<string> | undefined>();
  for (const entry of lists.flat()) {
    const values = merged.get(entry.name) ?? (entry.values ? new Set<string>() : undefined);
    for (const v of entry.values ?? []) if (values && values.size < MAX_VALUES) values.add(v);
    merged.set(entry.name, values);
  }
  return [...merged]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, values]) => (values ? { name, values: [...values] } : { name }));
}
