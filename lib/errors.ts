/**
 * Errors the suite raises on purpose. Each carries a one-line message meant for a person:
 * configuration and reachability problems must never surface as stack traces.
 */

/** A configuration value is missing or malformed; the run cannot start. */
export class SuiteConfigError extends Error {
  override name = 'SuiteConfigError';
}

/** The target could not be reached or authenticated against before any test ran. */
export class TargetUnreachableError extends Error {
  override name = 'TargetUnreachableError';
}

/** A data file of the suite itself (spec, catalogue, profiles) is malformed. */
export class SuiteDataError extends Error {
  override name = 'SuiteDataError';
}

/** What a test needed before it could check anything (e.g. a fixture) could not be had. */
export class PreconditionFailed extends Error {
  override name = 'PreconditionFailed';
}

/** The target answered a fixture creation and refused it (not: no answer); `status` is its answer's. */
export class FixtureRefused extends PreconditionFailed {
  override name = 'FixtureRefused';

  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The target's answer could not be observed completely, so the check can neither pass nor fail. */
export class AmbiguousOutcome extends Error {
  override name = 'AmbiguousOutcome';
}

/**
 * The target kept refusing a request with 429 / 503 + Retry-After past the suite's patience: the
 * check it was for could not be run to its end - inconclusive, never failed on such an answer.
 */
export class RetriesExhausted extends AmbiguousOutcome {
  override name = 'RetriesExhausted';
}

/**
 * A check found the target breaking a requirement. Its message is in the suite's words and says
 * what the target answered before what was expected (lib/assertions/requirement-failure).
 */
export class RequirementNotMet extends Error {
  override name = 'RequirementNotMet';
}

/**
 * What a test needs is not in the configuration (a second project, a cluster where executions
 * keep running): the test is skipped as not configured - "would need ..." in a dry run - and its
 * message names exactly what to set.
 */
export class NotConfigured extends PreconditionFailed {
  override name = 'NotConfigured';
}
