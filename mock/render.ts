/** How the mock writes job executions: Sahara's form (mrs_02_0051) and MRS submit-job's (mrs_02_0040 Table 6). */
import type { JobExecutionRecord, MockStore } from './store';

/** The last moment printed: a record's times are usually one moment, and it is read again and again. */
let lastPrintedMs = NaN;
let lastPrinted = '';

/** Sahara prints times without zone or fraction. */
export function saharaTime(ms: number): string {
  if (ms !== lastPrintedMs) {
    lastPrinted = new Date(ms).toISOString().slice(0, 19);
    lastPrintedMs = ms;
  }
  return lastPrinted;
}

/**
 * The fields a creation answer and a read share, in Sahara's order, as one literal: a spread
 * followed by more fields makes V8 build a slow dictionary-mode object, several times as costly
 * to build and to serialise, on every read (bench/ profile).
 */
function sharedFields(record: JobExecutionRecord, oozieJobId: string | null, status: string): Record<string, unknown> {
  return {
    id: record.id,
    tenant_id: record.tenantId,
    job_id: record.jobId,
    cluster_id: record.clusterId,
    input_id: record.inputId,
    output_id: record.outputId,
    oozie_job_id: oozieJobId,
    created_at: saharaTime(record.createdAtMs),
    is_protected: record.isProtected,
    is_public: record.isPublic,
    job_configs: record.jobConfigs,
    info: { status },
  };
}

/**
 * A job execution as Sahara 16 with its "fake" plugin reads it (the reference target's): once the
 * engine has started the job, engine_job_id and oozie_job_id are the plugin's literal
 * "engine_job_id"; that plugin records no end_time and no data_source_urls. The keys keep the
 * order the answer has always had: the creation answer's, then the engine's.
 */
export function renderJobExecution(record: JobExecutionRecord, store: MockStore): Record<string, unknown> {
  const started = record.startedAtMs !== undefined;
  const engineJobId = started ? 'engine_job_id' : null;
  return Object.assign(sharedFields(record, engineJobId, store.stateOf(record)), {
    engine_job_id: engineJobId,
    return_code: null,
    updated_at: record.updatedAtMs === undefined ? null : saharaTime(record.updatedAtMs),
    start_time: started ? saharaTime(record.startedAtMs as number) : null,
    end_time: null,
    data_source_urls: null,
  });
}

/** The answer to a creation: written before the engine looked at the job, with fewer fields (observed on Sahara 16). */
export function renderCreatedJobExecution(record: JobExecutionRecord): Record<string, unknown> {
  return sharedFields(record, null, 'PENDING');
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
