/**
 * Assertions on checked responses, phrased so a failure message names the request, the answer
 * and the contract clause - the evidence a certifier reads first: what the target answered, then
 * what was expected (./requirement-failure).
 */
import { mediaTypeOf } from '../contract/observed-response';
import type { Expectation } from '../requirements';
import { describeAnswer, type CheckedResponse } from '../client/checked-response';
import { jobExecutionIdIn } from '../client/job-execution-body';
import { expectedAnswerText, requireThat } from './requirement-failure';

/** A value as a failure message quotes it: strings in quotes, nothing as "none". */
const quoted = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));

/** The status is one the requirement accepts; the answer matches the contract; error_name if required. */
export function expectAnswer(response: CheckedResponse, expected: Expectation): void {
  requireThat(expected.status.includes(response.status), () => `${describeAnswer(response)}, expected ${expectedAnswerText(expected)}`);
  expectConformsToContract(response);
  if (expected.errorName && response.status >= 400) {
    const errorName = (response.json as { error_name?: unknown } | undefined)?.error_name;
    requireThat(errorName === expected.errorName, () => `${describeAnswer(response)} with error_name ${quoted(errorName)}, expected error_name ${expected.errorName}`);
  }
}

export function expectConformsToContract(response: CheckedResponse): void {
  const problems = response.problems.map((p) => p.message);
  requireThat(problems.length === 0, () => `${describeAnswer(response)}, expected an answer the contract allows: ${problems.join('; ')}`);
}

/** The body as received on the wire is empty, and a declared Content-Length says 0. */
export function expectNoBodyBytes(response: CheckedResponse): void {
  const after = response.wire?.bytesAfterHead.length ?? response.body.length;
  const sent = response.wire?.messageBody.length ?? response.body.length;
  const coding = response.headers['content-encoding'] ? ` with Content-Encoding: ${response.headers['content-encoding']}` : '';
  requireThat(sent === 0, () => `${describeAnswer(response)}, expected no body: ${sent} body bytes${coding} (${after} bytes after the head on the wire)`);
  expectNoContentLength(response);
  const beyond = response.wire?.bytesBeyondMessage ?? 0;
  requireThat(beyond === 0, () => `${describeAnswer(response)}, expected nothing after the message: ${beyond} bytes arrived beyond it`);
}

/** A declared Content-Length says 0. */
function expectNoContentLength(response: CheckedResponse): void {
  const declared = response.headers['content-length'];
  requireThat(declared === undefined || declared.trim() === '0', () => `${describeAnswer(response)} with Content-Length: ${declared}, expected Content-Length: 0 or none`);
}

/** RFC 9112 6.1 / RFC 9110 8.6: a 204 has no content, so it declares no transfer coding and no length. */
export function expectNoContentFraming(response: CheckedResponse): void {
  const coding = response.headers['transfer-encoding'];
  requireThat(coding === undefined, () => `${describeAnswer(response)} with Transfer-Encoding: ${coding}, expected no Transfer-Encoding`);
  expectNoContentLength(response);
}

export function expectJsonErrorBody(response: CheckedResponse): void {
  const mediaType = mediaTypeOf(response);
  requireThat(/json$/.test(mediaType ?? ''), () => `${describeAnswer(response)} with ${mediaType ? `Content-Type ${mediaType}` : 'no Content-Type'}, expected a JSON error answer`);
  requireThat(response.json !== undefined, () => `${describeAnswer(response)}, expected a JSON document as the error body: it is not one`);
}

/** The job execution answered a read with 200 and its own id. */
export function expectJobExecutionRead(response: CheckedResponse, id: string, expected: Expectation): void {
  expectAnswer(response, expected);
  const found = jobExecutionIdIn(response);
  requireThat(found === id, () => `${describeAnswer(response)} with job_execution.id ${quoted(found)}, expected job_execution.id ${id}`);
}

/** Only the status: for requirements that are about the status alone (the body has its own). */
export function expectStatus(response: CheckedResponse, expected: Expectation): void {
  requireThat(expected.status.includes(response.status), () => `${describeAnswer(response)}, expected ${expectedAnswerText(expected, false)}`);
}
