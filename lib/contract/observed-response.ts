/** A response as the suite observed it, whichever transport carried it. */
import { redactText } from '../redact';

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
  /** Present when the response was read byte by byte from the socket. */
  wire?: WireDetails;
}

export function mediaTypeOf(response: ObservedResponse): string | undefined {
  return response.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The body parsed as JSON, or undefined when it is empty or not JSON. */
export function jsonBodyOf(response: ObservedResponse): unknown {
  if (response.body.length === 0) return undefined;
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The start of the body for messages and evidence, redacted before it is cut: cut first, a
 * secret split by the cut would no longer be recognised and its first part would leave.
 */
export function bodyExcerpt(response: ObservedResponse, max = 300): string {
  const text = redactText(response.body.toString('utf8'));
  return text.length > max ? `${text.slice(0, max)}... (${response.body.length} bytes)` : text;
}
