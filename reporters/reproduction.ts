/**
 * "Reproduce with: curl ..." for a failed requirement: the judged request, sent again by hand.
 * The token is never in the line: a redacted credential header becomes "$TOKEN", so the line is
 * safe to paste into a ticket and works once TOKEN is exported.
 */
import type { EvidenceExchange } from './report-model';

const CREDENTIAL_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'authorization']);

/** POSIX shell single quotes: nothing inside is expanded. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(baseUrl: string, exchange: EvidenceExchange): string {
  const url = `${baseUrl.replace(/\/$/, '')}${exchange.path}`;
  const parts = ['curl', '-i', '-X', exchange.method, quote(url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    const credential = CREDENTIAL_HEADERS.has(name.toLowerCase()) && value === '[REDACTED]';
    // Double quotes so the shell expands $TOKEN; the header name never needs escaping.
    parts.push('-H', credential ? `"${name}: $TOKEN"` : quote(`${name}: ${value}`));
  }
  // Bodies are not recorded; the only bodies a failing check judges are the `{}` the client sends
  // with PUT/POST on a job execution (JEX-METH-101).
  const sendsBody = Object.keys(exchange.requestHeaders).some((h) => h.toLowerCase() === 'content-type');
  if (sendsBody && (exchange.method === 'PUT' || exchange.method === 'POST')) parts.push('--data', quote('{}'));
  return parts.join(' ');
}
