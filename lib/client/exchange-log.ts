/**
 * Every exchange a test makes, redacted at the moment it is recorded, so evidence can be
 * attached to a failing requirement without ever holding a secret.
 */
import { errorDialectOf, type ErrorDialect } from '../contract/error-dialect';
import { bodyExcerpt, jsonBodyOf, type ObservedResponse } from '../contract/observed-response';
import { redactBytes, redactFragment, redactHeaders, redactText } from '../redact';

/** Whose token a request carried: the tested project's, the second project's, one the suite forged, or none. */
export type TenantRole = 'primary' | 'other' | 'forged' | 'none';

/** Whose token a request carried, and that project's id (not a secret: every path carries one). */
export interface ExchangeTenant {
  role: TenantRole;
  projectId?: string;
}

export interface ExchangeRecord {
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  status?: number;
  responseHeaders?: Record<string, string>;
  bodyExcerpt?: string;
  /** For wire-level exchanges: the response head as received and every byte after it (base64). */
  rawHead?: string;
  bytesAfterHeadBase64?: string;
  problems?: string[];
  /** For an error answer (4xx/5xx) with a JSON body: whose envelope it is (lib/contract/error-dialect). */
  errorDialect?: ErrorDialect;
  error?: string;
  durationMs?: number;
  /** For a DELETE sent as a given client family does: which, and on what connection (lib/client/client-request-heads). */
  sentAs?: string;
  /** Whose token it carried: a reproduction of a cross-tenant request must export the second project's. */
  tenant?: ExchangeTenant;
}

/** Requests sent again because of transport noise, not because of anything the contract judges. */
export interface TransportNoise {
  /** Sent again after a 429 / 503 with Retry-After ("not now"). */
  retries: number;
  /** Sent again on a fresh connection after a kept-alive one died under them before any answer. */
  resends: number;
}

/** Bytes cut at the cap may end in part of a secret, which only fragment redaction sees. */
function bytesAsEvidence(bytes: Buffer, cut: boolean): Buffer {
  return cut ? Buffer.from(redactFragment(bytes.toString('latin1')), 'latin1') : redactBytes(bytes);
}

export class ExchangeLog {
  readonly records: ExchangeRecord[] = [];
  readonly noise: TransportNoise = { retries: 0, resends: 0 };

  record(response: ObservedResponse & { problems?: { message: string }[] }, tenant?: ExchangeTenant): void {
    this.records.push({
      method: response.method,
      path: redactText(response.path),
      requestHeaders: redactHeaders(response.requestHeaders),
      status: response.status,
      responseHeaders: redactHeaders(response.headers),
      bodyExcerpt: redactText(bodyExcerpt(response)),
      rawHead: response.wire?.rawHead,
      bytesAfterHeadBase64: response.wire ? bytesAsEvidence(response.wire.bytesAfterHead, response.bodyCapExceeded !== undefined).toString('base64') : undefined,
      problems: response.problems?.map((p) => redactText(p.message)),
      errorDialect: response.status >= 400 ? errorDialectOf(jsonBodyOf(response)) : undefined,
      durationMs: Math.round(response.durationMs),
      ...(response.sentAs ? { sentAs: response.sentAs } : {}),
      ...(tenant ? { tenant } : {}),
    });
  }

  recordFailure(method: string, path: string, requestHeaders: Record<string, string>, error: string, tenant?: ExchangeTenant): void {
    this.records.push({ method, path: redactText(path), requestHeaders: redactHeaders(requestHeaders), error: redactText(error), ...(tenant ? { tenant } : {}) });
  }
}
