/**
 * What a conformance test tells the reporters, and how: Playwright annotations are the channel
 * (they cross from the worker to every reporter, and survive a merge of shards). This module is
 * the one place that names them and the one that writes and reads them, typed: a test's
 * declaration (its stable id, the requirements it verifies), each requirement's outcome, findings,
 * why a test was skipped, measurements, leaks and the server headers seen. Neither side parses
 * the other's text.
 */

export type Annotation = { type: string; description?: string };

const TYPES = {
  testId: 'test-id',
  requirement: 'requirement',
  primaryRequirements: 'primary-requirements',
  needs: 'needs',
  outcome: 'requirement-outcome',
  finding: 'finding',
  skipKind: 'skip-kind',
  /** Written by Playwright itself for test.skip(condition, reason). */
  skip: 'skip',
  measurement: 'measurement',
  leak: 'leak',
  serverHeaders: 'server-headers',
  transportNoise: 'transport-noise',
} as const;

export type RequirementOutcome = 'passed' | 'failed' | 'skipped' | 'inconclusive';
/** Why a requirement or a test was skipped (report.json's skipKind). */
export type SkipKind = 'not-applicable' | 'not-configured' | 'precondition-failed' | 'not-reached' | 'not-run' | 'other';

/** One requirement's outcome in one test, as `verify` records it. */
export interface OutcomeRecord {
  id: string;
  outcome: RequirementOutcome;
  message?: string;
  /** With outcome skipped: why. */
  skipKind?: SkipKind;
  /** Exchanges the test had recorded when the check failed: the answer it judged is among them (cleanup's come after). */
  exchangesBefore?: number;
}

/** A SHOULD or MAY requirement that failed: reported, not fatal. */
export interface FindingRecord {
  requirement: string;
  level: string;
  message: string;
}

/** What a conformance test declares about itself (lib/conformance-test.ts `conformance`). */
export interface TestDeclaration {
  testId: string;
  /** Every requirement it verifies. */
  requirements: string[];
  /** Those that make it run; the others it checks on the side. */
  primary: string[];
  needsOtherTenant: boolean;
}

function descriptionsOf(annotations: readonly Annotation[], type: string): string[] {
  return annotations.filter((a) => a.type === type).map((a) => a.description ?? '');
}

function parsed<T>(annotations: readonly Annotation[], type: string): T[] {
  return descriptionsOf(annotations, type).map((text) => JSON.parse(text || '{}') as T);
}

// -- a test's declaration --------------------------------------------------------------------

export function declarationAnnotations(d: TestDeclaration): { type: string; description: string }[] {
  return [
    { type: TYPES.testId, description: d.testId },
    ...d.requirements.map((id) => ({ type: TYPES.requirement, description: id })),
    { type: TYPES.primaryRequirements, description: d.primary.join(' ') },
    ...(d.needsOtherTenant ? [{ type: TYPES.needs, description: 'other-tenant' }] : []),
  ];
}

/** The declaration of a test, or undefined for a test that is not a conformance test. */
export function declarationIn(annotations: readonly Annotation[]): TestDeclaration | undefined {
  const requirements = descriptionsOf(annotations, TYPES.requirement);
  if (requirements.length === 0) return undefined;
  const primaryText = descriptionsOf(annotations, TYPES.primaryRequirements)[0];
  return {
    testId: descriptionsOf(annotations, TYPES.testId)[0] ?? '',
    requirements,
    primary: primaryText === undefined ? requirements : primaryText.split(' ').filter(Boolean),
    needsOtherTenant: descriptionsOf(annotations, TYPES.needs).includes('other-tenant'),
  };
}

// -- what a run of the test recorded ---------------------------------------------------------

export const outcomeAnnotation = (record: OutcomeRecord): Annotation => ({ type: TYPES.outcome, description: JSON.stringify(record) });
export const outcomesIn = (annotations: readonly Annotation[]): OutcomeRecord[] => parsed<OutcomeRecord>(annotations, TYPES.outcome);

export const findingAnnotation = (finding: FindingRecord): Annotation => ({ type: TYPES.finding, description: JSON.stringify(finding) });
export const findingsIn = (annotations: readonly Annotation[]): FindingRecord[] => parsed<FindingRecord>(annotations, TYPES.finding);
/** A finding as the console and the reports write it. */
export const describeFinding = (f: FindingRecord): string => `${f.requirement} (${f.level}): ${f.message}`;

/** Recorded just before Playwright's own skip annotation, whose text is for people. */
export const skipKindAnnotation = (kind: SkipKind): Annotation => ({ type: TYPES.skipKind, description: kind });
/** Why a skipped test was skipped: the kind recorded with it, and Playwright's reason. */
export function testSkipIn(annotations: readonly Annotation[]): { kind: SkipKind; reason: string } {
  const kind = descriptionsOf(annotations, TYPES.skipKind)[0] as SkipKind | undefined;
  return { kind: kind ?? 'other', reason: descriptionsOf(annotations, TYPES.skip)[0] || 'skipped' };
}

export const measurementAnnotation = (text: string): Annotation => ({ type: TYPES.measurement, description: text });
export const measurementsIn = (annotations: readonly Annotation[]): string[] => descriptionsOf(annotations, TYPES.measurement);

export const leakAnnotation = (text: string): Annotation => ({ type: TYPES.leak, description: text });
export const leaksIn = (annotations: readonly Annotation[]): string[] => descriptionsOf(annotations, TYPES.leak);

export const serverHeadersAnnotation = <T>(seen: T[]): Annotation => ({ type: TYPES.serverHeaders, description: JSON.stringify(seen) });
export const serverHeadersSeenIn = <T>(annotations: readonly Annotation[]): T[][] => parsed<T[]>(annotations, TYPES.serverHeaders);

/** Requests a test sent again because of transport noise (lib/client/exchange-log TransportNoise). */
export interface TransportNoiseRecord {
  retries: number;
  resends: number;
}
export const transportNoiseAnnotation = (noise: TransportNoiseRecord): Annotation => ({ type: TYPES.transportNoise, description: JSON.stringify(noise) });
export const transportNoiseIn = (annotations: readonly Annotation[]): TransportNoiseRecord[] => parsed<TransportNoiseRecord>(annotations, TYPES.transportNoise);

/** Whether a finding was recorded in this test (its evidence is then attached). */
export const hasFinding = (annotations: readonly Annotation[]): boolean => annotations.some((a) => a.type === TYPES.finding);

/**
 * The annotations of one test's run: the result's (what the worker recorded), else the test's
 * declared ones (a result from a blob report of an older Playwright may carry none).
 */
export function annotationsOfRun(test: { annotations: Annotation[] }, result: { annotations?: Annotation[] }): Annotation[] {
  return result.annotations && result.annotations.length > 0 ? result.annotations : test.annotations;
}
