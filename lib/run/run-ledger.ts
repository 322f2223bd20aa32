/**
 * The run's ledger of the job executions it created, shared by every worker through one
 * append-only file: a crashed or interrupted worker cannot take its record of what it made with
 * it, so the end-of-run sweep still finds (and removes) whatever was left behind.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { runContext } from './run-context';

interface LedgerEvent {
  event: 'created' | 'removed' | 'gone';
  id: string;
  /** When it happened (ms since the epoch); written for 'gone'. */
  at?: number;
}

export interface LedgerRecord {
  created: string[];
  removed: Set<string>;
  /** Ids this run saw answer 404 after their DELETE was accepted, with when it first did: a later 200 is a deletion undone. */
  gone: Map<string, number>;
}

export class RunLedger {
  constructor(readonly file: string) {}

  /** The ledger the run context names, or none outside a run (a script's own client). */
  static ofThisRun(): RunLedger | undefined {
    const file = runContext()?.ledgerFile;
    return file ? new RunLedger(file) : undefined;
  }

  private append(event: LedgerEvent): void {
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
  }

  recordCreated(id: string): void {
    this.append({ event: 'created', id });
  }

  /** The fixture's own cleanup removed it (its DELETE was accepted, or it was already gone). */
  recordRemoved(id: string): void {
    this.append({ event: 'removed', id });
  }

  /** A read of one of this run's job executions answered 404 after its DELETE was accepted. */
  recordGone(id: string): void {
    this.append({ event: 'gone', id, at: Date.now() });
  }

  read(): LedgerRecord {
    if (!existsSync(this.file)) return { created: [], removed: new Set(), gone: new Map() };
    const events = readFileSync(this.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LedgerEvent);
    return {
      created: [...new Set(events.filter((e) => e.event === 'created').map((e) => e.id))],
      removed: new Set(events.filter((e) => e.event === 'removed').map((e) => e.id)),
      gone: new Map(events.filter((e) => e.event === 'gone').reverse().map((e) => [e.id, e.at ?? 0])),
    };
  }
}
