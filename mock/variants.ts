/**
 * Conformant ways of answering that differ from the default mock (`--variant NAME`): behaviours a
 * correct implementation may have, which the suite must accept. Each is something real servers do
 * (real Sahara's own framing and races, gateways, slow links, other id schemes, MRS's dialect).
 * tests/self/verdict-matrix.spec.ts requires CONFORMANT with no MUST failure against every entry.
 */
import { isUuid, STANDARD_BEHAVIOUR as standard } from './behaviour';
import type { Behaviour } from './handler-contract';
import type { AnswerStyle, MockOptions } from './options';
import { namedTable } from './named-table';

export interface VariantDescription {
  /** What this server does differently from the default mock. */
  behaviour: string;
  configure?: Partial<Omit<MockOptions, 'style'>>;
  style?: Partial<AnswerStyle>;
  hooks?: Partial<Behaviour>;
  /** What a user would tell the suite about such a target (a longer deadline, a longer request timeout). */
  suiteEnvironment?: Record<string, string>;
  /** SHOULD requirements the suite must report as findings against it (and never as MUST failures). */
  findings?: string[];
}

/** Alternates per server (keyed by its store), so a caller's next attempt after a 500 is answered. */
function answerEveryOtherListWith500(): Behaviour['answerList'] {
  const listReads = new WeakMap<object, number>();
  return (ctx, body) => {
    const count = listReads.get(ctx.store) ?? 0;
    listReads.set(ctx.store, count + 1);
    if (count % 2 === 0) return ctx.answers.empty(ctx.res, 500, { 'Content-Type': 'application/json' });
    standard.answerList(ctx, body);
  };
}

/**
 * A rate-limiting gateway: every `rateLimitPeriod`th request to this server (counted per store, over
 * all methods and paths) gets the gateway's own 429, with its headers rather than Sahara's, and
 * goes no further.
 */
function limitRateAtGateway(): Behaviour['answerAtGateway'] {
  const requests = new WeakMap<object, number>();
  return (ctx) => {
    const count = (requests.get(ctx.store) ?? 0) + 1;
    requests.set(ctx.store, count);
    if (count % ctx.options.rateLimitPeriod !== 0) return false;
    const body = JSON.stringify({ error: { code: 429, message: 'Rate limit exceeded' } });
    ctx.res.writeHead(429, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Retry-After': String(ctx.options.rateLimitRetryAfterSeconds) });
    ctx.res.end(body);
    return true;
  };
}

export const VARIANTS = {
  'sahara-as-observed': {
    behaviour: 'real Sahara 16 without its quirks: the 204 carries Content-Type: application/json, deletion completes at once',
  },
  'sahara16-quirks': {
    behaviour: "real Sahara 16's chunked 204 and its read-after-delete race (a junk 200, an empty 500), here for 500 ms",
    configure: { quirks: new Set(['sahara16'] as const), raceWindowMs: 500 },
    // The race (JEX-DEL-102) is usually met too, but depends on timing, as on real Sahara.
    findings: ['JEX-DEL-101'],
  },
  'list-server-errors': {
    behaviour: 'every other list read answers an empty 500, as real Sahara 16 once did while job executions were deleted around it',
    hooks: { answerList: answerEveryOtherListWith500() },
  },
  'async-tobekilled': {
    behaviour: 'job executions keep running; a deleted one reads TOBEKILLED for 1.5 s, then 404',
    configure: { jobDurationMs: 600_000, deleteDelayMs: 1_500 },
    suiteEnvironment: { CONFORMANCE_DELETE_TIMEOUT_MS: '5000', CONFORMANCE_LONG_DELETE_TIMEOUT_MS: '5000' },
  },
  'finished-delete-lingers': {
    behaviour: 'a finished job execution still reads 200 (valid) for 500 ms after its 204, then 404',
    hooks: { deleteRecord: (ctx, record) => ctx.store.markDeleted(record, 500) },
  },
  'content-length-zero-on-204': {
    behaviour: 'the 204 declares Content-Length: 0',
    style: { noContentHeaders: { 'Content-Type': 'application/json', 'Content-Length': '0' } },
  },
  'bare-204': {
    behaviour: 'the 204 carries no Content-Type, only the request id and Date',
    style: { noContentHeaders: {} },
  },
  'extra-headers-and-fields': {
    behaviour: 'a gateway adds headers to every answer, and error envelopes carry extra fields',
    style: {
      extraHeaders: { 'X-Request-Id': 'gw-5f2c', 'Cache-Control': 'no-store', 'Strict-Transport-Security': 'max-age=31536000', Vary: 'Accept' },
      envelopeExtras: { request_id: 'gw-5f2c', details: [] },
    },
  },
  'different-error-messages': {
    behaviour: 'error messages are worded differently (localised, no Error ID)',
    style: { rewordMessage: () => 'Die Anfrage konnte nicht ausgeführt werden.' },
  },
  'sequential-ids': {
    behaviour: 'job execution ids are sequential numbers, not UUIDs',
    configure: { jobExecutionIds: 'sequential' },
  },
  'connection-close': {
    behaviour: 'every answer carries Connection: close and the connection is closed after it',
    style: { closeConnections: true },
  },
  'slow-answers': {
    behaviour: 'every answer takes 150 ms (longer than the poll interval and the settle window), within the 5 s request timeout the suite is given',
    configure: { answerDelayMs: 150 },
    suiteEnvironment: { CONFORMANCE_REQUEST_TIMEOUT_MS: '5000' },
  },
  'mrs-dialect': {
    behaviour: "MRS's error envelope {error_code: string, error_msg} (mrs_02_0010) and submit-job fixtures, judged under profile mrs",
    configure: { profile: 'mrs' },
  },
  'mrs-malformed-id-400': {
    behaviour: 'under profile mrs, DELETE of an id that is not a UUID answers 400 (mrs_02_0015 allows 400 or 404)',
    configure: { profile: 'mrs' },
    hooks: {
      answerDeleteOfMissing: (ctx, id) =>
        isUuid(id) ? standard.answerDeleteOfMissing(ctx, id) : ctx.answers.error(ctx.res, 400, 'VALIDATION_ERROR', `The job execution id ${id} is not valid`),
    },
  },
  'async-delete-2s': {
    behaviour: 'every deletion is carried out asynchronously and completes 2 s after the 204 (the job execution reads 200 until then), then stays deleted',
    hooks: { deleteRecord: (ctx, record) => ctx.store.markDeleted(record, 2_000, 2_000) },
    suiteEnvironment: { CONFORMANCE_DELETE_TIMEOUT_MS: '6000', CONFORMANCE_LONG_DELETE_TIMEOUT_MS: '6000' },
  },
  'http10-connection-close': {
    behaviour: 'every answer is an HTTP/1.0 message with Connection: close, as an old front proxy sends',
    style: { http10: true, closeConnections: true },
  },
  'rate-limiting-gateway': {
    behaviour:
      'a gateway in front answers every 5th request (any method and path) with 429 Too Many Requests and Retry-After: 0 before authentication; that request never reaches the service (--rate-limit-period, --rate-limit-retry-after)',
    hooks: { answerAtGateway: limitRateAtGateway() },
  },
  'silent-connection-close': {
    behaviour:
      'a misconfigured front end closes the connection after every answer without sending Connection: close (the answers say keep-alive); a request sent on it before the close is noticed meets a reset',
    style: { closeSilently: true },
  },
} satisfies Record<string, VariantDescription>;

export type VariantName = keyof typeof VARIANTS;
const table = namedTable<VariantName, VariantDescription>(VARIANTS);
export const VARIANT_NAMES = table.names;
export const isVariantName = table.has;
export const describeVariant = table.describe;
