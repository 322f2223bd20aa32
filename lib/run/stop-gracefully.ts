/**
 * How a run is stopped from outside and still cleans up: Playwright stops gracefully on SIGINT
 * (fixture cleanup, then global teardown with the sweep), so every other way in goes through it.
 */
import { STOPPED_EXIT_CODE } from '../exit-codes';

/**
 * The command line (bin/conformance.ts) names its own pid here when it starts Playwright: if the
 * command line dies (kill -9, a closed terminal), the run stops as if interrupted instead of going
 * on orphaned, testing a target with no one to report to.
 */
export const PARENT_PID_VARIABLE = 'CONFORMANCE_PARENT_PID';

/**
 * Playwright stops gracefully on SIGINT: fixture cleanup, then global teardown with the sweep.
 * Every other way the run is stopped goes through it, with a bounded time before leaving anyway.
 */
function stopGracefully(why: string, exitCode: number, graceMs: number): void {
  process.stderr.write(`conformance: ${why}; cleaning up (at most ${Math.round(graceMs / 1000)} s)\n`);
  setTimeout(() => process.exit(exitCode), graceMs).unref();
  process.kill(process.pid, 'SIGINT');
}

/** SIGTERM, which CI systems send on cancel, would kill Playwright outright: treat it as SIGINT. */
export function stopGracefullyOnSigterm(graceMs: number): void {
  process.once('SIGTERM', () => stopGracefully('SIGTERM received', STOPPED_EXIT_CODE.SIGTERM, graceMs));
}

/** Stops the run when the command line that started it is gone (the process is re-parented). */
export function stopWhenOrphaned(graceMs: number, env: Record<string, string | undefined>): void {
  const parent = Number(env[PARENT_PID_VARIABLE]);
  if (!Number.isInteger(parent) || parent <= 1 || process.ppid !== parent) return;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    // Whatever read our output may have died with it: a write to a closed pipe must not end the
    // cleanup with an uncaught EPIPE.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    stopGracefully(`the command line (pid ${parent}) is gone`, STOPPED_EXIT_CODE.commandLineGone, graceMs);
  }, 500);
  watch.unref();
}
