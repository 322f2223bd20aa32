/**
 * verify's answer for a person: what the bundle certifies, line by line, every problem on a line of
 * its own, and the result with its exit code last - so that neither a glance nor a pipeline that
 * reads only the exit code can take a non-conformant or unauthentic bundle for a certified one.
 */
import { RESULT_MEANING, type Verification } from './verification';

const PROBLEM_PREFIX = { authenticity: 'NOT AUTHENTIC', policy: 'NOT ACCEPTED' } as const;

export function verificationText(v: Verification): string {
  const f = v.facts;
  const or = (value: string | undefined, missing = '(not given)') => (value && value.trim() ? value : missing);
  const target = f.target.embeddedMock ? "the suite's embedded mock" : or(f.target.baseUrl);
  const findings = f.findings.length === 0 ? ['none'] : f.findings.map((x) => x.text);
  const lines = [
    `Bundle:      ${v.bundle}`,
    `Vendor:      ${or(f.vendor)}`,
    `Product:     ${or(f.product)} ${or(f.version, '(no version)')}`,
    `Deployment:  ${or(f.deployment)}${f.region ? ` (region ${f.region})` : ''}`,
    `Tested:      ${target}${f.allowPrivateTarget ? ' (a private target, allowed by bundle --allow-private-target)' : ''}`,
    `Profile:     ${or(f.profile)}`,
    `Run:         ${or(f.runId)}, ${or(f.startedAt)} to ${or(f.finishedAt)}`,
    `Verdict:     ${or(f.verdict)}`,
    `Findings:    ${findings[0]}`,
    ...findings.slice(1).map((x) => `             ${x}`),
    `Suite:       ${or(f.suite.name)} ${or(f.suite.version)} (commit ${or(f.suite.commit)})`,
    `Signed by:   ${f.signer ? `key sha256:${f.signer.keyId}${f.signer.listedFor ? ` of ${f.signer.listedFor}` : ''}; ${f.signer.trust}` : '(no signature was verified)'}`,
    ...v.problems.map((p) => `${PROBLEM_PREFIX[p.kind]}: ${p.text}`),
    `Result:      ${v.result}: ${RESULT_MEANING[v.result]} (exit ${v.exitCode})`,
  ];
  return `${lines.join('\n')}\n`;
}
