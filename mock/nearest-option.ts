/**
 * "Did you mean": a mistyped option gets the nearest known one named, in the one line that
 * refuses it (node:util's parseArgs only says the option is unknown). Both command lines use it,
 * the mock's (./cli) and the suite's (bin/command-line-options); it lives here, in the lowest
 * layer (import-layers.yaml), because the mock imports nothing of the suite.
 */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known option closest to the one typed (at most 2 edits, or the start of a longer name), or undefined. */
export function nearestOption(typed: string, known: readonly string[]): string | undefined {
  const name = typed.replace(/^-+/, '').split('=')[0]!;
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const distance = option.startsWith(name) && name.length >= 3 ? 1 : editDistance(name, option);
    if (distance <= 2 && (!best || distance < best.distance)) best = { option, distance };
  }
  return best && `--${best.option}`;
}

/** parseArgs' first line, with "did you mean --x?" when an unknown option is close to a known one. */
export function describeParseError(error: unknown, known: readonly string[]): string {
  const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  const nearest = unknown === undefined ? undefined : nearestOption(unknown, known);
  return nearest ? `${message}; did you mean ${nearest}?` : message;
}
