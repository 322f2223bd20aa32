/**
 * What the certification self-tests share: a signer, a PRODUCT.yaml claiming a run's own target,
 * bundling a run, copying a bundle to tamper with it, signing a changed bundle again (a vendor who
 * signs what was not tested), and the command line.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IN_TOTO_PAYLOAD_TYPE, type TestResultStatement } from '../../../certification/attestation';
import { ATTESTATION_FILE, bundleFiles, sha256Of } from '../../../certification/bundle-files';
import { signEnvelope, type DsseEnvelope } from '../../../certification/dsse';
import { writeBundle, type BundleOptions } from '../../../certification/write-bundle';
import { isolatedEnvironment, type SuiteRun } from './run-suite';

export interface Signer {
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyFile: string;
  publicKeyFile: string;
}

export function newSigner(dir: string, name: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyFile = join(dir, `${name}.pem`);
  const publicKeyFile = join(dir, `${name}.pub.pem`);
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey, privateKeyFile, publicKeyFile };
}

/** A trusted-keys line for `signer`, as a certifier writes it. */
export function trustedKeyLine(vendor: string, signer: Signer, options = ''): string {
  const der = signer.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return `${JSON.stringify(vendor)}${options ? ` ${options}` : ''} ed25519 ${der}`;
}

export const VENDOR = 'Example Cloud GmbH';

/** A PRODUCT.yaml claiming `deployment` (by default the run's own target). */
export function productFile(dir: string, name: string, deployment: string, vendor = VENDOR): string {
  const file = join(dir, `${name}.PRODUCT.yaml`);
  writeFileSync(file, `vendor: ${vendor}\nproduct: Example Data Processing\nversion: "1.0"\ndeployment: ${deployment}\nregion: lab-1\nprofile: sahara\ncontact: ops@example.net\n`);
  return file;
}

export function testedUrl(run: SuiteRun): string {
  return (JSON.parse(readFileSync(join(run.reportDir, 'report.json'), 'utf8')) as { target: { baseUrl: string } }).target.baseUrl;
}

/** A signed bundle of `run` claiming its own target, a loopback mock, allowed on purpose. */
export function bundleOf(run: SuiteRun, dir: string, name: string, signer: Signer, options: Partial<BundleOptions> = {}): string {
  const out = join(dir, name);
  writeBundle({ out, reportDir: run.reportDir, productFile: productFile(dir, name, testedUrl(run)), signKeyFile: signer.privateKeyFile, allowPrivateTarget: true, ...options });
  return out;
}

export function copyOf(bundle: string, to: string, change: (copy: string) => void = () => {}): string {
  cpSync(bundle, to, { recursive: true });
  change(to);
  return to;
}

export const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

/** Signs the bundle's files again as they are now, with the statement changed by `change`: what a vendor could do with their own key. */
export function signAgain(bundle: string, signer: Signer, change: (statement: TestResultStatement) => void = () => {}): void {
  const envelope = JSON.parse(readFileSync(join(bundle, ATTESTATION_FILE), 'utf8')) as DsseEnvelope;
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as TestResultStatement;
  statement.subject = bundleFiles(bundle).map((name) => ({ name, digest: { sha256: sha256Of(join(bundle, name)) } }));
  change(statement);
  writeFileSync(join(bundle, ATTESTATION_FILE), JSON.stringify(signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)), signer.privateKey)));
}

export function commandLine(...args: string[]) {
  return spawnSync(process.execPath, [join(__dirname, '..', '..', '..', 'bin', 'sahara-conformance.cjs'), ...args], { encoding: 'utf8', env: isolatedEnvironment({}) });
}
