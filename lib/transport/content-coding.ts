/**
 * Undoes a gzip or deflate Content-Encoding, as the official clients' HTTP library (requests)
 * does before the client reads a body: the suite sends their Accept-Encoding, so a conformant
 * server may compress its error bodies. Bodies that cannot be decoded are returned as received
 * (the contract check then reports what is wrong with them).
 */
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

export function decodeContent(body: Buffer, contentEncoding: string | undefined): Buffer {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || coding === 'identity' || body.length === 0) return body;
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body);
    if (coding === 'deflate') {
      try {
        return inflateSync(body);
      } catch {
        return inflateRawSync(body);
      }
    }
  } catch {
    return body;
  }
  return body;
}
