/**
 * The suite only ever destroys what it made: a DELETE or PATCH to a job execution id that this
 * run neither created nor invented as a probe is refused before a byte is sent.
 */
import { randomUUID } from 'node:crypto';

export class OwnershipViolation extends Error {
  override name = 'OwnershipViolation';
}

export class OwnershipRegistry {
  private readonly created = new Set<string>();
  private readonly probes = new Set<string>();

  recordCreated(id: string): void {
    this.created.add(id);
  }

  /** A fresh random id that names nothing, to provoke a 404. */
  unknownId(): string {
    const id = randomUUID();
    this.probes.add(id);
    return id;
  }

  /** A literal id the suite chose on purpose (e.g. a malformed one). */
  probeId(id: string): string {
    if (this.created.has(id)) throw new OwnershipViolation(`probe id ${id} is a job execution this run created`);
    this.probes.add(id);
    return id;
  }

  assertMayDestroy(id: string, method: string): void {
    if (!this.created.has(id) && !this.probes.has(id)) {
      throw new OwnershipViolation(`refusing ${method} of job execution ${id}: this run did not create it`);
    }
  }
}
