/**
 * The cases of the verdict matrix: one per catalogued defect (mock/defects.ts) and one per
 * conformant variant (mock/variants.ts), each with what the suite must conclude about it.
 * The tables are the single source: a defect or variant added there joins the matrix.
 */
import { DEFECT_NAMES, describeDefect } from '../../../mock/defects';
import type { MockProfile } from '../../../mock/options';
import { resolveMockOptions, type MockStart } from '../../../mock/server';
import { describeVariant, VARIANT_NAMES } from '../../../mock/variants';

export interface MatrixCase {
  /** The Playwright project name in the matrix run: `defect/<name>` or `variant/<name>`. */
  name: string;
  kind: 'defect' | 'variant';
  /** How the mock for this case is started. */
  mock: MockStart;
  profile: MockProfile;
  behaviour: string;
  /** Defects: the requirement the suite must report as failed. */
  violates?: string;
  /** Variants: SHOULD requirements the suite must report as findings. */
  findings: string[];
  /** What the suite is told about this target, on top of the mock's seed and the matrix timings. */
  suiteEnvironment: Record<string, string>;
}

/**
 * Timings for a mock on loopback. The deadlines are longer than any conformant variant needs and
 * short enough that a deletion that never completes costs seconds, not the 10 s / 420 s a real
 * deployment is given; the settle window (how long after a refused DELETE the job execution is
 * read again) is longer than the slowest catalogued deletes-anyway defect (50 ms) needs; polls
 * every 100 ms still meet every transitional answer the mock gives (they last 500 ms or more).
 * Variants that need more say so in their suiteEnvironment.
 */
export const MATRIX_SUITE_ENVIRONMENT: Record<string, string> = {
  CONFORMANCE_DELETE_TIMEOUT_MS: '2000',
  CONFORMANCE_LONG_DELETE_TIMEOUT_MS: '2000',
  CONFORMANCE_SETTLE_MS: '100',
  CONFORMANCE_POLL_INTERVAL_MS: '100',
  // Longer than the 1 s after which the catalogued rolled-back deletion comes back.
  CONFORMANCE_STAY_GONE_MS: '1500',
  // The DELETE keeps its connection alive as the official clients do, so the end of each answer is
  // followed by this grace for trailing bytes; on loopback the mock writes them with the head.
  CONFORMANCE_WIRE_GRACE_MS: '50',
  // One seed and a shorter series of generated ids (JEX-DEL-010): the second run of the matrix must
  // give the same verdicts, and 20 ids meet a prefix or wildcard form with this seed.
  CONFORMANCE_SEED: '20261203',
  CONFORMANCE_FUZZ_RUNS: '20',
};

/** Cases that wait for deadlines or slow answers (measured: 5-15 s of tests each, against 2-4 s). */
const LONGEST_CASES = ['variant/slow-answers', 'variant/async-tobekilled', 'defect/delete-never-completes', 'defect/delete-is-a-no-op', 'defect/running-delete-never-completes'];

export function matrixCases(): MatrixCase[] {
  const defects = DEFECT_NAMES.map((name): MatrixCase => {
    const defect = describeDefect(name);
    return {
      name: `defect/${name}`,
      kind: 'defect',
      mock: { defect: name },
      profile: resolveMockOptions({ defect: name }).profile,
      behaviour: defect.behaviour,
      violates: defect.violates,
      findings: [],
      suiteEnvironment: { ...MATRIX_SUITE_ENVIRONMENT, ...defect.suiteEnvironment },
    };
  });
  const variants = VARIANT_NAMES.map((name): MatrixCase => {
    const variant = describeVariant(name);
    return {
      name: `variant/${name}`,
      kind: 'variant',
      mock: { variant: name },
      profile: resolveMockOptions({ variant: name }).profile,
      behaviour: variant.behaviour,
      findings: variant.findings ?? [],
      suiteEnvironment: { ...MATRIX_SUITE_ENVIRONMENT, ...variant.suiteEnvironment },
    };
  });
  // The longest cases start first, so that none of them starts last and leaves a worker idle.
  const longest = (c: MatrixCase) => (LONGEST_CASES.includes(c.name) ? 0 : 1);
  return [...defects, ...variants].sort((x, y) => longest(x) - longest(y));
}
