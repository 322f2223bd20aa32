/**
 * A reader that goes away before the output ends (`sahara-conformance --list | head -1`) costs no
 * EPIPE stack trace and no run (./outlive-closed-readers.cjs): in the command line, which loads it
 * first, and in every Playwright process it starts (a run, the merge of shards), through NODE_OPTIONS.
 */
import { join } from 'node:path';

const PRELOAD = join(__dirname, 'outlive-closed-readers.cjs');

/** The command line's own process. */
export function outliveClosedReaders(): void {
  require(PRELOAD);
}

/** The environment of a child process that loads it too. */
export function outlivingClosedReaders(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--require "${PRELOAD}"`].filter(Boolean).join(' ') };
}
