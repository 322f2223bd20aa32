/**
 * The service client: one method per API call. It is the only code that builds URLs, adds
 * credentials, sends requests and judges responses against the contract. Every response comes
 * back with its contract problems attached; assertions on them live in ./expectations.
 */
import type { SuiteConfig, TenantCredentials } from '../config';
import type { Contract } from '../contract/contract';
import { jsonBodyOf, type ObservedResponse } from '../contract/observed-response';
import type { ContractProblem } from '../contract/response-validator';
import { AmbiguousOutcome } from '../errors';
import { exchangeOnFreshConnection, WireError } from '../transport/wire-exchange';
import { LostAnswer } from '../transport/lost-answer';
import { decodeContent } from '../transport/content-coding';
import type { HttpTransport } from '../transport/http-transport';
import { OFFICIAL_CLIENT_DELETE_HEADERS, OFFICIAL_CLIENT_DELETE_TRAILING_HEADERS } from './official-client-request';
import { pathSegment } from './path-segment';
import { MAX_RETRIES, retryDelayMs } from './retry-after';
import { effectOf, recordPlannedRequest } from './request-plan';
import { operationById } from '../contract/openapi-document';
import type { ExchangeLog } from './exchange-log';
import type { OwnershipRegistry } from './ownership';
import type { RunLedger } from '../run/run-ledger';

export interface CheckedResponse extends ObservedResponse {
  problems: ContractProblem[];
  json: unknown;
}

/** Whose credentials a request carries. */
export type Credentials = 'own' | 'none' | 'invalid' | 'other-project';

export interface RequestOptions {
  credentials?: Credentials;
}

/** A token no identity service issued: long enough to look real, obviously fake when read. */
const FORGED_TOKEN = 'gAAAAAconformance-suite-forged-token-000000000000000000000000';

/**
 * The body as a client reads it, Content-Encoding undone - within the cap: a body cut at the cap
 * as received, or one that would decode past it, is kept as received and reported (ObservedResponse).
 */
function readableBody(received: Buffer, contentEncoding: string | undefined, limit: number, cut?: { limit: number; bytesSeen: number }): Pick<ObservedResponse, 'body' | 'bodyCapExceeded'> {
  if (cut) return { body: received, bodyCapExceeded: cut };
  const decoded = decodeContent(received, contentEncoding, limit);
  return decoded.capExceeded ? { body: received, bodyCapExceeded: { limit, bytesSeen: received.length, decoded: true } } : { body: decoded.body };
}

const withOwnToken = (options: RequestOptions): boolean => (options.credentials ?? 'own') === 'own';

/** What a client is made of: named, since several are strings or optional. */
export interface JobExecutionApiParts {
  http: HttpTransport;
  config: SuiteConfig;
  contract: Contract;
  /** The tenant whose token and project it uses. */
  tenant: TenantCredentials;
  log: ExchangeLog;
  ownership: OwnershipRegistry;
  /** The other tenant's token, for requests that must carry a foreign one (credentials: 'other-project'). */
  otherProjectToken?: string;
  /** The run's ledger, told when a job execution this client deleted reads 404 (the run guard reads it again at the end). */
  ledger?: RunLedger;
}

export class JobExecutionApi {
  /** Ids whose DELETE, with this tenant's own token, was answered 2xx. */
  private readonly acceptedDeletes = new Set<string>();

  private readonly http: HttpTransport;
  private readonly config: SuiteConfig;
  private readonly contract: Contract;
  readonly tenant: TenantCredentials;
  private readonly log: ExchangeLog;
  private readonly ownership: OwnershipRegistry;
  private readonly otherProjectToken?: string;
  private readonly ledger?: RunLedger;

  constructor(parts: JobExecutionApiParts) {
    this.http = parts.http;
    this.config = parts.config;
    this.contract = parts.contract;
    this.tenant = parts.tenant;
    this.log = parts.log;
    this.ownership = parts.ownership;
    this.otherProjectToken = parts.otherProjectToken;
    this.ledger = parts.ledger;
  }

  get projectId(): string {
    return this.tenant.projectId;
  }

  async showJobExecution(id: string, options: RequestOptions = {}): Promise<CheckedResponse> {
    const read = await this.send('showJobExecution', 'GET', this.jobExecutionPath(id), options);
    // Gone after a DELETE this client saw accepted: the run guard reads it again at the end. (A 404
    // before any DELETE, say from a replica behind the creation, says nothing about deletion.)
    if (read.status === 404 && withOwnToken(options) && this.acceptedDeletes.has(id)) this.ledger?.recordGone(id);
    return read;
  }

  listJobExecutions(options: RequestOptions = {}): Promise<CheckedResponse> {
    return this.send('listJobExecutions', 'GET', `${this.projectPath()}/job-executions`, options);
  }

  /** The operation under test, observed on the wire (see transport/wire-exchange). */
  async deleteJobExecution(id: string, options: RequestOptions = {}): Promise<CheckedResponse> {
    this.ownership.assertMayDestroy(id, 'DELETE');
    try {
      const answer = await this.sendOnWire('deleteJobExecution', 'DELETE', this.jobExecutionPath(id), options);
      if (answer.status >= 200 && answer.status < 300 && withOwnToken(options)) this.acceptedDeletes.add(id);
      return answer;
    } catch (error) {
      if (!(error instanceof WireError || error instanceof LostAnswer)) throw error;
      // No complete answer (timeout, reset): the DELETE may or may not have happened. It is not
      // sent again; a read tells what can be told, and the check is inconclusive either way.
      const after = await this.showJobExecution(id).then((r) => `a read afterwards answered ${r.status}`, (e: Error) => `a read afterwards failed too (${e.message.split('\n')[0]})`);
      throw new AmbiguousOutcome(`no complete answer to DELETE ${this.jobExecutionPath(id)}: ${error.message}; ${after}`);
    }
  }

  async updateJobExecution(id: string, changes: { is_public?: boolean; is_protected?: boolean }, options: RequestOptions = {}): Promise<CheckedResponse> {
    this.ownership.assertMayDestroy(id, 'PATCH');
    return this.send('updateJobExecution', 'PATCH', this.jobExecutionPath(id), options, changes);
  }

  executeJob(jobId: string, body: Record<string, unknown>, options: RequestOptions = {}): Promise<CheckedResponse> {
    return this.send('executeJob', 'POST', `${this.projectPath()}/jobs/${pathSegment(jobId)}/execute`, options, body);
  }

  submitJob(body: Record<string, unknown>, options: RequestOptions = {}): Promise<CheckedResponse> {
    return this.send('submitJob', 'POST', `${this.projectPath()}/jobs/submit-job`, options, body);
  }

  /** A method the job-execution resource does not offer (PUT, POST): judged against x-unsupported-methods. */
  async sendUnsupportedMethod(method: 'PUT' | 'POST', id: string, options: RequestOptions = {}): Promise<CheckedResponse> {
    this.ownership.assertMayDestroy(id, method);
    return this.sendOnWire(`${method.toLowerCase()}Unsupported:deleteJobExecution`, method, this.jobExecutionPath(id), options, {});
  }

  private projectPath(): string {
    return `/v1.1/${pathSegment(this.tenant.projectId)}`;
  }

  private jobExecutionPath(id: string): string {
    return `${this.projectPath()}/job-executions/${pathSegment(id)}`;
  }

  private urlFor(path: string): URL {
    const url = new URL(this.config.baseUrl.href);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
    return url;
  }

  /**
   * The request head: for a DELETE the official clients' (./official-client-request), for
   * everything else a minimal JSON one.
   */
  private headersFor(credentials: Credentials, hasBody: boolean, asOfficialClient = false): Record<string, string> {
    const headers: Record<string, string> = asOfficialClient ? { ...OFFICIAL_CLIENT_DELETE_HEADERS } : { Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = 'application/json';
    const token =
      credentials === 'own' ? this.tenant.token
      : credentials === 'invalid' ? FORGED_TOKEN
      : credentials === 'other-project' ? this.otherProjectToken
      : undefined;
    if (credentials === 'other-project' && !token) throw new Error('other-project credentials asked for, but no second tenant is configured');
    if (token) headers['X-Auth-Token'] = token;
    return asOfficialClient ? { ...headers, ...OFFICIAL_CLIENT_DELETE_TRAILING_HEADERS } : headers;
  }

  /** Dry runs keep the plan of every request, named by the contract's operation and path. */
  private plan(operationId: string, method: string): void {
    const pathTemplate = operationById(this.contract.document, operationId).pathTemplate;
    recordPlannedRequest({ method, pathTemplate, operationId, effect: effectOf(method, operationId) });
  }

  private finish(observed: ObservedResponse): CheckedResponse {
    const checked: CheckedResponse = { ...observed, problems: this.contract.validator.validate(observed), json: jsonBodyOf(observed) };
    this.log.record(checked);
    return checked;
  }

  private async send(operationId: string, method: string, path: string, options: RequestOptions, body?: unknown): Promise<CheckedResponse> {
    const headers = this.headersFor(options.credentials ?? 'own', body !== undefined);
    this.plan(operationId, method);
    const started = performance.now();
    const url = this.urlFor(path);
    // Lists may be long on a busy project; a single job execution never is.
    const maxBodyBytes = operationId === 'listJobExecutions' ? 16 * this.config.maxBodyBytes : this.config.maxBodyBytes;
    const fetchOnce = () =>
      this.http.send({ method, url, headers, body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)), timeoutMs: this.config.requestTimeoutMs, maxBodyBytes });
    const sendOnce = async () => {
      try {
        return await fetchOnce();
      } catch (error) {
        // A kept-alive connection the server closed while idle fails on reuse (eventlet-based
        // Sahara does this); a read is safe to send once more, anything else is not.
        if (method !== 'GET' || !(error instanceof LostAnswer && error.how === 'connection-broke')) throw error;
        return fetchOnce();
      }
    };
    let response = await sendOnce();
    // Reads, and creations a 429/503 refused before doing anything, may be sent again when asked to.
    const retryable = method === 'GET' || operationId === 'executeJob' || operationId === 'submitJob';
    for (let attempt = 1; retryable && attempt <= MAX_RETRIES; attempt++) {
      const delay = retryDelayMs(response.status, response.headerList.find((h) => h.name.toLowerCase() === 'retry-after')?.value);
      if (delay === undefined) break;
      await new Promise((r) => setTimeout(r, delay));
      response = await sendOnce();
    }
    const responseHeaders: Record<string, string> = {};
    for (const { name, value } of response.headerList) {
      const key = name.toLowerCase();
      responseHeaders[key] = responseHeaders[key] === undefined ? value : `${responseHeaders[key]}, ${value}`;
    }
    return this.finish({
      operationId,
      method,
      path,
      requestHeaders: headers,
      status: response.status,
      headers: responseHeaders,
      ...readableBody(response.body, responseHeaders['content-encoding'], maxBodyBytes, response.bodyCapExceeded),
      durationMs: performance.now() - started,
    });
  }

  private async sendOnWire(operationId: string, method: string, path: string, options: RequestOptions, body?: unknown): Promise<CheckedResponse> {
    const headers = this.headersFor(options.credentials ?? 'own', body !== undefined, method === 'DELETE');
    this.plan(operationId, method);
    try {
      const wire = await exchangeOnFreshConnection({
        method,
        url: this.urlFor(path),
        headers,
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
        timeoutMs: this.config.requestTimeoutMs,
        graceMs: this.config.wireGraceMs,
        connection: this.config.connection,
        maxBodyBytes: this.config.maxBodyBytes,
      });
      return this.finish({
        operationId,
        method,
        path,
        requestHeaders: headers,
        status: wire.status,
        headers: wire.headers,
        ...readableBody(wire.body, wire.headers['content-encoding'], this.config.maxBodyBytes, wire.bodyCapExceeded),
        durationMs: wire.durationMs,
        wire: {
          rawHead: wire.rawHead,
          bytesAfterHead: wire.bytesAfterHead,
          messageBody: wire.body,
          transferEncoding: wire.headers['transfer-encoding'],
          contentLength: wire.headers['content-length'],
          bytesBeyondMessage: wire.bytesBeyondMessage,
        },
      });
    } catch (e) {
      if (e instanceof WireError || e instanceof LostAnswer) this.log.recordFailure(method, path, headers, e.message);
      throw e;
    }
  }
}
