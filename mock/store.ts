/**
 * The mock's one state store: job executions, jobs and clusters per project. Time-driven
 * changes (a job finishing, a deletion completing) are computed from timestamps when the
 * record is touched, so the store needs no timers and behaves the same under load.
 */
import { randomUUID } from 'node:crypto';
import type { MockOptions } from './options';
import { SEED_PROJECTS } from './seed';

/** Far more deletions than one run of the suite makes (about 15). */
const REMEMBERED_REMOVALS = 1_000;

export type JobState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'TOBEKILLED';

export interface JobExecutionRecord {
  id: string;
  tenantId: string;
  jobId: string;
  clusterId: string;
  inputId: string | null;
  outputId: string | null;
  jobConfigs: unknown;
  /** null only where Sahara 16 stores a null it was sent (mock/sahara16-bugs.ts). */
  isPublic: boolean | null;
  isProtected: boolean | null;
  createdAtMs: number;
  /** Unset until the row is first changed (the engine starts the job, an update, a DELETE), as Sahara's updated_at. */
  updatedAtMs?: number;
  /** Set when the engine started the job (at once on an Active cluster; never on another). */
  startedAtMs?: number;
  /** Set when the cluster is Active: the moment the execution finishes. */
  finishesAtMs?: number;
  /** Set by DELETE: the moment the record disappears. */
  removeAtMs?: number;
  /** State at the time of the DELETE (a running job is cancelled: TOBEKILLED). */
  stateWhenDeleted?: JobState;
  /** Set by a rolled-back deletion (a defect): how long after its removal the record comes back. */
  restoreAfterMs?: number;
  /** With the sahara16 quirk: how many reads have been answered inside the race window. */
  racyReads: number;
  /** MRS submit-job fields, kept to answer in that form. */
  mrsJobName?: string;
}

export interface ClusterRecord {
  id: string;
  tenantId: string;
  active: boolean;
  /** Set for clusters made after the seed (a self-test's); the seeded ones are named from their id. */
  name?: string;
}

export interface JobRecord {
  id: string;
  tenantId: string;
  /** The job's declared arguments (Sahara's "interface"); the seeded Shell jobs declare none. */
  interfaceArgs: string[];
  /** Set for jobs created through the API; the seeded ones are Shell jobs named from their id. */
  created?: { name: string; type: string; mains: string[]; description: string; createdAtMs: number };
}

/** A job binary (pointing at an internal binary: internal-db://<id>) or an internal binary (the file itself). */
export interface BinaryRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  url?: string;
  size?: number;
  createdAtMs: number;
}

export interface DataSourceRecord {
  id: string;
  tenantId: string;
  name: string;
  description: string;
  type: string;
  url: string;
  createdAtMs: number;
}

export class MockStore {
  readonly jobExecutions = new Map<string, JobExecutionRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly dataSources = new Map<string, DataSourceRecord>();
  readonly jobBinaries = new Map<string, BinaryRecord>();
  readonly jobBinaryInternals = new Map<string, BinaryRecord>();
  private readonly deleting = new Set<string>();
  /**
   * Records whose deletion completed, kept so that defects can misbehave about them (a stale list,
   * a repeated 204): the newest REMEMBERED_REMOVALS only, so a long-running mock's memory stays flat.
   */
  private readonly removed = new Map<string, JobExecutionRecord>();
  /** Removed records that come back (see rollBackRemoval), by the moment they do. */
  private readonly restoring = new Map<string, number>();
  private sequence = 0;
  /** How many job executions were ever created: what a cache that creations clear keys on (a defect). */
  createdCount = 0;

  constructor(private readonly options: MockOptions, private readonly now: () => number = Date.now) {
    for (const project of Object.values(SEED_PROJECTS)) {
      this.jobs.set(project.jobId, { id: project.jobId, tenantId: project.projectId, interfaceArgs: [] });
      this.clusters.set(project.clusterId, { id: project.clusterId, tenantId: project.projectId, active: true });
      if (project.pendingClusterId) {
        this.clusters.set(project.pendingClusterId, { id: project.pendingClusterId, tenantId: project.projectId, active: false });
      }
    }
  }

  cluster(id: string, tenantId: string): ClusterRecord | undefined {
    const cluster = this.clusters.get(id);
    return cluster && cluster.tenantId === tenantId ? cluster : undefined;
  }

  job(id: string, tenantId: string): JobRecord | undefined {
    const job = this.jobs.get(id);
    return job && job.tenantId === tenantId ? job : undefined;
  }

  dataSource(id: string, tenantId: string): DataSourceRecord | undefined {
    const source = this.dataSources.get(id);
    return source && source.tenantId === tenantId ? source : undefined;
  }

  createDataSource(fields: Omit<DataSourceRecord, 'id' | 'createdAtMs'>): DataSourceRecord {
    const record = { ...fields, id: randomUUID(), createdAtMs: this.now() };
    this.dataSources.set(record.id, record);
    return record;
  }

  /** A binary or job of a project: undefined for another project's, as Sahara reads them. */
  ownedBy<T extends { tenantId: string }>(records: Map<string, T>, id: string, tenantId: string): T | undefined {
    const record = records.get(id);
    return record && record.tenantId === tenantId ? record : undefined;
  }

  createJob(tenantId: string, created: Omit<NonNullable<JobRecord['created']>, 'createdAtMs'>): JobRecord {
    const job: JobRecord = { id: randomUUID(), tenantId, interfaceArgs: [], created: { ...created, createdAtMs: this.now() } };
    this.jobs.set(job.id, job);
    return job;
  }

  createBinary(records: Map<string, BinaryRecord>, fields: Omit<BinaryRecord, 'id' | 'createdAtMs'>): BinaryRecord {
    const record = { ...fields, id: randomUUID(), createdAtMs: this.now() };
    records.set(record.id, record);
    return record;
  }

  /** Whether a job execution not yet removed refers to the job (Sahara's foreign key). */
  jobInUse(jobId: string): boolean {
    this.sweep();
    for (const record of this.jobExecutions.values()) if (record.jobId === jobId) return true;
    return false;
  }

  /** Whether a job names the binary among its mains or libs (Sahara refuses to delete it then). */
  binaryInUse(binaryId: string): boolean {
    for (const job of this.jobs.values()) if (job.created?.mains.includes(binaryId)) return true;
    return false;
  }

  private newJobExecutionId(): string {
    if (this.options.jobExecutionIds === 'sequential') return String(100000 + ++this.sequence);
    if (this.options.jobExecutionIds === 'uuid') return randomUUID();
    // SELECT max(id) + 1 over the rows not being deleted: the newest row's id comes back once it is deleted.
    let largest = 100000;
    for (const id of this.jobExecutions.keys()) if (!this.deleting.has(id) && /^\d+$/.test(id)) largest = Math.max(largest, Number(id));
    return String(largest + 1);
  }

  createJobExecution(fields: Pick<JobExecutionRecord, 'tenantId' | 'jobId' | 'clusterId' | 'inputId' | 'outputId' | 'jobConfigs' | 'isPublic' | 'isProtected'> & { mrsJobName?: string }): JobExecutionRecord {
    const now = this.now();
    const active = this.clusters.get(fields.clusterId)?.active ?? false;
    // Every field named, none spread in: a spread followed by more fields gives V8 a slow
    // dictionary-mode object, which costs ten times as much to make and more to read (bench/ profile).
    const record: JobExecutionRecord = {
      id: this.newJobExecutionId(),
      tenantId: fields.tenantId,
      jobId: fields.jobId,
      clusterId: fields.clusterId,
      inputId: fields.inputId,
      outputId: fields.outputId,
      jobConfigs: fields.jobConfigs,
      isPublic: fields.isPublic,
      isProtected: fields.isProtected,
      createdAtMs: now,
      updatedAtMs: active ? now : undefined,
      startedAtMs: active ? now : undefined,
      finishesAtMs: active ? now + this.options.jobDurationMs : undefined,
      // Declared now, set by markDeleted: adding them later costs each DELETE a change of the
      // object's hidden class, several times the rest of markDeleted (bench/ profile).
      removeAtMs: undefined,
      stateWhenDeleted: undefined,
      restoreAfterMs: undefined,
      racyReads: 0,
      mrsJobName: fields.mrsJobName,
    };
    this.jobExecutions.set(record.id, record);
    this.createdCount += 1;
    return record;
  }

  /** Removes every record whose deletion has completed, and brings back those rolled back. */
  sweep(): void {
    // Called on every lookup: nothing to do is the common case.
    if (this.deleting.size === 0 && this.restoring.size === 0) return;
    const now = this.now();
    for (const id of this.deleting) {
      const record = this.jobExecutions.get(id);
      if (!record || (record.removeAtMs !== undefined && record.removeAtMs <= now)) {
        if (record) this.remember(record);
        if (record?.restoreAfterMs !== undefined) this.restoring.set(id, record.removeAtMs! + record.restoreAfterMs);
        this.jobExecutions.delete(id);
        this.deleting.delete(id);
      }
    }
    for (const [id, at] of this.restoring) {
      const record = this.removed.get(id);
      if (at > now) continue;
      this.restoring.delete(id);
      if (!record) continue;
      this.removed.delete(id);
      Object.assign(record, { removeAtMs: undefined, stateWhenDeleted: undefined, restoreAfterMs: undefined, updatedAtMs: now });
      this.jobExecutions.set(id, record);
    }
  }

  /**
   * The deletion of this record is undone restoreAfterMs after it completes, as a failed
   * asynchronous delete or a replica that lags behind would bring it back (a defect).
   */
  rollBackRemoval(record: JobExecutionRecord, restoreAfterMs: number): void {
    record.restoreAfterMs = restoreAfterMs;
  }

  private remember(record: JobExecutionRecord): void {
    this.removed.set(record.id, record);
    if (this.removed.size > REMEMBERED_REMOVALS) this.removed.delete(this.removed.keys().next().value as string);
  }

  /** A record as it is now, or undefined once its deletion has completed. */
  find(id: string): JobExecutionRecord | undefined {
    this.sweep();
    return this.jobExecutions.get(id);
  }

  /** What a reader in tenantId may see: its own records and other projects' public ones. */
  visibleTo(record: JobExecutionRecord, tenantId: string): boolean {
    return record.tenantId === tenantId || record.isPublic === true;
  }

  stateOf(record: JobExecutionRecord): JobState {
    if (record.removeAtMs !== undefined && record.stateWhenDeleted !== 'SUCCEEDED') return 'TOBEKILLED';
    if (record.finishesAtMs === undefined) return 'PENDING';
    return this.now() >= record.finishesAtMs ? 'SUCCEEDED' : 'RUNNING';
  }

  isBeingDeleted(record: JobExecutionRecord): boolean {
    return record.removeAtMs !== undefined;
  }

  /**
   * Starts the deletion. A running job is cancelled first (TOBEKILLED for cancelMs, by default
   * deleteDelayMs); a finished one disappears after finishedLingerMs (0, or Sahara 16's race window).
   */
  markDeleted(record: JobExecutionRecord, finishedLingerMs: number, cancelMs = this.options.deleteDelayMs): void {
    if (record.removeAtMs !== undefined) return;
    const state = this.stateOf(record);
    const now = this.now();
    record.stateWhenDeleted = state;
    record.removeAtMs = now + (state === 'SUCCEEDED' ? finishedLingerMs : cancelMs);
    record.updatedAtMs = now;
    this.deleting.add(record.id);
    this.sweep();
  }

  /** What tenantId may see, in Sahara's default order: by id. */
  list(tenantId: string): JobExecutionRecord[] {
    this.sweep();
    return [...this.jobExecutions.values()].filter((r) => this.visibleTo(r, tenantId)).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /** Whether a record with this id existed and its deletion has completed. */
  wasRemoved(id: string): boolean {
    this.sweep();
    return this.removed.has(id);
  }

  /** The project's records whose deletion has completed. */
  removedRecordsOf(tenantId: string): JobExecutionRecord[] {
    this.sweep();
    return [...this.removed.values()].filter((r) => r.tenantId === tenantId);
  }
}
