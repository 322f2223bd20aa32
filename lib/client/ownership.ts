/**
 * The suite only ever destroys what it made: a DELETE or PATCH to a job execution id that this
 * run neither created nor invented as a probe is refused before a byte is sent. A generated id
 * (JEX-DEL-010) is a probe only when it is random or derived from an id this run created, and
 * never when it could name a job execution the run knows of and did not create.
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

  /**
   * A generated path segment, to provoke a 404: `derivedFrom` must be a job execution this run
   * created (undefined: random), and the decoded value must not be - in any case, with trailing
   * spaces, the forms some servers resolve to an id - one of `othersKnown`, the ids of the
   * project the run did not create.
   */
  generatedProbe(segment: string, decoded: string, derivedFrom: string | undefined, othersKnown: ReadonlySet<string>): string {
    if (derivedFrom !== undefined && !this.created.has(derivedFrom)) throw new OwnershipViolation(`refusing an id derived from ${derivedFrom}: this run did not create it`);
    const alias = decoded.replace(/ +$/, '').toLowerCase();
    for (const other of othersKnown) {
      if (other.toLowerCase() === alias) throw new OwnershipViolation(`refusing generated id ${JSON.stringify(decoded)}: it may name ${other}, which this run did not create`);
    }
    if (this.created.has(segment)) throw new OwnershipViolation(`generated id ${segment} is a job execution this run created`);
    this.probes.add(segment);
    return segment;
  }

  assertMayDestroy(id: string, method: string): void {
    if (!this.created.has(id) && !this.probes.has(id)) {
      throw new OwnershipViolation(`refusing ${method} of job execution ${id}: this run did not create it`);
    }
  }
}
