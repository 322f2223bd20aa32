/**
 * How a mock instance behaves; every switch maps to a documented real-server behaviour, a
 * conformant variant or a catalogued defect. Which defect or variant a mock plays is not among
 * them: it is named when the mock is started (mock/server.ts MockStart), and the catalogues set
 * these switches as they need.
 */

export type MockProfile = 'sahara' | 'mrs';
export const MOCK_QUIRKS = ['sahara16'] as const;
export type MockQuirk = (typeof MOCK_QUIRKS)[number];

/** How answers are dressed. Real Sahara's by default; variants change it within what the contract allows. */
export interface AnswerStyle {
  /** Headers added to every answer (e.g. by a gateway in front of the service). */
  extraHeaders: Record<string, string>;
  /** Close the connection after every answer (Connection: close). */
  closeConnections: boolean;
  /**
   * Close the connection after every answer without saying so: no Connection: close, keep-alive
   * as far as the answer tells (a misconfigured front end; closeConnections is the honest way).
   */
  closeSilently?: boolean;
  /** Answer with HTTP/1.0 status lines (an old proxy in front of the service). */
  http10?: boolean;
  /** Headers of the 204 to DELETE besides the request id; real Sahara sends Content-Type: application/json. */
  noContentHeaders: Record<string, string>;
  /** Fields added to every JSON error envelope. */
  envelopeExtras: Record<string, unknown>;
  /** Rewords error messages (clients must not depend on the wording). */
  rewordMessage?: (message: string) => string;
}

export interface MockOptions {
  host: string;
  port: number;
  /** Error dialect and MRS-specific answers. */
  profile: MockProfile;
  /**
   * sahara16: real Sahara 16's 204 framing (Transfer-Encoding: chunked + empty chunk) and its
   * read-after-delete race (reads right after the 204 may still answer 200, a junk 200 or 500).
   */
  quirks: Set<MockQuirk>;
  /** How long a running job execution stays TOBEKILLED after DELETE before it disappears. */
  deleteDelayMs: number;
  /** How long an execution on an Active cluster runs before it is SUCCEEDED. */
  jobDurationMs: number;
  /** With sahara16: how long after the 204 the row lingers. */
  raceWindowMs: number;
  /** How long every answer is held back (a slow server that still answers within the client's timeout). */
  answerDelayMs: number;
  /**
   * How new job execution ids look: UUIDs as Sahara makes them, sequential numbers, or (a defect)
   * one more than the largest id in use - a deleted newest row's id is handed out again.
   */
  jobExecutionIds: 'uuid' | 'sequential' | 'largest-plus-one';
  /** With variant rate-limiting-gateway: the gateway answers every this many requests with 429. */
  rateLimitPeriod: number;
  /** With variant rate-limiting-gateway: the Retry-After (seconds) of its 429. */
  rateLimitRetryAfterSeconds: number;
  style: AnswerStyle;
  /**
   * Job types the clusters' plugin does not run: an execution of such a job is refused (400
   * INVALID_REFERENCE), as Sahara refuses one its plugin has no engine for.
   */
  unsupportedJobTypes: string[];
}

export const DEFAULT_ANSWER_STYLE: AnswerStyle = {
  extraHeaders: {},
  closeConnections: false,
  noContentHeaders: { 'Content-Type': 'application/json' },
  envelopeExtras: {},
};

export const DEFAULT_MOCK_OPTIONS: MockOptions = {
  host: '127.0.0.1',
  port: 0,
  profile: 'sahara',
  quirks: new Set(),
  deleteDelayMs: 0,
  jobDurationMs: 0,
  raceWindowMs: 120,
  answerDelayMs: 0,
  jobExecutionIds: 'uuid',
  rateLimitPeriod: 5,
  rateLimitRetryAfterSeconds: 0,
  style: DEFAULT_ANSWER_STYLE,
  unsupportedJobTypes: [],
};
