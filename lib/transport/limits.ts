/**
 * What a target can make the suite hold, in one place for both transports: a suite pointed at
 * someone else's server must not let that server decide how much memory it takes (issue 16).
 */

/** Bytes of a response body read before reading stops (CONFORMANCE_MAX_BODY_BYTES overrides). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Bytes a gzip/deflate body may decode to: a small body must not inflate without end. */
export const MAX_DECODED_BYTES = DEFAULT_MAX_BODY_BYTES;
/** A response head (status line and headers) larger than this is refused. */
export const MAX_HEAD_BYTES = 64 * 1024;
/** A response head with more header lines than this is refused. */
export const MAX_HEADER_LINES = 128;
/**
 * Bytes of an identity service's answer read: a token with its service catalog is a few KB to a
 * few hundred KB on large clouds; a hostile identity service gets no more than this.
 */
export const MAX_IDENTITY_BODY_BYTES = 4 * 1024 * 1024;
