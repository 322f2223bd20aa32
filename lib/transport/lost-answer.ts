/**
 * A request that was sent and never answered: it timed out, or the connection was reset or closed
 * under it. Both transports throw it (./http-transport, ./wire-exchange), so callers tell it from
 * every other failure by its type. What the server did with the request cannot be known: callers
 * decide what that means for them (a read is sent again; a creation is not, and its test cannot
 * start; a DELETE is inconclusive).
 */
export class LostAnswer extends Error {
  override name = 'LostAnswer';

  /**
   * `how`: the deadline passed, or the connection broke (reset, closed) under the request.
   * `partial`: the bytes that did arrive (the wire exchange keeps them as evidence).
   * `onReusedConnection`: the request went out on a kept-alive connection that had carried an
   * earlier one; with no byte of an answer, it most likely met a connection the server had ended.
   */
  constructor(
    message: string,
    readonly how: 'timed-out' | 'connection-broke',
    readonly partial: Buffer = Buffer.alloc(0),
    readonly onReusedConnection = false,
  ) {
    super(message);
  }
}

export function isLostAnswer(error: unknown): error is LostAnswer {
  return error instanceof LostAnswer;
}

/**
 * A request that met a dead kept-alive connection before any byte of its answer came back: the
 * server closed the connection before the request reached it, so it is sent once more on a fresh
 * one, whatever the method (RFC 9112 section 9.3.1 lets a client retry on a new connection then;
 * creations carry the run id, so a duplicate is swept).
 */
export function worthSendingAgainFresh(error: unknown): error is LostAnswer {
  return error instanceof LostAnswer && error.onReusedConnection && error.how === 'connection-broke' && error.partial.length === 0;
}

/** The first line of what went wrong, for a message that says a request got no answer. */
export function lostAnswerSummary(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Socket errors that mean the connection broke under a request already on its way: the server
 * may have read it. Refused or unresolvable connections never carried it.
 */
export function brokeInFlight(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' || /socket hang up/.test(error.message);
}
