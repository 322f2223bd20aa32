/**
 * DSSE, the signing envelope in-toto attestations travel in (secure-systems-lab/dsse, v1.0):
 * a signature covers PAE(payloadType, payload), never the JSON around it, so the payload type is
 * bound into what is signed. Ed25519 keys from node:crypto: a vendor or certifier signs with a key
 * of their own, offline - no signing service, no network.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface DsseSignature {
  /** sha256 of the public key (SPKI, DER), hex: which key made the signature. */
  keyid: string;
  sig: string;
}

export interface DsseEnvelope {
  payloadType: string;
  /** base64 of the signed bytes. */
  payload: string;
  signatures: DsseSignature[];
}

/** The pre-authentication encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function signEnvelope(payloadType: string, payload: Buffer, privateKey: KeyObject): DsseEnvelope {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key is ${privateKey.asymmetricKeyType ?? 'not an asymmetric key'}, not Ed25519`);
  const sig = sign(null, preAuthEncoding(payloadType, payload), privateKey).toString('base64');
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: keyIdOf(createPublicKey(privateKey)), sig }] };
}

/**
 * The payload, when one signature of `publicKey` covers it; otherwise what is wrong, in one line.
 * The bytes returned are the ones the signature covered: nothing else of the envelope is trusted.
 */
export function verifyEnvelope(envelope: DsseEnvelope, publicKey: KeyObject): { payload: Buffer } | { problem: string } {
  if (typeof envelope?.payloadType !== 'string' || typeof envelope.payload !== 'string' || !Array.isArray(envelope.signatures)) {
    return { problem: 'the attestation is not a DSSE envelope (payloadType, payload, signatures)' };
  }
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = preAuthEncoding(envelope.payloadType, payload);
  const keyid = keyIdOf(publicKey);
  const mine = envelope.signatures.filter((s) => s.keyid === keyid);
  if (mine.length === 0) return { problem: `no signature of the given public key (key id ${keyid.slice(0, 16)}...); signed by ${envelope.signatures.map((s) => String(s.keyid).slice(0, 16)).join(', ') || 'nobody'}` };
  if (!mine.some((s) => verify(null, pae, publicKey, Buffer.from(String(s.sig), 'base64')))) return { problem: 'the signature does not match the attestation: it was changed after signing, or signed by another key' };
  return { payload };
}
