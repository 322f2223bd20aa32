/**
 * lib/redact.ts on its own: a registered secret is masked in every spelling a hostile target
 * could echo it back in (URL-encoded, JSON-escaped, hex, base64 at any byte alignment), text
 * without a secret comes back unchanged, and a cut-out fragment loses a partial secret at its
 * edges. Pure unit tests: no server, no subprocess.
 */
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { redactBytes, redactFragment, redactText, registerSecret } from '../../lib/redact';

test.describe.configure({ mode: 'parallel' });

// Registered once per worker (redact.ts keeps its secrets per process); random, so no other
// test's text can contain them by accident.
const TOKEN = 'gAAAAA' + randomBytes(131).toString('base64url').slice(0, 174);
const PASSWORD = 'p@ss w/rd+"quote"\\back-0123';
registerSecret(TOKEN);
registerSecret(PASSWORD);

const ORDINARY = 'GET /v1/jobs/3f2a?limit=20 HTTP/1.1 -> 200 {"job": {"id": "3f2a", "status": "SUCCEEDED"}} YWJj 616263 %2F';

/** base64 of `prefix + secret + suffix`: the secret starts at byte offset prefix.length. */
function base64Within(secret: string, prefix: string, alphabet: 'base64' | 'base64url') {
  return Buffer.from(`${prefix}${secret}. and some text after it`, 'utf8').toString(alphabet);
}

/** The characters of base64(pad zero bytes + secret) fully determined by the secret's bytes. */
function base64Core(secret: string, pad: number, alphabet: 'base64' | 'base64url') {
  const bytes = Buffer.concat([Buffer.alloc(pad), Buffer.from(secret, 'utf8')]);
  return bytes.toString(alphabet).replace(/=+$/, '').slice(pad ? 4 : 0, Math.floor(bytes.length / 3) * 4);
}

test('the token-like secret is 180 characters and the password has characters every encoding changes', () => {
  expect(TOKEN).toHaveLength(180);
  expect(encodeURIComponent(PASSWORD)).not.toBe(PASSWORD);
  expect(JSON.stringify(PASSWORD).slice(1, -1)).not.toBe(PASSWORD);
});

for (const [name, secret] of [['token', TOKEN], ['password', PASSWORD]] as const) {
  test.describe(`the ${name} is masked`, () => {
    const spellings: [string, string][] = [
      ['plain', secret],
      ['encodeURIComponent', encodeURIComponent(secret)],
      ['form-encoded (space as +)', encodeURIComponent(secret).replace(/%20/g, '+')],
      ['URLSearchParams', new URLSearchParams({ v: secret }).toString().slice(2)],
      ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
      ['hex lower case', Buffer.from(secret, 'utf8').toString('hex')],
      ['hex upper case', Buffer.from(secret, 'utf8').toString('hex').toUpperCase()],
    ];
    for (const [spelling, form] of spellings) {
      test(`${spelling}`, () => {
        const text = `{"echo": "${form}", "again": "x${form}y"}`;
        const out = redactText(text);
        expect(out).not.toContain(form);
        expect(out).not.toContain(secret);
        expect(out).toContain('[REDACTED]');
      });
    }

    for (const alphabet of ['base64', 'base64url'] as const) {
      for (const prefix of ['', 'a', 'ab']) {
        test(`${alphabet} at byte offset ${prefix.length} within a longer message`, () => {
          const message = base64Within(secret, prefix, alphabet);
          const core = base64Core(secret, prefix.length, alphabet);
          // The test's own premise: the core really is inside the encoded message.
          expect(message).toContain(core);
          const text = `Authorization: Basic ${message}\n`;
          const out = redactText(text);
          expect(out).not.toContain(core);
          // The whole core went: what is left of the secret is at most a partial character at each edge.
          expect(out).toBe(text.replace(core, '[REDACTED]'));
        });
      }
    }

    test('as bytes (redactBytes), plain and hex', () => {
      const bytes = Buffer.from(`a ${secret} b ${Buffer.from(secret).toString('hex')} c`, 'utf8');
      const out = redactBytes(bytes).toString('latin1');
      expect(out).not.toContain(secret);
      expect(out).not.toContain(Buffer.from(secret).toString('hex'));
    });
  });
}

test('text without a secret comes back unchanged', () => {
  for (const text of ['', ORDINARY, 'x'.repeat(100_000), Buffer.from(ORDINARY).toString('base64')]) {
    expect(redactText(text)).toBe(text);
  }
  const bytes = Buffer.from(ORDINARY, 'utf8');
  expect(redactBytes(bytes)).toBe(bytes);
});

test('a secret in several spellings in one text is masked everywhere', () => {
  const hex = Buffer.from(TOKEN).toString('hex');
  const text = `${TOKEN}|${encodeURIComponent(PASSWORD)}|${hex}|${base64Within(PASSWORD, 'a', 'base64')}`;
  const out = redactText(text);
  expect(out).not.toContain(TOKEN);
  expect(out).not.toContain(encodeURIComponent(PASSWORD));
  expect(out).not.toContain(hex);
  expect(out).not.toContain(base64Core(PASSWORD, 1, 'base64'));
  expect(out.split('[REDACTED]').length - 1).toBeGreaterThanOrEqual(4);
});

test('redactFragment masks a partial token at the end and at the start of a cut-out text', () => {
  const head = `{"token": "${TOKEN.slice(0, 20)}`;
  expect(redactText(head)).toBe(head); // a cut secret is not whole, so redactText alone misses it
  expect(redactFragment(head)).toBe('{"token": "[REDACTED]');
  const tail = `${TOKEN.slice(-20)}", "status": "ok"}`;
  expect(redactFragment(tail)).toBe('[REDACTED]", "status": "ok"}');
  // The same for a derived spelling: hex cut in the middle of the secret.
  const hex = Buffer.from(TOKEN).toString('hex');
  expect(redactFragment(`body: ${hex.slice(0, 30)}`)).toBe('body: [REDACTED]');
  expect(redactFragment(`${hex.slice(-30)} end`)).toBe('[REDACTED] end');
});

test('redactFragment also does what redactText does, and leaves ordinary text unchanged', () => {
  expect(redactFragment(ORDINARY)).toBe(ORDINARY);
  expect(redactFragment('')).toBe('');
  expect(redactFragment(`a ${TOKEN} b`)).toBe('a [REDACTED] b');
  // Fewer than 8 characters of the secret at an edge is not enough to mask (too likely by chance).
  const short = `value ${TOKEN.slice(0, 7)}`;
  expect(redactFragment(short)).toBe(short);
});

test('a short password does not create an encoded form short enough to mask ordinary text', () => {
  registerSecret('abcdefg');
  // base64('abc') and hex('abc') are prefixes of the password's encodings but shorter than 8.
  for (const text of ['YWJj', 'x YWJj y', '616263', 'YmNk', 'WJjZGVm']) {
    expect(redactText(text)).toBe(text);
    expect(redactFragment(text)).toBe(text);
  }
  expect(redactText('abcdefg')).toBe('[REDACTED]');
});

test('values shorter than 4 characters are refused', () => {
  registerSecret('xyz');
  registerSecret('');
  registerSecret(undefined);
  expect(redactText('wxyz xyz')).toBe('wxyz xyz');
});
