/**
 * The service client: one method per API call. It is the only code that builds URLs, adds
 * credentials, sends requests and judges responses against the contract. Every response comes
 * back with its contract problems attached (./checked-response); assertions on them live in
 * lib/assertions/expectations.
 */
import type { SuiteConfig, TenantCredentials } from '../config';
import type { Contract } from '../contract/contract';
import { jsonBodyOf, type ObservedResponse } from '../contract/observed-response';
import { AmbiguousOutcome } from '../errors';
import { exchangeAfterAnother, exchangeOnFreshConnection, WireError, type ConnectionUse, type WireRequest, type WireResponse } from '../transport/wire-exchange';
import { LostAnswer } from '../transport/lost-answer';
import { decodeContent } from '../transport/content-coding';
import type { HttpTransport } from '../transport/http-transport';
import { CLIENT_DELETE_HEADS, TOKEN, type ClientRequestHead } from './client-request-heads';
import { pathSegment } from '../path-segment';
import { sendPatiently } from './send-patiently';
import { effectOf, type PlanSink } from './request-plan';
import { operationById } from '../contract/openapi-document';
import type { ExchangeLog, ExchangeTenant } from './exchange-log';
import type { OwnershipRegistry } from './ownership';
import type { CheckedResponse } from './checked-response';
import type { RunLedger } from '../run-data/run-ledger';

/** Whose credentials a request carries. */
export type Credentials = 'own' | 'none' | 'invalid' | 'other-project';

export interface RequestOptions {
  credentials?: Credentials;
}

/** How the DELETE under test travels: on a connection of its own, or on a kept-alive one that has just carried a GET of the same job execution. */
export type ConnectionMode = 'fresh' | 'reused';

export interface DeleteOptions extends RequestOptions {
  /** The client family whose request head the DELETE carries (default: python-saharaclient's, the official client). */
  asClient?: ClientRequestHead;
  connection?: ConnectionMode;
  /** The id is a path segment already encoded (a generated probe, lib/generated): sent as it is. */
  encodedSegment?: boolean;
  /** A POST that asks, in every header frameworks honour for it, to be taken as this method. */
  tunnelledAs?: 'DELETE';
}

/**
 * The headers by which web frameworks let a POST stand for another method when enabled (Express's
 * method-override, Symfony's HttpMethodParameterOverride, ASP.NET's and Google APIs'
 * X-HTTP-Method-Override, OData's X-HTTP-Method): a server that honours any of them deletes on a
 * POST, which JEX-METH-001 forbids.
 */
const METHOD_OVERRIDE_HEADERS = ['X-HTTP-Method-Override', 'X-HTTP-Method', 'X-Method-Override'] as const;

/** What an encoded single path segment may hold: no raw "/", "?", "#" or space, and never "." or "..". */
const ENCODED_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+$/;

/** The official client's head: what every DELETE carries unless a test names another client. */
const OFFICIAL_CLIENT = CLIENT_DELETE_HEADS[0]!;

function describeUse(use: ConnectionUse | 'sent-again-fresh'): string {
  if (use === 'sent-again-fresh') return 'on a fresh connection, sent again after the kept-alive one died before any answer';
  if (use.mode === 'fresh') return 'on a fresh connection';
  if (use.mode === 'reused') return `on a kept-alive connection, after a GET of it answered ${use.afterStatus}`;
  return `on a fresh connection (asked to reuse one, but after the GET answered ${use.afterStatus} ${use.why})`;
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

/** A request body sent as it is (a file), not as JSON: the internal binary a zero-configuration run stores. */
export class RawBody {
  constructor(readonly bytes: Buffer, readonly contentType: string) {}
}

/** The calls around job executions that a run makes when nothing names a job or a cluster (lib/target-fixtures/provisioning). */
export type FixtureResourceOperation =
  | 'listClusters'
  | 'listJobs'
  | 'createJob'
  | 'deleteJob'
  | 'listJobBinaries'
  | 'createJobBinary'
  | 'deleteJobBinary'
  | 'listJobBinaryInternals'
  | 'createJobBinaryInternal'
  | 'deleteJobBinaryInternal';

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
  /** A dry run's plan, told of every request before it is sent (./request-plan). */
  plan?: PlanSink;
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
  private readonly planSink?: PlanSink;

  constructor(parts: JobExecutionApiParts) {
    this.http = parts.http;
    this.config = parts.config;
    this.contract = parts.contract;
    this.tenant = parts.tenant;
    this.log = parts.log;
    this.ownership = parts.ownership;
    this.otherProjectToken = parts.otherProjectToken;
    this.ledger = parts.ledger;
    this.planSink = parts.plan;
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

  /**
   * The operation under test, observed on the wire (see transport/wire-exchange), with the head of
   * the client family given (default: the official client's) on the connection asked for.
   */
  async deleteJobExecution(id: string, options: DeleteOptions = {}): Promise<CheckedResponse> {
    this.ownership.assertMayDestroy(id, 'DELETE');
    if (options.encodedSegment && (!ENCODED_SEGMENT.test(id) || id === '.' || id === '..')) throw new Error(`refusing ${JSON.stringify(id)} as an encoded path segment`);
    const path = options.encodedSegment ? `${this.projectPath()}/job-executions/${id}` : this.jobExecutionPath(id);
    try {
      const answer = await this.sendOnWire('deleteJobExecution', 'DELETE', path, options);
      if (answer.status >= 200 && answer.status < 300 && withOwnToken(options)) this.acceptedDeletes.add(id);
      return answer;
    } catch (error) {
      if (!(error instanceof WireError || error instanceof LostAnswer)) throw error;
      // No complete answer (timeout, reset): the DELETE may or may not have happened. It is not
      // sent again; a read tells what can be told, and the check is inconclusive either way.
      const after = options.encodedSegment ? 'not read back (a generated id)' : await this.showJobExecution(id).then((r) => `a read afterwards answered ${r.status}`, (e: Error) => `a read afterwards failed too (${e.message.split('\n')[0]})`);
      throw new AmbiguousOutcome(`no complete answer to DELETE ${path}: ${error.message}; ${after}`);
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

  /**
   * A call on the resources a job execution needs (clusters, jobs, binaries), under this tenant's
   * project: `tail` is the path after /v1.1/<project>, its ids already single segments.
   */
  callFixtureResource(operationId: FixtureResourceOperation, method: 'GET' | 'POST' | 'PUT' | 'DELETE', tail: string, body?: Record<string, unknown> | RawBody): Promise<CheckedResponse> {
    return this.send(operationId, method, `${this.projectPath()}${tail}`, {}, body);
  }

  /** A method the job-execution resource does not offer (PUT, POST): judged against x-unsupported-methods. */
  async sendUnsupportedMethod(method: 'PUT' | 'POST', id: string, options: Pick<DeleteOptions, 'credentials' | 'tunnelledAs'> = {}): Promise<CheckedResponse> {
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

  private tokenFor(credentials: Credentials): string | undefined {
    if (credentials === 'other-project' && !this.otherProjectToken) throw new Error('other-project credentials asked for, but no second tenant is configured');
    return credentials === 'own' ? this.tenant.token
      : credentials === 'invalid' ? FORGED_TOKEN
      : credentials === 'other-project' ? this.otherProjectToken
      : undefined;
  }

  /** Whose token the credentials are, as the evidence records it: this client's tenant is the run's primary or its second. */
  private tenantOf(credentials: Credentials): ExchangeTenant {
    if (credentials === 'invalid') return { role: 'forged' };
    if (credentials === 'none') return { role: 'none' };
    const { primary, other } = this.config;
    const ownRole = this.tenant.projectId === primary.projectId ? 'primary' : 'other';
    if (credentials === 'own') return { role: ownRole, projectId: this.tenant.projectId };
    return ownRole === 'primary' ? { role: 'other', projectId: other?.projectId } : { role: 'primary', projectId: primary.projectId };
  }

  /** A minimal JSON request head: every request but the DELETE under test. */
  private headersFor(credentials: Credentials, hasBody: boolean, contentType = 'application/json'): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (hasBody) headers['Content-Type'] = contentType;
    const token = this.tokenFor(credentials);
    if (token) headers['X-Auth-Token'] = token;
    return headers;
  }

  /** A client family's head, in its order, with the token asked for (none: the line is left out). */
  private clientHeadFor(client: ClientRequestHead, credentials: Credentials, method: string): Record<string, string> {
    const token = this.tokenFor(credentials);
    const headers: Record<string, string> = {};
    for (const [name, value] of client.headers) {
      if (value === TOKEN) {
        if (token) headers[name] = token;
      } else if (method === 'DELETE' || name.toLowerCase() !== 'content-length') headers[name] = value;
    }
    return headers;
  }

  /** Dry runs keep the plan of every request, named by the contract's operation and path. */
  private plan(operationId: string, method: string): void {
    const pathTemplate = operationById(this.contract.document, operationId).pathTemplate;
    this.planSink?.({ method, pathTemplate, operationId, effect: effectOf(method, operationId) });
  }

  private finish(observed: ObservedResponse, credentials: Credentials): CheckedResponse {
    const checked: CheckedResponse = { ...observed, problems: this.contract.validator.validate(observed), json: jsonBodyOf(observed) };
    this.log.record(checked, this.tenantOf(credentials));
    return checked;
  }

  private async send(operationId: string, method: string, path: string, options: RequestOptions, body?: unknown): Promise<CheckedResponse> {
    const headers = this.headersFor(options.credentials ?? 'own', body !== undefined, body instanceof RawBody ? body.contentType : undefined);
    const bytes = body === undefined ? undefined : body instanceof RawBody ? body.bytes : Buffer.from(JSON.stringify(body));
    this.plan(operationId, method);
    const started = performance.now();
    const url = this.urlFor(path);
    // Lists may be long on a busy project; a single job execution never is.
    const maxBodyBytes = operationId.startsWith('list') ? 16 * this.config.maxBodyBytes : this.config.maxBodyBytes;
    const response = await sendPatiently({
      what: `${method} ${path}`,
      attempt: (freshConnection) => this.http.send({ method, url, headers, body: bytes, timeoutMs: this.config.requestTimeoutMs, maxBodyBytes, freshConnection }),
      retryAfterOf: (answer) => answer.headerList.find((h) => h.name.toLowerCase() === 'retry-after')?.value,
      isRead: method === 'GET',
      noise: this.log.noise,
    });
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
    }, options.credentials ?? 'own');
  }

  /**
   * A raw exchange (transport/wire-exchange): the DELETE under test with a client family's head,
   * on a fresh connection or after a GET of the same job execution on a kept-alive one; PUT and
   * POST with the minimal head, on a fresh one.
   */
  private async sendOnWire(operationId: string, method: string, path: string, options: DeleteOptions, body?: unknown): Promise<CheckedResponse> {
    const credentials = options.credentials ?? 'own';
    const client = method === 'DELETE' ? options.asClient ?? OFFICIAL_CLIENT : undefined;
    const headers = client ? this.clientHeadFor(client, credentials, method) : this.headersFor(credentials, body !== undefined);
    if (options.tunnelledAs) for (const name of METHOD_OVERRIDE_HEADERS) headers[name] = options.tunnelledAs;
    this.plan(operationId, method);
    const request = (m: string, h: Record<string, string>): WireRequest => ({
      method: m,
      url: this.urlFor(path),
      headers: h,
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      timeoutMs: this.config.requestTimeoutMs,
      graceMs: this.config.wireGraceMs,
      connection: this.config.connection,
      maxBodyBytes: this.config.maxBodyBytes,
      headAsGiven: client !== undefined,
    });
    const reuse = client !== undefined && options.connection === 'reused';
    let sentAs: string | undefined;
    try {
      const wire = await sendPatiently<WireResponse>({
        what: `${method} ${path}`,
        attempt: async (fresh) => {
          if (!reuse || fresh) {
            const answer = await exchangeOnFreshConnection(request(method, headers));
            if (client) sentAs = `${client.client}, ${describeUse(fresh ? 'sent-again-fresh' : { mode: 'fresh' })}`;
            return answer;
          }
          // The GET the pooled client sent before: its head, without the DELETE's empty body.
          const answer = await exchangeAfterAnother({ ...request('GET', this.clientHeadFor(client, credentials, 'GET')), body: undefined }, request(method, headers));
          sentAs = `${client.client}, ${describeUse(answer.use)}`;
          return answer;
        },
        retryAfterOf: (answer) => answer.headers['retry-after'],
        isRead: false,
        noise: this.log.noise,
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
        ...(sentAs ? { sentAs } : {}),
      }, credentials);
    } catch (e) {
      if (e instanceof WireError || e instanceof LostAnswer) this.log.recordFailure(method, path, headers, sentAs ? `${e.message} [${sentAs}]` : e.message, this.tenantOf(credentials));
      throw e;
    }
  }
}
