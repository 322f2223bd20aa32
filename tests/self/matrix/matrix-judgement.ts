/**
 * Judges the suite by the matrix: was each defect failed on the requirement it violates (a kill),
 * was each variant accepted (no false failure), and is every MUST requirement guarded by at least
 * one killed defect. Pure data in and out, so its own test can feed it made-up results.
 */
import type { Catalogue } from '../../../lib/requirements';
import type { MatrixCase } from './matrix-cases';
import type { MatrixCaseResult } from './matrix-reporter';

export interface CaseJudgement {
  matrixCase: MatrixCase;
  result?: MatrixCaseResult;
  /** Defect: killed on its requirement. Variant: CONFORMANT, no MUST failure, its findings reported. */
  ok: boolean;
  /** Variant judged other than CONFORMANT, or with a MUST failure. */
  falseFailure: boolean;
  why?: string;
}

export interface MatrixJudgement {
  cases: CaseJudgement[];
  defects: number;
  killed: number;
  variants: number;
  falseFailures: number;
  /** MUST requirements that no killed defect violates: a check that may never fail. */
  unguarded: string[];
}

function judgeDefect(c: MatrixCase, r: MatrixCaseResult, catalogue: Catalogue): Omit<CaseJudgement, 'matrixCase' | 'result'> {
  const level = catalogue.byId.get(c.violates ?? '')?.level;
  if (!level) return { ok: false, falseFailure: false, why: `violates ${c.violates}, which is not in the catalogue` };
  const expectedVerdict = level === 'MUST' ? 'NON-CONFORMANT' : 'CONFORMANT';
  const caught = r.failed.some((f) => f.id === c.violates);
  if (r.verdict === expectedVerdict && caught) return { ok: true, falseFailure: false };
  const failed = r.failed.map((f) => f.id).join(', ') || 'nothing';
  return { ok: false, falseFailure: false, why: `expected ${expectedVerdict} with ${c.violates} failed, got ${r.verdict} with ${failed} failed` };
}

function judgeVariant(c: MatrixCase, r: MatrixCaseResult): Omit<CaseJudgement, 'matrixCase' | 'result'> {
  const mustFailures = r.failed.filter((f) => f.level === 'MUST');
  if (r.verdict !== 'CONFORMANT' || mustFailures.length > 0) {
    const detail = [...mustFailures.map((f) => `${f.id} failed: ${f.reason ?? ''}`), ...r.unsettled.map((u) => `${u.id} ${u.outcome}: ${u.reason ?? ''}`)];
    return { ok: false, falseFailure: true, why: `judged ${r.verdict}: ${detail.join('; ') || 'no detail'}` };
  }
  const missed = c.findings.filter((id) => !r.failed.some((f) => f.id === id));
  if (missed.length > 0) return { ok: false, falseFailure: false, why: `CONFORMANT, but the finding(s) ${missed.join(', ')} were not reported` };
  return { ok: true, falseFailure: false };
}

export function judgeMatrix(cases: MatrixCase[], results: Map<string, MatrixCaseResult>, catalogue: Catalogue): MatrixJudgement {
  const judged = cases.map((matrixCase): CaseJudgement => {
    const result = results.get(matrixCase.name);
    if (!result) return { matrixCase, ok: false, falseFailure: matrixCase.kind === 'variant', why: 'no result: the case did not run' };
    const verdict = matrixCase.kind === 'defect' ? judgeDefect(matrixCase, result, catalogue) : judgeVariant(matrixCase, result);
    return { matrixCase, result, ...verdict };
  });
  const defects = judged.filter((j) => j.matrixCase.kind === 'defect');
  const guarded = new Set(defects.filter((j) => j.ok).map((j) => j.matrixCase.violates));
  return {
    cases: judged,
    defects: defects.length,
    killed: defects.filter((j) => j.ok).length,
    variants: judged.length - defects.length,
    falseFailures: judged.filter((j) => j.falseFailure).length,
    unguarded: catalogue.requirements.filter((r) => r.level === 'MUST' && !guarded.has(r.id)).map((r) => r.id),
  };
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** One line per case (case, its tests' time, verdict, failed requirements), then the figures. */
export function formatMatrix(judgement: MatrixJudgement, durationMs: number): string {
  const width = Math.max(...judgement.cases.map((j) => j.matrixCase.name.length));
  const lines = judgement.cases.map((j) => {
    const failed = j.result?.failed.map((f) => (f.level === 'MUST' ? f.id : `${f.id}(${f.level.toLowerCase()})`)).join(' ') || '-';
    const mark = j.ok ? 'ok  ' : 'BAD ';
    const seconds = j.result ? `${(j.result.testTimeMs / 1000).toFixed(1)} s`.padStart(7) : ''.padStart(7);
    // A conformant variant must let the closing check run to its end: one that could not is shown.
    const closing = j.matrixCase.kind === 'variant' && j.result?.closingCheck?.outcome === 'unknown' ? `   (closing check could not tell: ${j.result.closingCheck.detail ?? ''})` : '';
    return `${mark}${j.matrixCase.name.padEnd(width)} ${seconds}  ${(j.result?.verdict ?? 'NO RESULT').padEnd(14)}  ${failed}${j.why ? `   <- ${j.why}` : ''}${closing}`;
  });
  return [
    `Verdict matrix (${judgement.cases.length} cases, ${(durationMs / 1000).toFixed(1)} s):`,
    ...lines,
    `Kill rate: ${judgement.killed}/${judgement.defects} defects failed on the requirement they violate (${percent(judgement.killed, judgement.defects)})`,
    `False-failure rate: ${judgement.falseFailures}/${judgement.variants} conformant variants not judged CONFORMANT (${percent(judgement.falseFailures, judgement.variants)})`,
    `Unguarded MUST requirements: ${judgement.unguarded.join(', ') || 'none'}`,
  ].join('\n');
}

/** What must not change between two runs of the matrix: each case's verdict and failed MUST requirements. */
export function verdictFingerprints(results: Map<string, MatrixCaseResult>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, r] of [...results].sort(([a], [b]) => a.localeCompare(b))) {
    out[name] = `${r.verdict}: ${r.failed.filter((f) => f.level === 'MUST').map((f) => f.id).sort().join(' ') || '-'}`;
  }
  return out;
}
