/**
 * Undoes a gzip or deflate Content-Encoding, as the official clients' HTTP library (requests)
 * does before the client reads a body: the suite sends their Accept-Encoding, so a conformant
 * server may compress its error bodies. Bodies that cannot be decoded are returned as received
 * (the contract check then reports what is wrong with them), and so are bodies that would decode
 * to more than a cap: a few kilobytes of gzip can inflate to gigabytes.
 */
import { kMaxLength } from 'node:buffer';
import { gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { MAX_DECODED_BYTES } from './limits';

/** zlib stops and throws this when its output would pass maxOutputLength. */
function isCapError(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** Inflates zlib-wrapped deflate, or the raw deflate some servers send under that name. */
function inflateEither(body: Buffer, options: ZlibOptions): Buffer {
  try {
    return inflateSync(body, options);
  } catch (e) {
    // A body that is valid zlib but too large must not be retried as raw deflate.
    if (isCapError(e)) throw e;
    return inflateRawSync(body, options);
  }
}

/**
 * Decodes at most maxBytes of output; zlib stops as soon as the cap is passed, so a bomb costs
 * no more than the cap. Over the cap, or undecodable, the body is returned as received;
 * capExceeded tells the two apart for callers that report it.
 */
export function decodeContent(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number = MAX_DECODED_BYTES,
): { body: Buffer; capExceeded: boolean } {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || coding === 'identity' || body.length === 0) return { body, capExceeded: false };
  // zlib accepts a maxOutputLength from 1 to kMaxLength; a cap of 0 still lets nothing through.
  const options: ZlibOptions = { maxOutputLength: Math.min(kMaxLength, Math.max(1, Math.floor(maxBytes))) };
  try {
    let decoded: Buffer | undefined;
    if (coding === 'gzip' || coding === 'x-gzip') decoded = gunzipSync(body, options);
    if (coding === 'deflate') decoded = inflateEither(body, options);
    if (decoded === undefined) return { body, capExceeded: false };
    if (decoded.length > maxBytes) return { body, capExceeded: true };
    return { body: decoded, capExceeded: false };
  } catch (e) {
    return { body, capExceeded: isCapError(e) };
  }
}
