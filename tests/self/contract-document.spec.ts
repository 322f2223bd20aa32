/** The contract itself: a valid OpenAPI 3.1 document that documents what the suite relies on. */
import { expect, test } from '@playwright/test';
import { loadOpenApiDocument, operationById } from '../../lib/contract/openapi-document';
import { OPENAPI_FILE } from '../../lib/suite-data';

// The validator package is ESM-only; a real dynamic import keeps it out of the CommonJS transform.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ Validator: new () => { validate(spec: string): Promise<{ valid: boolean; errors?: unknown }> } }>;

test('the OpenAPI document is valid against the OpenAPI 3.1 schema', async () => {
  const { Validator } = await importEsm('@seriousme/openapi-schema-validator');
  const result = await new Validator().validate(OPENAPI_FILE);
  expect(result.errors ?? [], 'schema errors').toEqual([]);
  expect(result.valid).toBe(true);
});

test('the operation under test documents 204 and every error status it can answer', () => {
  const del = operationById(loadOpenApiDocument(), 'deleteJobExecution');
  expect(del.method).toBe('DELETE');
  expect(del.pathTemplate).toBe('/v1.1/{project_id}/job-executions/{job_execution_id}');
  for (const status of [204, 400, 401, 403, 404, 405, 500, 503]) expect([...del.responses.keys()]).toContain(status);
  expect(Object.keys(del.responses.get(204)?.content ?? {}), 'a 204 has no content').toEqual([]);
  for (const status of [400, 401, 403, 404, 405, 500, 503]) {
    expect(Object.keys(del.responses.get(status)?.content ?? {}), `${status} has an error body`).toContain('application/json');
  }
});

test('the operations around the subject are all documented', () => {
  const doc = loadOpenApiDocument();
  const wanted = {
    showJobExecution: 'GET /v1.1/{project_id}/job-executions/{job_execution_id}',
    listJobExecutions: 'GET /v1.1/{project_id}/job-executions',
    executeJob: 'POST /v1.1/{project_id}/jobs/{job_id}/execute',
    submitJob: 'POST /v1.1/{project_id}/jobs/submit-job',
    updateJobExecution: 'PATCH /v1.1/{project_id}/job-executions/{job_execution_id}',
    'putUnsupported:deleteJobExecution': 'PUT /v1.1/{project_id}/job-executions/{job_execution_id}',
    'postUnsupported:deleteJobExecution': 'POST /v1.1/{project_id}/job-executions/{job_execution_id}',
  };
  for (const [operationId, route] of Object.entries(wanted)) {
    const op = operationById(doc, operationId);
    expect(`${op.method} ${op.pathTemplate}`).toBe(route);
  }
  expect(doc.raw.components?.securitySchemes?.XAuthToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
});

test('a malformed contract file stops the suite with one line naming it', async () => {
  const { SuiteDataError } = await import('../../lib/errors');
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'spec-')), 'broken.yaml');
  writeFileSync(file, 'openapi: 3.1.0\npaths:\n  /x:\n    get: {responses: {"200": {$ref: "#/components/responses/Nope"}}}\n');
  expect(() => loadOpenApiDocument(file)).toThrow(SuiteDataError);
  expect(() => loadOpenApiDocument(file)).toThrow(/points nowhere/);
  writeFileSync(file, 'openapi: [3.1\n');
  expect(() => loadOpenApiDocument(file)).toThrow(/not valid YAML/);
});
