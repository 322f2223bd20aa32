/**
 * Evidence for a requirement that failed in a test: the exchanges the test recorded (its
 * `evidence` attachment, redacted when recorded), cut to a readable length, with the answer the
 * failed check judged picked out for the reproduction line.
 */
import type { TestResult } from '@playwright/test/reporter';
import type { ExchangeRecord } from '../lib/client/exchange-log';
import { redactBytes, redactText } from '../lib/redact';
import type { Evidence, EvidenceExchange } from './report-model';

/** A long poll (waitUntilGone) can record hundreds of reads; the first and last tell the story. */
const KEEP_FIRST = 6;
const KEEP_LAST = 6;

export function exchangesOf(result: TestResult): ExchangeRecord[] {
  const attachment = result.attachments.find((a) => a.name === 'evidence' && a.body);
  if (!attachment?.body) return [];
  try {
    return JSON.parse(attachment.body.toString('utf8')) as ExchangeRecord[];
  } catch {
    return [];
  }
}

/**
 * Failure messages name the answer they judged ("DELETE /v1.1/p/job-executions/x answered 204 ...",
 * lib/assertions/expectations describeAnswer); the last exchange with that method, path and status
 * made before the check failed is it (cleanup may repeat the same request afterwards).
 */
export function judgedExchangeIndex(all: ExchangeRecord[], reason: string | undefined, exchangesBefore = all.length): number | undefined {
  const records = all.slice(0, exchangesBefore > 0 ? exchangesBefore : all.length);
  if (records.length === 0) return undefined;
  const named = /\b(GET|DELETE|POST|PUT|PATCH|HEAD) (\/\S+) answered (\d{3})/.exec(reason ?? '');
  const lastIndex = (pred: (r: ExchangeRecord) => boolean) => {
    for (let i = records.length - 1; i >= 0; i--) if (pred(records[i]!)) return i;
    return -1;
  };
  if (named) {
    const [, method, path, status] = named;
    const exact = lastIndex((r) => r.method === method && r.path === path && r.status === Number(status));
    if (exact >= 0) return exact;
    const samePath = lastIndex((r) => r.method === method && r.path === path);
    if (samePath >= 0) return samePath;
  }
  // No answer named (e.g. the DELETE got no answer): the last exchange that broke, else the last one.
  const broken = lastIndex((r) => r.error !== undefined);
  return broken >= 0 ? broken : records.length - 1;
}

function toEvidenceExchange(r: ExchangeRecord): EvidenceExchange {
  const bytes = r.bytesAfterHeadBase64 === undefined ? undefined : redactBytes(Buffer.from(r.bytesAfterHeadBase64, 'base64'));
  return {
    method: r.method,
    path: redactText(r.path),
    requestHeaders: r.requestHeaders,
    status: r.status,
    responseHeaders: r.responseHeaders,
    bodyExcerpt: r.bodyExcerpt,
    rawHead: r.rawHead === undefined ? undefined : redactText(r.rawHead),
    bytesAfterHeadBase64: bytes?.toString('base64'),
    bytesAfterHeadLength: bytes?.length,
    problems: r.problems,
    error: r.error,
    durationMs: r.durationMs,
    tenant: r.tenant,
  };
}

export function evidenceOf(testId: string, testTitle: string, result: TestResult, reason: string | undefined, exchangesBefore?: number): Evidence | undefined {
  const records = exchangesOf(result);
  if (records.length === 0) return undefined;
  const judged = judgedExchangeIndex(records, reason, exchangesBefore);
  const keep = new Set<number>();
  records.forEach((_, i) => {
    if (i < KEEP_FIRST || i >= records.length - KEEP_LAST) keep.add(i);
  });
  if (judged !== undefined) keep.add(judged);
  const kept = [...keep].sort((a, b) => a - b);
  return {
    testId,
    testTitle,
    judgedExchange: judged === undefined ? undefined : kept.indexOf(judged),
    exchanges: kept.map((i) => toEvidenceExchange(records[i]!)),
    omittedExchanges: records.length - kept.length,
  };
}
