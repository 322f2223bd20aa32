/**
 * The one way the suite removes a job execution of its own - fixture cleanup, the end-of-run
 * sweep and the cleanup command all use it: unprotect it when it is protected (a protected one
 * refuses its DELETE), then delete it. 204 or 404 counts as done. It never throws: a removal that
 * fails is reported with the target's answer, and the caller lists it as left behind.
 */
import { describeAnswer, type CheckedResponse } from './checked-response';
import type { JobExecutionApi } from './job-execution-api';
import { jobExecutionIn } from './job-execution-body';

export type Removal = { removed: true } | { removed: false; detail: string };

/** Whether a read of a job execution says it is protected. */
export function readsAsProtected(read: CheckedResponse | undefined): boolean {
  return jobExecutionIn(read)?.is_protected === true;
}

export async function removeJobExecution(api: JobExecutionApi, id: string, isProtected: boolean): Promise<Removal> {
  try {
    if (isProtected) await api.updateJobExecution(id, { is_protected: false });
    const deleted = await api.deleteJobExecution(id);
    return deleted.status === 204 || deleted.status === 404 ? { removed: true } : { removed: false, detail: describeAnswer(deleted) };
  } catch (e) {
    return { removed: false, detail: (e as Error).message.split('\n')[0] ?? String(e) };
  }
}
