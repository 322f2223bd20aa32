/**
 * Issue 15 (work in progress): a submission bundle of a run verifies; each way of tampering with
 * it fails verification, naming what is wrong.
 */
import { expect, test } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle, type VerifyOptions } from '../../certification/verify-bundle';
import { SEED_PROJECTS, seedEnvironment } from '../../mock/seed';
import { bundleFiles } from '../../certification/bundle-files';
import { preAuthEncoding } from '../../certification/dsse';
import { startMockServer } from '../../mock/server';
import { runConformanceSuite, type SuiteRun } from './support/run-suite';
import { writeReportViews } from '../../reporters/report-views-reporter';
import { bundleOf as bundleSigned, commandLine, copyOf, edit, newSigner, signAgain } from './support/certification-bundles';

test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(join(tmpdir(), 'certification-'));
const signer = newSigner(dir, 'key');
const withKey = (publicKey = signer.publicKey): VerifyOptions => ({ trust: { publicKey } });
const problemsOf = (bundle: string, options: VerifyOptions = withKey()) => verifyBundle(bundle, options).problems.map((p) => p.text);

let full: SuiteRun;
let narrowed: SuiteRun;

test.beforeAll(async () => {
  const mock = await startMockServer({});
  try {
    full = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'));
    // The views the command line writes beside report.json, as a vendor's run folder has them.
    writeReportViews(full.reportDir);
    narrowed = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-001']);
  } finally {
    await mock.close();
  }
});

const bundleOf = (run: SuiteRun, name: string) => bundleSigned(run, dir, name, signer);
const tampered = (bundle: string, name: string, change: (copy: string) => void) => copyOf(bundle, join(dir, name), change);

test('the signature covers DSSE v1\'s pre-authentication encoding: the specification\'s test vector', () => {
  expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
});

test('a bundle of a run verifies with its signer\'s public key, and with no other', () => {
  const bundle = bundleOf(full, 'full');
  expect(problemsOf(bundle)).toEqual([]);
  expect(problemsOf(bundle, withKey(generateKeyPairSync('ed25519').publicKey))).toEqual([expect.stringMatching(/^no signature of the given public key/)]);
  expect(problemsOf(bundle, {})).toEqual(["the signature was not checked: give --trusted-keys FILE (or the signer's --public-key)"]);
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
    ['a link to a file of the verifier', (b) => symlinkSync('/etc/hostname', join(b, 'suite', 'hostname')), /^suite\/hostname is a symbolic link or special file/],
    // Signed again: the vendor's own key does not make an edited view true.
    ['a finding hidden from report.html, signed again', (b) => (edit(join(b, 'report.html'), (s) => s.replaceAll('JEX-ERR-101', 'JEX-ERR-1O1')), signAgain(b, signer)), /^report\.html is not what this suite renders from report\.json/],
    ['a verdict changed in report.md, signed again', (b) => (edit(join(b, 'report.md'), (s) => s.replace(/CONFORMANT/, 'CONFORMANT (certified)')), signAgain(b, signer)), /^report\.md is not what this suite renders from report\.json/],
  ];
  for (const [what, change, named] of cases) {
    const problems = problemsOf(tampered(bundle, what.replace(/\W/g, '-'), change));
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
  expect(problemsOf(bundle)).toEqual([]);
  const claimed = tampered(bundle, 'narrowed-claimed', (b) => edit(join(b, 'report.json'), (s) => s.replace('"verdict": "INCOMPLETE"', '"verdict": "CONFORMANT"')));
  expect(problemsOf(claimed)).toContainEqual('report.json says CONFORMANT, but its requirements give INCOMPLETE');
});

test('the command line: bundle writes, verify exits 0 when certified, 4 with one line per problem, 3 on unusable input', () => {
  const out = join(dir, 'by-command-line');
  const product = join(dir, 'full.PRODUCT.yaml');
  const made = commandLine('bundle', out, '--product', product, '--report-dir', full.reportDir, '--sign-key', signer.privateKeyFile, '--allow-private-target');
  expect([made.status, made.stdout.trim()], made.stderr).toEqual([0, `Bundle written: ${out} (signed)`]);
  const verified = commandLine('verify', out, '--public-key', signer.publicKeyFile);
  expect([verified.status, verified.stdout.split('\n').at(-2)], verified.stderr).toEqual([0, 'Result:      CERTIFIED: authentic, and CONFORMANT (exit 0)']);
  writeFileSync(join(out, 'README.md'), 'changed');
  const refused = commandLine('verify', out, '--public-key', signer.publicKeyFile);
  expect([refused.status, refused.stdout.split('\n').filter((l) => /^(NOT|Result)/.test(l))]).toEqual([4, ["NOT AUTHENTIC: README.md changed after signing (sha256 differs from the attestation's)", expect.stringMatching(/^Result: +NOT AUTHENTIC: .*\(exit 4\)$/)]]);
  const unusable = commandLine('verify', join(dir, 'nothing-here'), '--public-key', signer.publicKeyFile);
  expect([unusable.status, unusable.stderr]).toEqual([3, `sahara-conformance: verify: ${join(dir, 'nothing-here')} holds no report.json: not a submission bundle\n`]);
  const noProduct = commandLine('bundle', join(dir, 'no-product'), '--product', join(dir, 'missing.yaml'), '--report-dir', full.reportDir);
  expect([noProduct.status, noProduct.stderr.split('\n').length]).toEqual([3, 2]);
});
