/**
 * Judges an observed response against the OpenAPI document for one profile. Validators are
 * compiled once per (operation, status, media type, profile) and reused for the whole run.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ProfileName } from '../profiles';
import { mediaTypeOf, type ObservedResponse } from './observed-response';
import { narrowSchema, operationById, type OpenApiDocument } from './openapi-document';

export type ProblemKind = 'undocumented-status' | 'body-on-no-content' | 'content-length' | 'missing-body' | 'media-type' | 'not-json' | 'schema' | 'oversized-body';

export interface ContractProblem {
  kind: ProblemKind;
  message: string;
}

const SUITE_KEYWORDS = ['x-profiles', 'x-error-code-equals-status', 'x-source'];

function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 4)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValue' in e.params ? ` (${JSON.stringify(e.params.allowedValue)})` : ''}`)
    .join('; ');
}

export class ResponseValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(private readonly doc: OpenApiDocument, private readonly profile: ProfileName) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    for (const keyword of SUITE_KEYWORDS) this.ajv.addKeyword({ keyword });
  }

  /** The compiled validator for a media type, or null when the profile does not allow that media type. */
  private validatorFor(operationId: string, status: number, mediaType: string): ValidateFunction | null {
    const key = `${operationId}|${status}|${mediaType}`;
    if (!this.compiled.has(key)) {
      const schema = operationById(this.doc, operationId).responses.get(status)?.content[mediaType];
      const narrowed = schema === undefined ? undefined : narrowSchema(schema, this.profile, status);
      this.compiled.set(key, narrowed === undefined ? null : this.ajv.compile(narrowed));
    }
    return this.compiled.get(key) ?? null;
  }

  /** Media types the profile accepts for this status (those whose schema is not excluded). */
  acceptedMediaTypes(operationId: string, status: number): string[] {
    const documented = operationById(this.doc, operationId).responses.get(status);
    return Object.keys(documented?.content ?? {}).filter((m) => this.validatorFor(operationId, status, m) !== null);
  }

  validate(response: ObservedResponse): ContractProblem[] {
    const op = operationById(this.doc, response.operationId);
    const documented = op.responses.get(response.status);
    if (!documented) {
      const listed = [...op.responses.keys()].join(', ');
      return [{ kind: 'undocumented-status', message: `${op.method} ${op.pathTemplate} answered ${response.status}, which the contract does not document (documented: ${listed})` }];
    }
    // A body cut at the cap cannot be judged further: its size is the defect.
    const cap = response.bodyCapExceeded;
    if (cap) {
      const what = cap.decoded ? `${cap.bytesSeen} body bytes whose Content-Encoding decodes past` : `a body that ran past`;
      return [{ kind: 'oversized-body', message: `a ${response.status} sent ${what} the suite's ${cap.limit}-byte cap${cap.decoded ? '' : ` (reading stopped after ${cap.bytesSeen} bytes)`}; CONFORMANCE_MAX_BODY_BYTES raises the cap` }];
    }
    const problems: ContractProblem[] = [];
    const declaredLength = response.headers['content-length'];
    const mediaTypes = this.acceptedMediaTypes(response.operationId, response.status);
    if (Object.keys(documented.content).length === 0) {
      if (response.body.length > 0) problems.push({ kind: 'body-on-no-content', message: `a ${response.status} must carry no body, but ${response.body.length} body bytes arrived` });
      if (declaredLength !== undefined && declaredLength.trim() !== '0') problems.push({ kind: 'content-length', message: `a ${response.status} declares Content-Length: ${declaredLength}` });
      return problems;
    }
    if (response.body.length === 0) {
      return [{ kind: 'missing-body', message: `a ${response.status} must carry a body (${mediaTypes.join(' or ')}), but it was empty` }];
    }
    const mediaType = mediaTypeOf(response);
    if (!mediaType || !mediaTypes.includes(mediaType)) {
      return [{ kind: 'media-type', message: `a ${response.status} must be ${mediaTypes.join(' or ')} for profile ${this.profile}, but Content-Type is ${mediaType ?? 'absent'}` }];
    }
    const validate = this.validatorFor(response.operationId, response.status, mediaType) as ValidateFunction;
    let instance: unknown = response.body.toString('utf8');
    if (mediaType.endsWith('json')) {
      try {
        instance = JSON.parse(instance as string);
      } catch {
        return [{ kind: 'not-json', message: `a ${response.status} declares ${mediaType} but its body is not JSON` }];
      }
    }
    if (!validate(instance)) {
      problems.push({ kind: 'schema', message: `the ${response.status} body does not match the contract for profile ${this.profile}: ${describeAjvErrors(validate.errors)}` });
    }
    return problems;
  }
}
