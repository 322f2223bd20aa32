/** The validator every response passes through: it must reject what the contract does not allow. */
import { expect, test } from '@playwright/test';
import { loadOpenApiDocument } from '../../lib/contract/openapi-document';
import type { ObservedResponse } from '../../lib/contract/observed-response';
import { ResponseValidator } from '../../lib/contract/response-validator';

const doc = loadOpenApiDocument();
const sahara = new ResponseValidator(doc, 'sahara');
const mrs = new ResponseValidator(doc, 'mrs');

function answer(operationId: string, status: number, body: unknown, headers: Record<string, string> = {}): ObservedResponse {
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { operationId, method: 'DELETE', path: '/x', requestHeaders: {}, status, headers: { 'content-type': 'application/json', ...headers }, body: bytes, durationMs: 1 };
}

const kinds = (v: ResponseValidator, r: ObservedResponse) => v.validate(r).map((p) => p.kind);
const saharaNotFound = { error_code: 404, error_name: 'NOT_FOUND', error_message: 'gone' };

test('a status the operation does not document is rejected', () => {
  expect(kinds(sahara, answer('deleteJobExecution', 200, { job_execution: { id: 'x' } }))).toEqual(['undocumented-status']);
  expect(kinds(sahara, answer('deleteJobExecution', 202, undefined))).toEqual(['undocumented-status']);
});

test('a 204 must carry no body and no non-zero Content-Length', () => {
  expect(kinds(sahara, answer('deleteJobExecution', 204, undefined))).toEqual([]);
  expect(kinds(sahara, answer('deleteJobExecution', 204, '{}'))).toEqual(['body-on-no-content']);
  expect(kinds(sahara, answer('deleteJobExecution', 204, undefined, { 'content-length': '2' }))).toEqual(['content-length']);
  expect(kinds(sahara, answer('deleteJobExecution', 204, undefined, { 'content-length': '0' }))).toEqual([]);
});

test('error bodies must be the envelope of the selected profile', () => {
  expect(kinds(sahara, answer('deleteJobExecution', 404, saharaNotFound))).toEqual([]);
  expect(kinds(sahara, answer('deleteJobExecution', 404, { error_code: '12000003', error_msg: 'gone' }))).toEqual(['schema']);
  expect(kinds(mrs, answer('deleteJobExecution', 404, { error_code: '12000003', error_msg: 'gone' }))).toEqual([]);
  expect(kinds(mrs, answer('deleteJobExecution', 404, saharaNotFound))).toEqual(['schema']);
  expect(kinds(sahara, answer('deleteJobExecution', 404, { message: 'not found' }))).toEqual(['schema']);
});

test("Sahara's error_code must equal the HTTP status", () => {
  expect(kinds(sahara, answer('deleteJobExecution', 400, { ...saharaNotFound, error_code: 404 }))).toEqual(['schema']);
  expect(kinds(sahara, answer('deleteJobExecution', 405, { error: 404, error_message: 'x' }))).toEqual(['schema']);
  expect(kinds(sahara, answer('deleteJobExecution', 405, { error: 405, error_message: 'x' }))).toEqual([]);
});

test('a body that is missing, not JSON or of an undocumented media type is rejected', () => {
  expect(kinds(sahara, answer('deleteJobExecution', 404, undefined))).toEqual(['missing-body']);
  expect(kinds(sahara, answer('deleteJobExecution', 404, '<html>nope</html>'))).toEqual(['not-json']);
  expect(kinds(sahara, answer('deleteJobExecution', 404, '<html></html>', { 'content-type': 'text/html' }))).toEqual(['media-type']);
  // Real Sahara's tenant-mismatch 401 is HTML, which the contract documents for that profile only.
  expect(kinds(sahara, answer('deleteJobExecution', 401, '<html></html>', { 'content-type': 'text/html; charset=UTF-8' }))).toEqual([]);
  expect(kinds(mrs, answer('deleteJobExecution', 401, '<html></html>', { 'content-type': 'text/html' }))).toEqual(['media-type']);
});

test('a job execution read must carry a job execution with an id', () => {
  expect(kinds(sahara, answer('showJobExecution', 200, { job_execution: { id: 'a', info: { status: 'SUCCEEDED' } } }))).toEqual([]);
  // Real Sahara's read-after-delete race renders its own 404 as a JSON string in a 200.
  expect(kinds(sahara, answer('showJobExecution', 200, '"<Response 183 bytes [404 NOT FOUND]>"'))).toEqual(['schema']);
  expect(kinds(sahara, answer('showJobExecution', 200, { job_execution: { tenant_id: 'p' } }))).toEqual(['schema']);
  expect(kinds(sahara, answer('listJobExecutions', 200, { job_executions: [{ id: 1 }] }))).toEqual(['schema']);
});
