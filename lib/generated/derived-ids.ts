/**
 * Ids that are not the id of a job execution, generated with fast-check for JEX-DEL-010: forms
 * derived from the ids of the run's own job executions - where a server that matches ids loosely
 * (a prefix, a LIKE pattern, a second decoding, a path normalised after decoding, trimmed
 * whitespace) would find one of them - and random ones. A generated case names its source by
 * index into the test's pool, not by value, so a case replayed while shrinking meets the pool as
 * it is then (a source deleted by an earlier case is replaced).
 *
 * Not generated, because they name the same job execution and so still exactly one: upper-case
 * hex (UUIDs are case-insensitive on input, RFC 9562 section 4), a single percent-encoding of an
 * unreserved character (RFC 3986 section 6.2.2.2), trailing spaces (real Sahara 16 on MariaDB
 * resolves them to the id, docs/real-sahara.md), and literal dot segments (a client removes them).
 */
import fc from 'fast-check';

/** Shortest prefix sent: shorter ones could match other objects of a shared project by chance. */
export const MIN_PREFIX = 8;

export type DerivedForm =
  | { kind: 'prefix'; length: number }
  | { kind: 'appended'; tail: string }
  | { kind: 'one-char-wildcard'; at: number }
  | { kind: 'tail-wildcard'; length: number }
  | { kind: 'double-encoded'; at: number }
  | { kind: 'slash-or-dot'; shape: number }
  | { kind: 'whitespace'; shape: number };

/** One generated id: derived from the pool's job execution `source`, or random. */
export type GeneratedCase = { source: number; form: DerivedForm } | { random: string };

/** Inside the one segment: "/" is sent as %2F, so a server that decodes it before routing is the one that is wrong. */
const SLASH_OR_DOT: ((id: string) => string)[] = [(id) => `x/../${id}`, (id) => `${id}/`, (id) => `${id}/..`, (id) => `./${id}`, (id) => `../${id}`, (id) => `${id}/.`];
/** Whitespace and control characters around the id; never trailing spaces alone (an alias, above). */
const WHITESPACE: ((id: string) => string)[] = [(id) => ` ${id}`, (id) => `\t${id}`, (id) => `\n${id}`, (id) => `${id}\t`, (id) => `${id}\n`, (id) => `${id}\r`, (id) => `${id}\u0000`, (id) => ` ${id} `];

/** Characters appended: none a hex digit or a number (so no other UUID or sequential id results), none making ".json" (Sahara's alias). */
const APPENDED = ['x', 'z', '-', '~', '_', '.'];

/** The forms possible for an id of this length (prefixes and wildcards need a long one). */
function formsFor(length: number): fc.Arbitrary<DerivedForm> {
  const at = fc.nat({ max: Math.max(0, length - 1) });
  const forms: fc.Arbitrary<DerivedForm>[] = [
    fc.string({ unit: fc.constantFrom(...APPENDED), minLength: 1, maxLength: 3 }).map((tail) => ({ kind: 'appended', tail }) as const),
    at.map((i) => ({ kind: 'double-encoded', at: i }) as const),
    fc.nat({ max: SLASH_OR_DOT.length - 1 }).map((shape) => ({ kind: 'slash-or-dot', shape }) as const),
    fc.nat({ max: WHITESPACE.length - 1 }).map((shape) => ({ kind: 'whitespace', shape }) as const),
  ];
  // A pattern keeps MIN_PREFIX literal characters or more: on a short id, "_" alone would match
  // any one-character id of the project on a server that matches with LIKE.
  if (length > MIN_PREFIX) {
    const prefix = fc.integer({ min: MIN_PREFIX, max: length - 1 });
    forms.push(
      prefix.map((n) => ({ kind: 'prefix', length: n }) as const),
      prefix.map((n) => ({ kind: 'tail-wildcard', length: n }) as const),
      at.map((i) => ({ kind: 'one-char-wildcard', at: i }) as const),
    );
  }
  return fc.oneof(...forms);
}

/**
 * Random ids: UUIDs, and strings of the characters ids are made of that start with a letter past
 * "f" - never a number or a hex id that another project's object could have, never "." or "..".
 */
const randomId = fc.oneof(fc.uuid(), fc.stringMatching(/^[g-zG-Z][A-Za-z0-9._~-]{0,39}$/));

/** Cases over a pool of `poolSize` job executions whose ids are `idLength` long (the shortest of them). */
export function generatedCases(poolSize: number, idLength: number): fc.Arbitrary<GeneratedCase> {
  const derived = fc.record({ source: fc.nat({ max: poolSize - 1 }), form: formsFor(idLength) });
  return fc.oneof({ weight: 4, arbitrary: derived }, { weight: 1, arbitrary: randomId.map((random) => ({ random })) });
}

/** The id a form makes of `id`, decoded (what a server that decodes once sees). */
export function applyForm(id: string, form: DerivedForm): string {
  switch (form.kind) {
    case 'prefix':
      return id.slice(0, Math.min(form.length, id.length - 1));
    case 'appended':
      return `${id}${form.tail}`;
    case 'one-char-wildcard': {
      const at = Math.min(form.at, id.length - 1);
      return `${id.slice(0, at)}_${id.slice(at + 1)}`;
    }
    case 'tail-wildcard':
      return `${id.slice(0, Math.min(form.length, id.length - 1))}%`;
    case 'double-encoded': {
      // Decoded once, "%61" stays three characters; decoded twice it is the id again.
      const at = Math.min(form.at, id.length - 1);
      return `${id.slice(0, at)}%${id.charCodeAt(at).toString(16).toUpperCase().padStart(2, '0')}${id.slice(at + 1)}`;
    }
    case 'slash-or-dot':
      return SLASH_OR_DOT[form.shape]!(id);
    case 'whitespace':
      return WHITESPACE[form.shape]!(id);
  }
}

/** How a case reads in a message: "a prefix of 8 characters of <id>". */
export function describeCase(c: GeneratedCase, sourceId?: string): string {
  if ('random' in c) return 'a random id';
  const of = ` of ${sourceId ?? `job execution #${c.source}`}`;
  const f = c.form;
  switch (f.kind) {
    case 'prefix':
      return `a prefix of ${f.length} characters${of}`;
    case 'appended':
      return `the id${of} with ${JSON.stringify(f.tail)} appended`;
    case 'one-char-wildcard':
      return `the id${of} with character ${f.at} replaced by the SQL wildcard _`;
    case 'tail-wildcard':
      return `the first ${f.length} characters${of} followed by the SQL wildcard %`;
    case 'double-encoded':
      return `the id${of} with character ${f.at} percent-encoded twice`;
    case 'slash-or-dot':
      return `the id${of} with an encoded slash or dot segment inside its path segment`;
    case 'whitespace':
      return `the id${of} with encoded whitespace or a control character around it`;
  }
}

/** The decoded id as one path segment: everything but unreserved characters percent-encoded. */
export function encodeSegment(decoded: string): string {
  return encodeURIComponent(decoded).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
