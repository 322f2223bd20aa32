/**
 * The run's ledger of the job executions it created, shared by every worker through one
 * append-only file: a crashed or interrupted worker cannot take its record of what it made with
 * it, so the end-of-run sweep still finds (and removes) whatever was left behind.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { ResourceKind } from './run-resources';

interface LedgerEvent {
  event: 'created' | 'removed' | 'gone' | 'created-resource' | 'creating' | 'not-created';
  /** The job execution's id; for 'creating' and 'not-created', the creation's own key. */
  id: string;
  /** When it happened (ms since the epoch); written for 'gone' and 'creating'. */
  at?: number;
  /** For 'created': the key of the 'creating' it answers. */
  creation?: string;
  /** For 'created-resource': what it is (a job, a job binary, an internal binary). */
  kind?: ResourceKind;
}

export interface LedgerRecord {
  created: string[];
  removed: Set<string>;
  /** Ids this run saw answer 404 after their DELETE was accepted, with when it first did: a later 200 is a deletion undone. */
  gone: Map<string, number>;
  /** What the run made besides job executions (zero configuration: lib/target-fixtures/provisioning), in the order made. */
  resources: { kind: ResourceKind; id: string }[];
  /**
   * When each creation still unanswered was sent: a worker stopped (or killed) while its POST was
   * on its way, or an answer that was lost. The target may have made a job execution for it - even
   * after the run stopped - whose id this ledger will never name; only the run id it carries finds it.
   */
  inFlight: number[];
}

/** When each 'creating' with neither a 'created' nor a 'not-created' for its key was written. */
function unansweredCreations(events: LedgerEvent[]): number[] {
  const answered = new Set(events.flatMap((e) => (e.event === 'created' && e.creation ? [e.creation] : e.event === 'not-created' ? [e.id] : [])));
  return events.filter((e) => e.event === 'creating' && !answered.has(e.id)).map((e) => e.at ?? 0);
}

export class RunLedger {
  constructor(readonly file: string) {}

  private append(event: LedgerEvent): void {
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
  }

  /**
   * A creation about to be sent, before a byte goes out: the sweep learns of it even when the
   * process sending it is stopped before the answer comes. Returns its key, for recordCreated or
   * recordNotCreated.
   */
  recordCreating(): string {
    const key = randomUUID();
    this.append({ event: 'creating', id: key, at: Date.now() });
    return key;
  }

  recordCreated(id: string, creation?: string): void {
    this.append({ event: 'created', id, ...(creation ? { creation } : {}) });
  }

  /** The target refused the creation (a 4xx answer): nothing was made for it. */
  recordNotCreated(creation: string): void {
    this.append({ event: 'not-created', id: creation });
  }

  /** The fixture's own cleanup removed it (its DELETE was accepted, or it was already gone). */
  recordRemoved(id: string): void {
    this.append({ event: 'removed', id });
  }

  /** A read of one of this run's job executions answered 404 after its DELETE was accepted. */
  recordGone(id: string): void {
    this.append({ event: 'gone', id, at: Date.now() });
  }

  /** A job, job binary or internal binary the run made, the moment its creation was answered. */
  recordResource(kind: ResourceKind, id: string): void {
    this.append({ event: 'created-resource', id, kind });
  }

  read(): LedgerRecord {
    if (!existsSync(this.file)) return { created: [], removed: new Set(), gone: new Map(), resources: [], inFlight: [] };
    const events = readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LedgerEvent);
    return {
      created: [...new Set(events.filter((e) => e.event === 'created').map((e) => e.id))],
      removed: new Set(events.filter((e) => e.event === 'removed').map((e) => e.id)),
      gone: new Map(events.filter((e) => e.event === 'gone').reverse().map((e) => [e.id, e.at ?? 0])),
      resources: events.filter((e) => e.event === 'created-resource' && e.kind).map((e) => ({ kind: e.kind!, id: e.id })),
      inFlight: unansweredCreations(events),
    };
  }
}
