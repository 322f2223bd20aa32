/**
 * Who signed a bundle's attestation, and what they signed: the statement is read only from bytes a
 * signature was checked over. With a trusted-keys list the signer must be a key listed for the
 * vendor PRODUCT.yaml names, valid over the run's dates (the signed ones); with a single
 * --public-key, only that the key signed, and the result says the key was not checked against a list.
 */
import type { KeyObject } from 'node:crypto';
import { IN_TOTO_PAYLOAD_TYPE, STATEMENT_TYPE, TEST_RESULT_PREDICATE, type TestResultStatement } from './attestation';
import { keyIdOf, verifyEnvelope, type DsseEnvelope } from './dsse';
import { trustedSignerProblem, validityText, type TrustedKey } from './trusted-keys';
import type { Signer } from './verification';

export type SignerTrust = { publicKey: KeyObject } | { trustedKeys: TrustedKey[]; keysFile: string } | undefined;

function statementIn(payload: Buffer, envelope: DsseEnvelope): TestResultStatement | string {
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return `the attestation's payload type is ${envelope.payloadType}, not ${IN_TOTO_PAYLOAD_TYPE}`;
  let statement: TestResultStatement;
  try {
    statement = JSON.parse(payload.toString('utf8')) as TestResultStatement;
  } catch {
    return 'the signed attestation is not JSON';
  }
  if (statement?._type !== STATEMENT_TYPE || statement.predicateType !== TEST_RESULT_PREDICATE || !Array.isArray(statement.subject)) return `the attestation is not an in-toto ${TEST_RESULT_PREDICATE} statement`;
  const run = statement.predicate?.run;
  if (!run || typeof run.startedAt !== 'string' || typeof run.finishedAt !== 'string' || Number.isNaN(Date.parse(run.startedAt)) || Number.isNaN(Date.parse(run.finishedAt))) {
    return "the signed statement does not say when the run was (predicate.run): it was made by an older suite; bundle the run again";
  }
  return statement;
}

/** The signed statement and its signer, or what is wrong in one line. */
export function checkSignature(envelope: DsseEnvelope, trust: SignerTrust, vendor: string | undefined): { statement: TestResultStatement; signer: Signer } | { problem: string } {
  if (!trust) return { problem: "the signature was not checked: give --trusted-keys FILE (or the signer's --public-key)" };
  if ('publicKey' in trust) {
    const verified = verifyEnvelope(envelope, trust.publicKey);
    if ('problem' in verified) return verified;
    const statement = statementIn(verified.payload, envelope);
    if (typeof statement === 'string') return { problem: statement };
    return { statement, signer: { keyId: keyIdOf(trust.publicKey), trust: 'the --public-key given; not checked against a list of vendors\' keys (give --trusted-keys)' } };
  }
  // Only a signature that verifies names a signer: an envelope's key ids are hints anyone can write.
  const signatures = Array.isArray(envelope?.signatures) ? envelope.signatures : [];
  const candidates = trust.trustedKeys.filter((k) => signatures.some((s) => s.keyid === k.keyId));
  const verifiedBy = candidates.filter((k) => !('problem' in verifyEnvelope(envelope, k.key)));
  if (verifiedBy.length === 0) {
    if (candidates.length > 0) return { problem: 'the signature does not match the attestation: it was changed after signing, or signed by another key' };
    return { problem: `the bundle is signed by ${signatures.map((s) => `sha256:${String(s.keyid).slice(0, 16)}...`).join(', ') || 'no key'}, which ${trust.keysFile} lists for nobody` };
  }
  const verified = verifyEnvelope(envelope, verifiedBy[0]!.key) as { payload: Buffer };
  const statement = statementIn(verified.payload, envelope);
  if (typeof statement === 'string') return { problem: statement };
  const run = statement.predicate.run;
  const trusted = trustedSignerProblem(verifiedBy, verifiedBy.map((k) => k.keyId), vendor ?? '', new Date(run.startedAt), new Date(run.finishedAt));
  if ('problem' in trusted) return trusted;
  return { statement, signer: { keyId: trusted.key.keyId, listedFor: trusted.key.vendor, trust: `listed for ${JSON.stringify(trusted.key.vendor)} in ${trusted.key.line}, ${validityText(trusted.key)}` } };
}
