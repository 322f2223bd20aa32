/**
 * Answers that must be alike: what a caller can tell from an answer - status, error code and
 * name, media type, and the body once what must differ (the id asked for) and what is volatile
 * (request ids, error ids, timestamps) are masked. Two answers with different likenesses tell
 * their cases apart (CWE-204), whatever the server's own wording is.
 */
import { mediaTypeOf } from '../contract/observed-response';
import type { CheckedResponse } from '../client/checked-response';

export interface AnswerLikeness {
  status: number;
  /** error_code and error_name of Sahara's envelope, error_code of MRS's; undefined when absent. */
  errorCode?: string;
  errorName?: string;
  contentType: string;
  maskedBody: string;
}

const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const HTTP_DATE = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g;
/** Epoch seconds or milliseconds, and other long counters. */
const LONG_NUMBER = /\b\d{10,}\b/g;

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The body as text with `askedFor` (the id in the request, as sent and decoded) and volatile parts masked. */
export function maskedBodyOf(response: CheckedResponse, askedFor: string): string {
  let text = response.body.toString('utf8');
  for (const form of new Set([askedFor, encodeURIComponent(askedFor)])) {
    if (form) text = text.replace(new RegExp(escapeForPattern(form), 'gi'), '<id>');
  }
  return text.replace(UUID, '<uuid>').replace(ISO_TIME, '<time>').replace(HTTP_DATE, '<time>').replace(LONG_NUMBER, '<number>');
}

export function likenessOf(response: CheckedResponse, askedFor: string): AnswerLikeness {
  const json = (typeof response.json === 'object' && response.json !== null ? response.json : {}) as Record<string, unknown>;
  const text = (value: unknown) => (value === undefined || value === null ? undefined : String(value));
  return {
    status: response.status,
    errorCode: text(json.error_code),
    errorName: text(json.error_name),
    contentType: mediaTypeOf(response) ?? 'none',
    maskedBody: maskedBodyOf(response, askedFor),
  };
}

/** The parts in which two likenesses differ, as a person reads them; empty when they are alike. */
export function differencesBetween(a: AnswerLikeness, b: AnswerLikeness): string[] {
  const parts: string[] = [];
  if (a.status !== b.status) parts.push(`status ${a.status} vs ${b.status}`);
  if (a.errorCode !== b.errorCode) parts.push(`error_code ${a.errorCode ?? 'none'} vs ${b.errorCode ?? 'none'}`);
  if (a.errorName !== b.errorName) parts.push(`error_name ${a.errorName ?? 'none'} vs ${b.errorName ?? 'none'}`);
  if (a.contentType !== b.contentType) parts.push(`Content-Type ${a.contentType} vs ${b.contentType}`);
  if (a.maskedBody !== b.maskedBody) parts.push(`body ${JSON.stringify(a.maskedBody.slice(0, 160))} vs ${JSON.stringify(b.maskedBody.slice(0, 160))}`);
  return parts;
}
