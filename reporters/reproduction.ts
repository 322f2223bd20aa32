/**
 * "Reproduce with: curl ..." for a failed requirement: the judged request, sent again by hand.
 * The token is never in the line: a redacted credential header becomes a shell variable, so the
 * line is safe to paste into a ticket and works once that variable is exported. Which project's
 * token it takes is said in a comment at its end: $TOKEN for the tested project's, $OTHER_TOKEN for
 * the second project's (a cross-tenant request: pasted with the tested project's token, it would
 * "reproduce" by succeeding for the wrong reason; with OTHER_TOKEN unset it sends no token at all).
 */
import type { EvidenceExchange } from './report-model';

const CREDENTIAL_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'authorization']);

/** POSIX shell single quotes: nothing inside is expanded. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The variable the redacted token becomes, and the comment that says whose token to export. */
function tokenVariable(tenant: EvidenceExchange['tenant']): { name: string; comment?: string } {
  if (tenant?.role === 'other') return { name: 'OTHER_TOKEN', comment: `OTHER_TOKEN: a token of the second project${tenant.projectId ? ` (${tenant.projectId})` : ''}, not TOKEN` };
  if (tenant?.role === 'primary') return { name: 'TOKEN', comment: `TOKEN: a token of project ${tenant.projectId ?? 'under test'}` };
  return { name: 'TOKEN' };
}

export function curlCommand(baseUrl: string, exchange: EvidenceExchange): string {
  const url = `${baseUrl.replace(/\/$/, '')}${exchange.path}`;
  const parts = ['curl', '-i', '-X', exchange.method, quote(url)];
  const token = tokenVariable(exchange.tenant);
  let usesToken = false;
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    const credential = CREDENTIAL_HEADERS.has(name.toLowerCase()) && value === '[REDACTED]';
    usesToken ||= credential;
    // Double quotes so the shell expands the variable; the header name never needs escaping.
    parts.push('-H', credential ? `"${name}: $${token.name}"` : quote(`${name}: ${value}`));
  }
  // Bodies are not recorded; the only bodies a failing check judges are the `{}` the client sends
  // with PUT/POST on a job execution (JEX-METH-101).
  const sendsBody = Object.keys(exchange.requestHeaders).some((h) => h.toLowerCase() === 'content-type');
  if (sendsBody && (exchange.method === 'PUT' || exchange.method === 'POST')) parts.push('--data', quote('{}'));
  return `${parts.join(' ')}${usesToken && token.comment ? `  # ${token.comment}` : ''}`;
}
