/**
 * Every exit code the command line returns, in one place: the run's (its verdict, or that it could
 * not run), verify's (what a bundle certifies), register's, cleanup's and a stopped run's. The
 * README and docs/certification.md tables say the same; nothing else writes a number.
 */

/** The run: its verdict; a run that could not run has no verdict and no report. */
export const VERDICT_EXIT_CODE = { CONFORMANT: 0, 'NON-CONFORMANT': 1, INCOMPLETE: 2 } as const;

/** Every command: a bad option or configuration, an unreachable target, input it cannot use - one line on stderr. */
export const EXIT_CANNOT_RUN = 3;

/** verify: 0 only for a bundle that is authentic AND conformant; the codes of a verdict mean the same as for a run. */
export const VERIFY_EXIT_CODE = { CERTIFIED: 0, 'NON-CONFORMANT': 1, INCOMPLETE: 2, 'NOT AUTHENTIC': 4, 'NOT ACCEPTED': 5 } as const;

/** register build: the page was written either way; 1 when an entry no longer verifies. */
export const REGISTER_BUILD_EXIT_CODE = { everyEntryVerified: 0, someEntryFailing: 1 } as const;

/** cleanup RUN_ID: 1 when something of the run could not be removed. */
export const CLEANUP_EXIT_CODE = { nothingLeft: 0, somethingLeft: 1 } as const;

/** A run stopped by a signal, or because the command line that started it is gone (128 + the signal's number). */
export const STOPPED_EXIT_CODE = { SIGTERM: 143, commandLineGone: 130 } as const;
