/**
 * How the bytes of an HTTP/1.1 response are held and framed by the raw reader (wire-exchange):
 * a buffer that grows by doubling, a search for new matches only, and an incremental chunked
 * decoder - so a hostile server that splits its answer into one-byte writes costs linear work -
 * and the three ways a message ends (chunked, Content-Length, the close of the connection).
 */

const CRLF = Buffer.from('\r\n');

/**
 * The bytes received, in one buffer that doubles when full: a server dribbling one byte per write
 * costs amortised linear copying, not a concat of everything per chunk. Views share its memory;
 * a byte once written never changes, so views taken before the buffer grew still hold it.
 */
export class ByteBuffer {
  private store = Buffer.alloc(0);
  length = 0;

  append(chunk: Buffer): void {
    const needed = this.length + chunk.length;
    if (needed > this.store.length) {
      let capacity = Math.max(this.store.length, 4096);
      while (capacity < needed) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      this.store.copy(grown, 0, 0, this.length);
      this.store = grown;
    }
    chunk.copy(this.store, this.length);
    this.length = needed;
  }

  /** Forgets the bytes from `length` on; only before the last read, as nothing may be appended after. */
  truncate(length: number): void {
    this.length = Math.min(this.length, length);
  }

  view(start = 0, end = this.length): Buffer {
    return this.store.subarray(start, Math.min(end, this.length));
  }

  /** A copy of the bytes from `start` on, so what outlives the exchange does not hold the spare capacity. */
  copy(start = 0, end = this.length): Buffer {
    return Buffer.from(this.view(start, end));
  }
}

/** Where `needle` first occurs in `bytes`, searching only what lies past `searchedTo` (plus the overlap a match can straddle). */
export function indexOfNew(bytes: Buffer, needle: Buffer, searchedTo: number): number {
  return bytes.indexOf(needle, Math.max(0, searchedTo - (needle.length - 1)));
}

/**
 * Decodes a chunked body as it arrives, keeping its place and the chunks decoded so far between
 * feeds, so each byte is parsed once however the body is split. Chunk extensions are ignored;
 * trailers are skipped up to the empty line that ends the message; a size line that is no size
 * ends the body where that line starts (what follows counts as beyond the message).
 */
class ChunkedDecoder {
  /** Start of the first byte not yet consumed: a size line, chunk data, or a trailer line. */
  private offset = 0;
  /** Where the search for the CRLF ending the line at `offset` resumes. */
  private scanFrom = 0;
  /** The size of the chunk whose data (and CRLF) is awaited at `offset`. */
  private awaitedSize: number | undefined;
  private inTrailers = false;
  private readonly parts: Buffer[] = [];
  private decoded: { body: Buffer; consumed: number } | undefined;

  /** `bytes` is everything after the head so far, each feed extending the last; undefined until the message ends. */
  feed(bytes: Buffer): { body: Buffer; consumed: number } | undefined {
    while (!this.decoded) {
      if (this.awaitedSize !== undefined) {
        if (!this.takeChunkData(bytes, this.awaitedSize)) return undefined;
        continue;
      }
      const lineStart = this.offset;
      const line = this.takeLine(bytes);
      if (line === undefined) return undefined;
      if (this.inTrailers) {
        if (line.length === 0) this.decoded = { body: Buffer.concat(this.parts), consumed: this.offset };
        continue;
      }
      const size = parseInt(line.toString('latin1').split(';')[0] ?? '', 16);
      // A negative size is no size either (and must not move the offset backwards).
      if (Number.isNaN(size) || size < 0) this.decoded = { body: Buffer.concat(this.parts), consumed: lineStart };
      else if (size === 0) this.inTrailers = true;
      else this.awaitedSize = size;
    }
    return this.decoded;
  }

  /** The line at `offset` without its CRLF, consumed; undefined (search resumable) until the CRLF arrives. */
  private takeLine(bytes: Buffer): Buffer | undefined {
    const end = bytes.indexOf(CRLF, this.scanFrom);
    if (end < 0) {
      // A CR as the last byte may be the start of the CRLF.
      this.scanFrom = Math.max(this.offset, bytes.length - (CRLF.length - 1));
      return undefined;
    }
    const line = bytes.subarray(this.offset, end);
    this.offset = this.scanFrom = end + CRLF.length;
    return line;
  }

  /** Consumes a chunk's data and the two bytes after it (not checked to be CRLF), once all have arrived. */
  private takeChunkData(bytes: Buffer, size: number): boolean {
    if (bytes.length < this.offset + size + CRLF.length) return false;
    this.parts.push(bytes.subarray(this.offset, this.offset + size));
    this.offset = this.scanFrom = this.offset + size + CRLF.length;
    this.awaitedSize = undefined;
    return true;
  }
}

/** How the end of the message is found; read from the head once per response. */
export type Framing = { kind: 'chunked'; decoder: ChunkedDecoder } | { kind: 'length'; length: number } | { kind: 'close' };

export function framingOf(headers: Record<string, string>): Framing {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return { kind: 'chunked', decoder: new ChunkedDecoder() };
  const declared = headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared.trim())) return { kind: 'length', length: Number(declared.trim()) };
  // No framing: the body runs to the close of the connection (and for a 204 every such byte is a body).
  return { kind: 'close' };
}

/** Splits what arrived after the head into the message body and whatever came beyond it. */
export function frameBody(framing: Framing, after: Buffer, complete: boolean): { body: Buffer; beyond: number; done: boolean } {
  if (framing.kind === 'chunked') {
    const decoded = framing.decoder.feed(after);
    if (!decoded) return { body: after, beyond: 0, done: false };
    return { body: decoded.body, beyond: after.length - decoded.consumed, done: true };
  }
  if (framing.kind === 'length') {
    if (after.length < framing.length) return { body: after, beyond: 0, done: false };
    return { body: after.subarray(0, framing.length), beyond: after.length - framing.length, done: true };
  }
  return { body: after, beyond: 0, done: complete };
}
