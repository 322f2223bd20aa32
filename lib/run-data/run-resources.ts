/**
 * What a run makes besides job executions when nothing names a job (zero configuration:
 * lib/target-fixtures/provisioning), as its ledger records them and its guard report tells what
 * became of them.
 */

/** What a run creates besides job executions, in the order it creates them (removal goes backwards). */
export const RESOURCE_KINDS = ['job-binary-internal', 'job-binary', 'job'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What became of one resource the run made. */
export interface ResourceRemoval {
  kind: ResourceKind;
  id: string;
  outcome: 'removed' | 'still-present';
  detail?: string;
}
