/**
 * The OpenAPI document as the suite uses it: operations by operationId with their documented
 * responses, local $refs inlined once at load time, and each response schema narrowed to one
 * profile (x-profiles) and one status (x-error-code-equals-status).
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { SuiteDataError } from '../errors';
import type { ProfileName } from '../profiles';
import { OPENAPI_FILE, readYamlFile } from '../suite-data';

export type JsonSchema = Record<string, unknown>;

export interface DocumentedResponse {
  description: string;
  /** media type -> schema (already $ref-free, not yet narrowed to a profile) */
  content: Record<string, JsonSchema>;
}

export interface Operation {
  operationId: string;
  method: string;
  pathTemplate: string;
  responses: Map<number, DocumentedResponse>;
}

export interface OpenApiDocument {
  raw: OpenAPIV3_1.Document;
  operations: Map<string, Operation>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

function inlineRefs(node: unknown, root: unknown, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => inlineRefs(item, root, seen));
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === 'string') {
    const ref = obj.$ref;
    if (!ref.startsWith('#/')) throw new SuiteDataError(`${OPENAPI_FILE}: only local $refs are supported, found ${ref}`);
    if (seen.includes(ref)) throw new SuiteDataError(`${OPENAPI_FILE}: $ref cycle through ${ref}`);
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = (target as Record<string, unknown> | undefined)?.[part];
    if (target === undefined) throw new SuiteDataError(`${OPENAPI_FILE}: $ref ${ref} points nowhere`);
    return inlineRefs(target, root, [...seen, ref]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) out[key] = inlineRefs(value, root, seen);
  return out;
}

function documentedResponses(responses: Record<string, unknown>): Map<number, DocumentedResponse> {
  const out = new Map<number, DocumentedResponse>();
  for (const [status, value] of Object.entries(responses)) {
    const response = value as { description?: string; content?: Record<string, { schema?: JsonSchema }> };
    const content: Record<string, JsonSchema> = {};
    for (const [mediaType, media] of Object.entries(response.content ?? {})) content[mediaType] = media.schema ?? {};
    out.set(Number(status), { description: response.description ?? '', content });
  }
  return out;
}

export function loadOpenApiDocument(path = OPENAPI_FILE): OpenApiDocument {
  const raw = readYamlFile(path) as OpenAPIV3_1.Document;
  if (!raw || typeof raw !== 'object' || typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.1')) {
    throw new SuiteDataError(`${path}: not an OpenAPI 3.1 document`);
  }
  const inlined = inlineRefs(raw, raw) as OpenAPIV3_1.Document;
  const operations = new Map<string, Operation>();
  for (const [pathTemplate, item] of Object.entries(inlined.paths ?? {})) {
    const pathItem = item as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method] as { operationId?: string; responses?: Record<string, unknown> } | undefined;
      if (!op) continue;
      if (!op.operationId) throw new SuiteDataError(`${path}: ${method.toUpperCase()} ${pathTemplate} has no operationId`);
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        pathTemplate,
        responses: documentedResponses(op.responses ?? {}),
      });
    }
    // Methods the resource does not offer are a pseudo-operation per method, so their answers
    // are validated like any other.
    const unsupported = pathItem['x-unsupported-methods'] as { methods?: string[]; response?: unknown } | undefined;
    for (const method of unsupported?.methods ?? []) {
      const sample = Object.values(pathItem).find((v) => (v as { operationId?: string })?.operationId) as { operationId: string } | undefined;
      const operationId = `${method.toLowerCase()}Unsupported:${sample?.operationId ?? pathTemplate}`;
      operations.set(operationId, {
        operationId,
        method,
        pathTemplate,
        responses: documentedResponses({ '405': unsupported?.response }),
      });
    }
  }
  return { raw, operations };
}

export function operationById(doc: OpenApiDocument, operationId: string): Operation {
  const op = doc.operations.get(operationId);
  if (!op) throw new SuiteDataError(`the OpenAPI document has no operation ${operationId}`);
  return op;
}

/**
 * Narrows a schema to one profile and one status: anyOf/oneOf branches tagged for other
 * profiles are dropped, and x-error-code-equals-status pins the named property to the status.
 * Returns undefined when nothing of the schema applies to the profile.
 */
export function narrowSchema(schema: unknown, profile: ProfileName, status: number): JsonSchema | undefined {
  if (Array.isArray(schema)) return schema as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema as JsonSchema;
  const node = schema as JsonSchema;
  const profiles = node['x-profiles'];
  if (Array.isArray(profiles) && !profiles.includes(profile)) return undefined;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'anyOf' || key === 'oneOf') {
      const kept = (value as unknown[]).map((branch) => narrowSchema(branch, profile, status)).filter((b) => b !== undefined);
      if (kept.length === 0) return undefined;
      out[key] = kept;
    } else if (key === 'properties') {
      const props: JsonSchema = {};
      for (const [name, sub] of Object.entries(value as JsonSchema)) props[name] = narrowSchema(sub, profile, status) ?? {};
      out[key] = props;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = narrowSchema(value, profile, status) ?? {};
    } else {
      out[key] = value;
    }
  }
  const pinned = node['x-error-code-equals-status'];
  if (typeof pinned === 'string') {
    const props = (out.properties ?? {}) as JsonSchema;
    props[pinned] = { ...(props[pinned] as JsonSchema | undefined), const: status };
    out.properties = props;
  }
  return out;
}
