/** A response as the suite observed it, whichever transport carried it. */
import { redactFragment, redactText } from '../redact';

export interface WireDetails {
  /** Status line and header block exactly as received (secret headers masked at capture). */
  rawHead: string;
  /** Every byte received after the header block, framing included (e.g. a chunked terminator). */
  bytesAfterHead: Buffer;
  /** The message body its framing delivers, before any Content-Encoding is undone. */
  messageBody: Buffer;
  transferEncoding?: string;
  contentLength?: string;
  /** Bytes received beyond the end of the message its own framing announced. */
  bytesBeyondMessage: number;
}

export interface ObservedResponse {
  operationId: string;
  method: string;
  /** Path and query, no origin and no credentials. */
  path: string;
  requestHeaders: Record<string, string>;
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The content as a client reads it: as the framing delivers it, with a gzip/deflate Content-Encoding undone. */
  body: Buffer;
  durationMs: number;
  /**
   * Set when the body was longer than the suite reads (CONFORMANCE_MAX_BODY_BYTES): body holds
   * the first `limit` bytes; or, `decoded`, when its gzip/deflate content would decode to more
   * than that: body is as received. Evidence of a defect, judged by the contract check.
   */
  bodyCapExceeded?: { limit: number; bytesSeen: number; decoded?: boolean };
  /** Present when the response was read byte by byte from the socket. */
  wire?: WireDetails;
  /** For a request sent as a given client family does: which, and on what connection, in words. */
  sentAs?: string;
}

export function mediaTypeOf(response: ObservedResponse): string | undefined {
  return response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The body parsed as JSON, or undefined when it is empty, not JSON, or cut at the cap. */
export function jsonBodyOf(response: ObservedResponse): unknown {
  if (response.body.length === 0 || response.bodyCapExceeded) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Bytes beyond the excerpt that are still read, so a secret running across the cut is recognised whole. */
const SECRET_MARGIN_BYTES = 4096;

/**
 * The start of the body for messages and evidence, redacted before it is cut: cut first, a
 * secret split by the cut would no longer be recognised and its first part would leave. Only the
 * start of a long body is decoded (a body may be a megabyte, read many times a second).
 */
export function bodyExcerpt(response: ObservedResponse, max = 300): string {
  const head = response.body.subarray(0, max * 4 + SECRET_MARGIN_BYTES);
  // A body cut here, or at the cap, may end in part of a secret, which only fragment redaction sees.
  const cut = head.length < response.body.length || response.bodyCapExceeded !== undefined;
  const text = (cut ? redactFragment : redactText)(head.toString('utf8'));
  return text.length > max || cut ? `${text.slice(0, max)}... (${response.body.length} bytes)` : text;
}
