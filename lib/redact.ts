/**
 * Redaction in one place: every header set, URL, message or body excerpt that may leave the
 * process (reports, attachments, console) passes through here first.
 */
const SECRET_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const REDACTED = '[REDACTED]';
const knownSecrets = new Set<string>();

/** Registers a value (token, password) that must never be printed. Short values are refused. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) knownSecrets.add(value);
}

/** The secrets the environment names, so every process redacts them without being told twice. */
export function registerSecretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) {
    if (/(TOKEN|PASSWORD|SECRET)$/.test(name)) registerSecret(value);
  }
}

export function redactText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join(REDACTED);
  return out;
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
