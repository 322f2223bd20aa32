/**
 * The gate between the run and everything it leaves behind that Playwright writes rather than
 * we do. Our own outputs redact as they are built; this catches what a hostile target gets into
 * an assertion's "Received" value, an error or a step:
 * - in a worker, every message to the runner (test and step errors, attachments, what the test
 *   printed: all that reporters, the console and the HTML report will see) and the errors
 *   Playwright writes to test-results/<test>/error-context.md;
 * - in the runner, the console (reporters' output) and, as a last net, every file under
 *   test-results/ at the end of the run.
 */
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactBytes, redactText } from '../redact';

type Write = typeof process.stdout.write;
const GATED = Symbol.for('sahara-conformance.output-gate');

/** Where the run's console is kept as well (the report folder's run.log), once global setup knows. */
let consoleLog: string | undefined;

function keep(text: string): void {
  // Colours are for a terminal; the log is read as text.
  if (consoleLog) appendFileSync(consoleLog, text.replace(/\u001b\[[0-9;]*m/g, ''));
}

function gate(stream: NodeJS.WriteStream): void {
  const marked = stream as NodeJS.WriteStream & { [GATED]?: boolean };
  if (marked[GATED]) return;
  marked[GATED] = true;
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string') {
      const text = redactText(chunk);
      keep(text);
      return write(text, ...rest);
    }
    if (Buffer.isBuffer(chunk)) {
      const bytes = redactBytes(chunk);
      keep(bytes.toString('utf8'));
      return write(bytes, ...rest);
    }
    return write(chunk, ...rest);
  }) as Write;
}

/** Every string in a JSON-like value, redacted (a copy; the value is left as it is). */
function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  }
  return value;
}

/**
 * In a Playwright worker: every message to the runner passes redaction. Playwright looks
 * process.send up at each call, so wrapping it here sees them all (once per process).
 */
export function gateWorkerMessages(): void {
  const proc = process as NodeJS.Process & { [GATED]?: boolean };
  if (!proc.send || proc[GATED]) return;
  proc[GATED] = true;
  const send = proc.send.bind(proc) as (message: unknown, ...rest: unknown[]) => boolean;
  proc.send = ((message: unknown, ...rest: unknown[]) => send(redactDeep(message), ...rest)) as typeof proc.send;
}

/** From now on, what passes the console gate is also kept in `file` (the run's log, for a certification bundle), started empty. */
export function keepConsoleLogIn(file: string): void {
  writeFileSync(file, '');
  consoleLog = file;
}

/** Every write to stdout and stderr of this process passes redaction (once per process). */
export function gateConsoleOutput(): void {
  gate(process.stdout);
  gate(process.stderr);
}

interface ErrorLike {
  message?: string;
  stack?: string;
  value?: string;
  snippet?: string;
  cause?: ErrorLike;
}

/** Redacts an error in place - message, stack and cause - and returns it, so it can be rethrown. */
export function redactError<E>(error: E): E {
  const e = error as ErrorLike | null;
  if (!e || typeof e !== 'object') return error;
  for (const key of ['message', 'stack', 'value', 'snippet'] as const) {
    const value = e[key];
    if (typeof value === 'string') {
      try {
        e[key] = redactText(value);
      } catch {
        // A read-only property stays as it is; the console gate still applies to it.
      }
    }
  }
  if (e.cause && e.cause !== e) redactError(e.cause);
  return error;
}

/** Rewrites, redacted, every file under dir that holds a secret (error contexts, attachments). */
export function redactFilesUnder(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) redactFilesUnder(path);
    else if (stat?.isFile()) {
      const bytes = readFileSync(path);
      const redacted = redactBytes(bytes);
      if (redacted !== bytes) writeFileSync(path, redacted);
    }
  }
}
