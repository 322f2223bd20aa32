/**
 * Issue 15 (work in progress): a submission bundle of a run verifies; each way of tampering with
 * it fails verification, naming what is wrong.
 */
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle } from '../../certification/verify-bundle';
import { writeBundle } from '../../certification/write-bundle';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { bundleFiles } from '../../certification/bundle-files';
import { preAuthEncoding } from '../../certification/dsse';
import { startMockServer } from '../../mock/server';
import { isolatedEnvironment, runConformanceSuite, type SuiteRun } from './support/run-suite';

test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(join(tmpdir(), 'certification-'));
const signer = generateKeyPairSync('ed25519');
const product = join(dir, 'PRODUCT.yaml');
writeFileSync(join(dir, 'key.pem'), signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(product, 'vendor: Example\nproduct: Example Data Processing\nversion: "1.0"\ndeployment: the embedded mock\nprofile: sahara\ncontact: ops@example.net\n');

let full: SuiteRun;
let narrowed: SuiteRun;

test.beforeAll(async () => {
  const mock = await startMockServer({});
  try {
    full = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'));
    narrowed = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-001']);
  } finally {
    await mock.close();
  }
});

function bundleOf(run: SuiteRun, name: string): string {
  const out = join(dir, name);
  writeBundle({ out, reportDir: run.reportDir, productFile: product, signKeyFile: join(dir, 'key.pem') });
  return out;
}

function tampered(bundle: string, name: string, change: (copy: string) => void): string {
  const copy = join(dir, name);
  cpSync(bundle, copy, { recursive: true });
  change(copy);
  return copy;
}

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));

test('the signature covers DSSE v1\'s pre-authentication encoding: the specification\'s test vector', () => {
  expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
});

test('a bundle of a run verifies with its signer\'s public key, and with no other', () => {
  const bundle = bundleOf(full, 'full');
  expect(verifyBundle(bundle, signer.publicKey)).toEqual([]);
  expect(verifyBundle(bundle, generateKeyPairSync('ed25519').publicKey)).toEqual([expect.stringMatching(/^no signature of the given public key/)]);
  expect(verifyBundle(bundle)).toEqual(["the signature was not checked: give the signer's --public-key"]);
});

test('each way of tampering fails verification, naming what is wrong', () => {
  const bundle = bundleOf(full, 'full-for-tampering');
  const cases: [string, (copy: string) => void, RegExp][] = [
    ['one byte of README.md', (b) => edit(join(b, 'README.md'), (s) => s.replace('a', 'b')), /^README\.md changed after signing/],
    ['a flipped verdict', (b) => edit(join(b, 'report.json'), (s) => s.replace('"verdict": "CONFORMANT"', '"verdict": "NON-CONFORMANT"')), /report\.json says NON-CONFORMANT, but its requirements give CONFORMANT/],
    ['a dropped requirement', (b) => edit(join(b, 'report.json'), (s) => JSON.stringify({ ...JSON.parse(s), requirements: JSON.parse(s).requirements.slice(1) })), /requirement JEX-READ-001 of catalogue .* is missing from report\.json/],
    ['a swapped suite digest', (b) => edit(join(b, 'report.json'), (s) => s.replace(/"spec\/requirements\.yaml": "[0-9a-f]+"/, `"spec/requirements.yaml": "${'0'.repeat(64)}"`)), /report\.json names spec\/requirements\.yaml with another sha256 than suite/],
    ['a weakened catalogue copy', (b) => edit(join(b, 'suite', 'requirements.yaml'), (s) => s.replace(/level: MUST/g, 'level: MAY')), /^suite\/requirements\.yaml is not the file report\.json names/],
    ['a file added after signing', (b) => writeFileSync(join(b, 'extra.txt'), 'x'), /^extra\.txt is in the bundle but not in the attestation/],
  ];
  for (const [what, change, named] of cases) {
    const problems = verifyBundle(tampered(bundle, what.replace(/\W/g, '-'), change), signer.publicKey);
    expect(problems, what).toContainEqual(expect.stringMatching(named));
  }
});

test('nothing secret in any file of a bundle: the tokens the run sent appear nowhere', () => {
  const bundle = bundleOf(full, 'for-secrets');
  const tokens = Object.values(SEED_PROJECTS).map((p) => p.token);
  for (const file of bundleFiles(bundle)) {
    const text = readFileSync(join(bundle, file), 'utf8');
    for (const token of tokens) expect(text.includes(token), `${file} carries a token`).toBe(false);
  }
});

test('a bundle of a narrowed (--grep) run verifies as INCOMPLETE, and fails when it is claimed complete', () => {
  expect(narrowed.report?.verdict).toBe('INCOMPLETE');
  const bundle = bundleOf(narrowed, 'narrowed');
  expect(verifyBundle(bundle, signer.publicKey)).toEqual([]);
  const claimed = tampered(bundle, 'narrowed-claimed', (b) => edit(join(b, 'report.json'), (s) => s.replace('"verdict": "INCOMPLETE"', '"verdict": "CONFORMANT"')));
  expect(verifyBundle(claimed, signer.publicKey)).toContainEqual('report.json says CONFORMANT, but its requirements give INCOMPLETE');
});

test('the command line: bundle writes, verify exits 0 when verified, 1 with one line per problem, 3 on unusable input', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'sahara-conformance.cjs'), ...args], { encoding: 'utf8', env: isolatedEnvironment({}) });
  writeFileSync(join(dir, 'key.pub.pem'), signer.publicKey.export({ type: 'spki', format: 'pem' }));
  const out = join(dir, 'by-command-line');
  const made = cli('bundle', out, '--product', product, '--report-dir', full.reportDir, '--sign-key', join(dir, 'key.pem'));
  expect([made.status, made.stdout.trim()], made.stderr).toEqual([0, `Bundle written: ${out} (signed)`]);
  const verified = cli('verify', out, '--public-key', join(dir, 'key.pub.pem'));
  expect([verified.status, verified.stdout]).toEqual([0, 'Verified\n']);
  writeFileSync(join(out, 'README.md'), 'changed');
  const refused = cli('verify', out, '--public-key', join(dir, 'key.pub.pem'));
  expect([refused.status, refused.stdout]).toEqual([1, "NOT VERIFIED: README.md changed after signing (sha256 differs from the attestation's)\n1 problem(s): not verified\n"]);
  const unusable = cli('verify', join(dir, 'nothing-here'));
  expect([unusable.status, unusable.stderr]).toEqual([3, `sahara-conformance: verify: ${join(dir, 'nothing-here')} holds no report.json: not a submission bundle\n`]);
  const noProduct = cli('bundle', join(dir, 'no-product'), '--product', join(dir, 'missing.yaml'), '--report-dir', full.reportDir);
  expect([noProduct.status, noProduct.stderr.split('\n').length]).toEqual([3, 2]);
});
