/**
 * Redaction in one place: every header set, URL, message or body excerpt that may leave the
 * process (reports, attachments, console) passes through here first.
 *
 * A hostile target can echo a secret back re-encoded (URL-encoded in a Location header, escaped
 * inside a JSON string, hex or base64 inside some blob), so each registered secret is recognised
 * in every spelling `secretSpellings` lists, not only as itself.
 */
const SECRET_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const REDACTED = '[REDACTED]';
/**
 * A derived spelling shorter than this is not used: the hex or base64 of a short password can be
 * as short as 4 characters ('YWJj'), which ordinary text contains by chance.
 */
const MIN_DERIVED_LENGTH = 8;
const knownSecrets = new Set<string>();
/** Every spelling of every known secret, longest first. */
let knownForms: string[] = [];
/** One alternation of `knownForms`, so a call is one pass over the text; null: nothing known. */
let formsPattern: RegExp | null = null;

/**
 * The spellings a secret can be echoed back in: itself; URL-encoded (encodeURIComponent, with
 * lower-case escapes, and form-encoded with spaces as '+'); JSON-string-escaped (also with '/' as
 * '\/'); its UTF-8 bytes read as latin1 (how redactBytes sees them); hex of its UTF-8 bytes (lower
 * and upper case); and base64 of its UTF-8 bytes in the standard and URL-safe alphabets at each of
 * the three byte alignments it can have inside a longer encoded message. For base64, only the
 * characters fully determined by the secret's own bytes are taken (the characters at either edge
 * also depend on the neighbouring bytes). Derived spellings shorter than 8 characters are left
 * out; the secret itself is always kept.
 */
function secretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const uri = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  const hex = bytes.toString('hex');
  const derived = [
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    uri.replace(/%20/g, '+'),
    new URLSearchParams({ v: secret }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    bytes.toString('latin1'),
    hex,
    hex.toUpperCase(),
  ];
  for (const pad of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(pad), bytes]);
    const core = padded.toString('base64').slice(pad ? 4 : 0, Math.floor(padded.length / 3) * 4);
    derived.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set([secret, ...derived.filter((form) => form.length >= MIN_DERIVED_LENGTH)])];
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Registers a value (token, password) that must never be printed. Short values are refused. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4 || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  // Longest first: where two spellings start at the same place, the longer one is masked whole.
  knownForms = [...new Set([...knownForms, ...secretSpellings(value)])].sort((a, b) => b.length - a.length);
  formsPattern = new RegExp(knownForms.map(escapeForPattern).join('|'), 'g');
}

/** The secrets the environment names, so every process redacts them without being told twice. */
export function registerSecretsFromEnvironment(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (/(TOKEN|PASSWORD|SECRET)$/.test(name)) registerSecret(value);
  }
}

/** The text with every known secret, in any of its spellings, replaced by [REDACTED]. */
export function redactText(text: string): string {
  return formsPattern ? text.replace(formsPattern, REDACTED) : text;
}

/**
 * For text cut out of something longer (an excerpt, a capped body): redactText, and also a
 * partial secret at either edge. Where the cut went through a secret, the fragment holds only
 * part of it, which redactText (whole spellings only) cannot see - yet 100 characters of a
 * 180-character token are most of it, and the two halves may end up in different excerpts. So
 * the fragment's end is masked where it is the start of a spelling, its start where it is the
 * end of one, and the whole fragment where it lies inside one. At least min(8, spelling length)
 * characters must match, so an ordinary text ending in a character or two that happen to begin a
 * secret is left alone. Text that was not cut should use redactText: this can mask a little more.
 */
export function redactFragment(text: string): string {
  const out = redactText(text);
  if (out.length === 0) return out;
  let keepFrom = 0; // characters before this index are the end of a spelling
  let keepTo = out.length; // characters from this index on are the start of a spelling
  const last = out.charCodeAt(out.length - 1);
  const first = out.charCodeAt(0);
  for (const form of knownForms) {
    const least = Math.min(MIN_DERIVED_LENGTH, form.length);
    if (out.length >= least && out.length <= form.length && form.includes(out)) return REDACTED;
    // Longest first; the character compare skips most lengths without building a slice.
    for (let length = Math.min(form.length, out.length); length >= least && length > out.length - keepTo; length--) {
      if (form.charCodeAt(length - 1) === last && out.endsWith(form.slice(0, length))) {
        keepTo = out.length - length;
        break;
      }
    }
    for (let length = Math.min(form.length, out.length); length >= least && length > keepFrom; length--) {
      if (form.charCodeAt(form.length - length) === first && out.startsWith(form.slice(form.length - length))) {
        keepFrom = length;
        break;
      }
    }
  }
  if (keepFrom >= keepTo) return REDACTED;
  return `${keepFrom ? REDACTED : ''}${out.slice(keepFrom, keepTo)}${keepTo < out.length ? REDACTED : ''}`;
}

/**
 * Bytes as received (e.g. a body after a 204), with any secret masked. latin1 maps every byte to
 * one character, so bytes without a secret come back unchanged.
 */
export function redactBytes(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  const redacted = redactText(text);
  return redacted === text ? bytes : Buffer.from(redacted, 'latin1');
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(value);
  }
  return out;
}

/** A raw HTTP head (request or response): secret header lines are masked whole. */
export function redactRawHead(head: string): string {
  return redactText(
    head.replace(/^(x-auth-token|x-subject-token|authorization|proxy-authorization|cookie|set-cookie):.*$/gim, `$1: ${REDACTED}`),
  );
}
