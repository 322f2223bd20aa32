/** How the mock writes job executions: Sahara's form (mrs_02_0051) and MRS submit-job's (mrs_02_0040 Table 6). */
import type { JobExecutionRecord, MockStore } from './store';

/** Sahara prints times without zone or fraction. */
function saharaTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function renderJobExecution(record: JobExecutionRecord, store: MockStore): Record<string, unknown> {
  const state = store.stateOf(record);
  const finished = state === 'SUCCEEDED' && record.finishesAtMs !== undefined;
  return {
    id: record.id,
    tenant_id: record.tenantId,
    job_id: record.jobId,
    cluster_id: record.clusterId,
    input_id: record.inputId,
    output_id: record.outputId,
    engine_job_id: null,
    oozie_job_id: null,
    return_code: null,
    created_at: saharaTime(record.createdAtMs),
    updated_at: saharaTime(record.updatedAtMs),
    start_time: saharaTime(record.createdAtMs),
    end_time: finished ? saharaTime(record.finishesAtMs as number) : null,
    is_protected: record.isProtected,
    is_public: record.isPublic,
    job_configs: record.jobConfigs,
    data_source_urls: {},
    info: { status: state },
  };
}

export function renderSubmittedJob(record: JobExecutionRecord): Record<string, unknown> {
  const seconds = Math.floor(record.createdAtMs / 1000);
  return {
    templated: false,
    created_at: seconds,
    updated_at: seconds,
    id: record.id,
    tenant_id: record.tenantId,
    job_id: '',
    job_name: record.mrsJobName ?? '',
    input_id: null,
    output_id: null,
    start_time: seconds,
    end_time: null,
    cluster_id: record.clusterId,
    engine_job_id: null,
    return_code: null,
    is_public: null,
    is_protected: false,
    job_state: 2,
    job_final_status: 0,
    job_configs: null,
    data_source_urls: null,
    info: null,
  };
}
