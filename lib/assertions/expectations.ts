/**
 * Assertions on checked responses, phrased so a failure message names the request, the answer
 * and the contract clause - the evidence a certifier reads first.
 */
import { expect } from '@playwright/test';
import { bodyExcerpt, mediaTypeOf } from '../contract/observed-response';
import type { Expectation } from '../requirements';
import type { CheckedResponse } from '../client/job-execution-api';
import { jobExecutionIdIn } from '../client/job-execution-body';

export function describeAnswer(response: CheckedResponse): string {
  const excerpt = bodyExcerpt(response, 200);
  return `${response.method} ${response.path} answered ${response.status}${excerpt ? ` ${excerpt}` : ' (no body)'}`;
}

/** The status is one the requirement accepts; the answer matches the contract; error_name if required. */
export function expectAnswer(response: CheckedResponse, expected: Expectation): void {
  expect(expected.status, `${describeAnswer(response)}; expected ${expected.status.join(' or ')}`).toContain(response.status);
  expectConformsToContract(response);
  if (expected.errorName && response.status >= 400) {
    const errorName = (response.json as { error_name?: unknown } | undefined)?.error_name;
    expect(errorName, `${describeAnswer(response)}; expected error_name ${expected.errorName}`).toBe(expected.errorName);
  }
}

export function expectConformsToContract(response: CheckedResponse): void {
  expect(response.problems.map((p) => p.message), `${describeAnswer(response)} breaks the contract`).toEqual([]);
}

/** The body as received on the wire is empty, and a declared Content-Length says 0. */
export function expectNoBodyBytes(response: CheckedResponse): void {
  const after = response.wire?.bytesAfterHead.length ?? response.body.length;
  const sent = response.wire?.messageBody.length ?? response.body.length;
  const coding = response.headers['content-encoding'] ? ` with Content-Encoding: ${response.headers['content-encoding']}` : '';
  expect(sent, `${describeAnswer(response)}: ${sent} body bytes${coding} (${after} bytes after the head on the wire)`).toBe(0);
  const declared = response.headers['content-length'];
  if (declared !== undefined) expect(declared.trim(), `${describeAnswer(response)} declares Content-Length: ${declared}`).toBe('0');
  expect(response.wire?.bytesBeyondMessage ?? 0, `${describeAnswer(response)}: bytes arrived beyond the message`).toBe(0);
}

/** RFC 9112 6.1 / RFC 9110 8.6: a 204 has no content, so it declares no transfer coding and no length. */
export function expectNoContentFraming(response: CheckedResponse): void {
  expect(response.headers['transfer-encoding'], `${describeAnswer(response)} with Transfer-Encoding: ${response.headers['transfer-encoding']}`).toBeUndefined();
  const declared = response.headers['content-length'];
  if (declared !== undefined) expect(declared.trim(), `${describeAnswer(response)} with Content-Length: ${declared}`).toBe('0');
}

export function expectJsonErrorBody(response: CheckedResponse): void {
  const mediaType = mediaTypeOf(response);
  expect(mediaType ?? 'no Content-Type', `${describeAnswer(response)}: an error answer should be JSON`).toMatch(/json$/);
  expect(response.json, `${describeAnswer(response)}: the error body is not a JSON document`).toBeDefined();
}

/** The job execution answered a read with 200 and its own id. */
export function expectJobExecutionRead(response: CheckedResponse, id: string, expected: Expectation): void {
  expectAnswer(response, expected);
  expect(jobExecutionIdIn(response), `${describeAnswer(response)}; expected job_execution.id ${id}`).toBe(id);
}

/** Only the status: for requirements that are about the status alone (the body has its own). */
export function expectStatus(response: CheckedResponse, expected: Expectation): void {
  expect(expected.status, `${describeAnswer(response)}; expected ${expected.status.join(' or ')}`).toContain(response.status);
}
