/**
 * The certifier's limits on an authentic bundle: how old its run may be (--max-age DAYS, from the
 * signed end of the run) and how old the suite that judged it (--min-suite-version). A run dated
 * in the future is refused too: it would never grow stale.
 */
export interface VerificationPolicy {
  maxAgeDays?: number;
  minSuiteVersion?: string;
  /** The verifier's clock (tests give their own). */
  now?: Date;
}

const VERSION = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

export function isSuiteVersion(text: string): boolean {
  return VERSION.test(text);
}

/** Negative when a is older than b; semantic versions, a pre-release before its release. */
export function compareSuiteVersions(a: string, b: string): number {
  const [x, y] = [VERSION.exec(a), VERSION.exec(b)];
  if (!x || !y) return a === b ? 0 : Number.NaN;
  for (let i = 1; i <= 3; i++) if (Number(x[i]) !== Number(y[i])) return Number(x[i]) - Number(y[i]);
  if (x[4] === y[4]) return 0;
  if (!x[4]) return 1;
  if (!y[4]) return -1;
  return x[4] < y[4] ? -1 : 1;
}

const DAY_MS = 86_400_000;
/** Clocks differ: a run may end this much after the verifier's now. */
const CLOCK_SKEW_MS = 10 * 60_000;

export function policyProblems(run: { startedAt: string; finishedAt: string }, suiteVersion: string, policy: VerificationPolicy): string[] {
  const now = policy.now ?? new Date();
  const finished = new Date(run.finishedAt);
  const problems: string[] = [];
  if (finished.getTime() - now.getTime() > CLOCK_SKEW_MS) problems.push(`the run is dated in the future (it finished ${run.finishedAt}, now is ${now.toISOString()})`);
  if (policy.maxAgeDays !== undefined) {
    const ageDays = (now.getTime() - finished.getTime()) / DAY_MS;
    if (ageDays > policy.maxAgeDays) problems.push(`the run finished ${run.finishedAt}, ${Math.floor(ageDays)} days ago: older than --max-age ${policy.maxAgeDays}`);
  }
  if (policy.minSuiteVersion !== undefined) {
    const order = compareSuiteVersions(suiteVersion, policy.minSuiteVersion);
    if (!(order >= 0)) problems.push(`the run was judged by suite ${suiteVersion}, older than --min-suite-version ${policy.minSuiteVersion}`);
  }
  return problems;
}
