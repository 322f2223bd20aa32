/**
 * What the client hands back for every request: the response as observed, its contract problems
 * attached (lib/client/job-execution-api finishes each one so), and the one line that names it in
 * messages - the request and the target's answer, the evidence a certifier reads first.
 */
import { bodyExcerpt, type ObservedResponse } from '../contract/observed-response';
import type { ContractProblem } from '../contract/response-validator';

export interface CheckedResponse extends ObservedResponse {
  problems: ContractProblem[];
  json: unknown;
}

export function describeAnswer(response: CheckedResponse): string {
  const excerpt = bodyExcerpt(response, 200);
  return `${response.method} ${response.path} answered ${response.status}${excerpt ? ` ${excerpt}` : ' (no body)'}`;
}
