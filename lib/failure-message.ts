/**
 * What of an error reaches a report (report.json and every view of it, the console's verdict
 * lines, a finding, a skip reason): its message in the suite's words, on one line, redacted. The
 * one place that decides it - lib/conformance-test and reporters/verdict both ask here.
 *
 * The suite's checks fail in its own words (lib/assertions/requirement-failure). An error from
 * one of the test framework's matchers - one that slipped into a test, or a helper's - carries
 * the framework's boilerplate after the message it was given: the matcher call, "Expected ...:" /
 * "Received ...:" lines, a diff. That is dropped; the message before it is the one reported.
 * Without a message of its own, its two values are named as the suite names them, received first.
 */
import { redactText } from './redact';

const ANSI = /\u001b\[[0-9;]*m/g;
/** The first line of the framework's account of a failed matcher, and the lines of that account. */
const MATCHER_CALL = /^expect(?:\.\w+)?\(/;
const MATCHER_VALUE = /^(Expected|Received)(?: [a-z]+){0,2}:\s?(.*)$/;
const MATCHER_DIFF = /^[-+] (?:Expected|Received)\b/;
/** As before: a report line stays readable; a longer message is cut. */
const MAX_LINES = 3;
const MAX_CHARS = 600;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object') {
    const { message, value } = error as { message?: unknown; value?: unknown };
    if (typeof message === 'string') return message;
    if (typeof value === 'string') return value;
  }
  return String(error);
}

const isMatcherLine = (line: string) => MATCHER_CALL.test(line) || MATCHER_VALUE.test(line) || MATCHER_DIFF.test(line);

/** With no message of its own: "received <value>, expected <value>", or a plain statement. */
function valuesOf(lines: string[]): string {
  const value = (kind: string) => lines.map((l) => MATCHER_VALUE.exec(l)).find((m) => m?.[1] === kind)?.[2]?.trim();
  const [received, expected] = [value('Received'), value('Expected')];
  if (received !== undefined) return expected !== undefined ? `received ${received}, expected ${expected}` : `received ${received}`;
  return 'a check failed without a message of its own';
}

/** The error's message as a report carries it: the suite's own words, one line, at most 600 characters, redacted. */
export function reportedMessage(error: unknown): string {
  const lines = messageOf(error).replace(ANSI, '').split('\n').map((l) => l.trim());
  const boilerplate = lines.findIndex(isMatcherLine);
  const own = (boilerplate < 0 ? lines : lines.slice(0, boilerplate)).filter((l) => l.length > 0);
  const text = own.length > 0 ? own.slice(0, MAX_LINES).join(' ') : valuesOf(lines);
  return redactText(text.slice(0, MAX_CHARS));
}
