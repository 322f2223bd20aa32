/**
 * Typed reads of a job-execution answer's body, so that no caller casts `json` by hand. A target
 * may answer anything: each accessor gives undefined (or an empty list) for a body that does not
 * have the shape, never throws. The job states are Sahara's (mrs_02_0051 Table 2, info.status).
 */

/** What a job execution's fields may hold, as far as the suite reads them. */
export type JobExecutionFields = Record<string, unknown> & { id?: unknown; is_protected?: unknown; info?: unknown };

/** States in which the engine has not finished starting the job (a DELETE races its start-up). */
export const STARTING_STATES: readonly string[] = ['PENDING', 'PREP', 'RUNNING'];
/** States only a cancellation leads to (Sahara's cancel_job: TOBEKILLED, then KILLED): never the effect of a refused request. */
export const CANCELLATION_STATES: readonly string[] = ['TOBEKILLED', 'KILLED'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `job_execution` object of a read, a creation or an update; undefined when there is none. */
export function jobExecutionIn(answer: { json?: unknown } | undefined): JobExecutionFields | undefined {
  const body = answer?.json;
  return isObject(body) && isObject(body.job_execution) ? body.job_execution : undefined;
}

/** The id the answer gives its job execution (not necessarily a string: the target decides). */
export function jobExecutionIdIn(answer: { json?: unknown } | undefined): unknown {
  return jobExecutionIn(answer)?.id;
}

/** info.status of the answer's job execution, when it is a string. */
export function jobStateIn(answer: { json?: unknown } | undefined): string | undefined {
  const info = jobExecutionIn(answer)?.info;
  return isObject(info) && typeof info.status === 'string' ? info.status : undefined;
}

export function isStartingState(state: string | undefined): boolean {
  return state !== undefined && STARTING_STATES.includes(state);
}

/** The objects of a list answer's `job_executions`; empty when the body has no such array. */
export function jobExecutionsListedIn(answer: { json?: unknown } | undefined): JobExecutionFields[] {
  const body = answer?.json;
  const listed = isObject(body) ? body.job_executions : undefined;
  return Array.isArray(listed) ? listed.filter(isObject) : [];
}

/** Whether the body is a list answer at all (an array under `job_executions`). */
export function isJobExecutionList(body: unknown): boolean {
  return isObject(body) && Array.isArray(body.job_executions);
}
