/**
 * Issue 25: a bundle cannot claim what was not tested, its signer must be a key the certifier
 * trusts for the vendor, old runs and old suites can be refused, and verify says what it
 * certifies with an exit code that cannot be misread (0 only for authentic AND conformant).
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyBundle, type VerifyOptions } from '../../certification/verify-bundle';
import { readTrustedKeys } from '../../certification/trusted-keys';
import { writeBundle } from '../../certification/write-bundle';
import { seedEnvironment } from '../../mock/seed';
import { startMockServer } from '../../mock/server';
import { runConformanceSuite, type SuiteRun } from './support/run-suite';
import { bundleOf, commandLine, copyOf, edit, newSigner, productFile, signAgain, testedUrl, trustedKeyLine, VENDOR } from './support/certification-bundles';

test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(join(tmpdir(), 'certification-claims-'));
const vendorKey = newSigner(dir, 'vendor');
const otherVendorKey = newSigner(dir, 'other-vendor');
const runs: Record<'conformant' | 'incomplete' | 'nonConformant' | 'embedded', SuiteRun> = {} as never;

test.beforeAll(async () => {
  const mock = await startMockServer({});
  const broken = await startMockServer({ defect: 'delete-is-a-no-op' });
  try {
    runs.conformant = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'));
    runs.incomplete = await runConformanceSuite(seedEnvironment(mock.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-001']);
    runs.nonConformant = await runConformanceSuite(seedEnvironment(broken.baseUrl, 'sahara'), ['--grep', '@JEX-DEL-003']);
    runs.embedded = await runConformanceSuite({}, ['--grep', '@JEX-DEL-001']);
  } finally {
    await Promise.all([mock.close(), broken.close()]);
  }
  expect([runs.conformant, runs.incomplete, runs.nonConformant, runs.embedded].map((r) => r.report?.verdict)).toEqual(['CONFORMANT', 'INCOMPLETE', 'NON-CONFORMANT', 'INCOMPLETE']);
});

function keysFile(name: string, ...lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `# vendors' keys\n${lines.join('\n')}\n`);
  return file;
}
const trusting = (file: string, extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ trust: { trustedKeys: readTrustedKeys(file), keysFile: file }, ...extra });
const problemsOf = (bundle: string, options: VerifyOptions) => verifyBundle(bundle, options).problems.map((p) => `${p.kind}: ${p.text}`);

test('bundle refuses a run of the embedded mock, a run of another host, and a private target without --allow-private-target', () => {
  const refusal = (run: SuiteRun, deployment: string, allowPrivateTarget: boolean) => {
    try {
      writeBundle({ out: join(dir, `refused-${Math.random()}`), reportDir: run.reportDir, productFile: productFile(dir, 'claim', deployment), signKeyFile: vendorKey.privateKeyFile, allowPrivateTarget });
      return 'written';
    } catch (e) {
      return (e as Error).message;
    }
  };
  const tested = new URL(testedUrl(runs.conformant));
  expect(refusal(runs.embedded, 'https://dataprocessing.eu-west-1.example.net', true)).toMatch(/^the run tested the suite's own embedded mock, not a product/);
  expect(refusal(runs.conformant, 'https://dataprocessing.eu-west-1.example.net', true)).toBe(`PRODUCT.yaml claims deployment https://dataprocessing.eu-west-1.example.net:443, but the run tested http://127.0.0.1:${tested.port}: bundle a run of the deployment it names`);
  expect(refusal(runs.conformant, `http://127.0.0.1:${Number(tested.port) + 1}`, true)).toMatch(/^PRODUCT\.yaml claims deployment http:\/\/127\.0\.0\.1:\d+, but the run tested/);
  expect(refusal(runs.conformant, 'the lab deployment', true)).toMatch(/^PRODUCT\.yaml's deployment "the lab deployment" is not an http\(s\) URL/);
  expect(refusal(runs.conformant, tested.origin, false)).toMatch(/127\.0\.0\.1 is a loopback or private address: a customer cannot reach it; bundle with --allow-private-target/);
  // Normalised: the catalog's form with /v1.1/<project>, an upper-case scheme, a trailing slash.
  expect(refusal(runs.conformant, `HTTP://127.0.0.1:${tested.port}/v1.1/${'a'.repeat(32)}`, true)).toBe('written');
});

test('verify applies the same rules to a signed bundle: a vendor who signs a claim of another host, or of a private target, is not authentic', () => {
  const keys = keysFile('claims.keys', trustedKeyLine(VENDOR, vendorKey));
  const good = bundleOf(runs.conformant, dir, 'claims-good', vendorKey);
  expect(verifyBundle(good, trusting(keys))).toMatchObject({ result: 'CERTIFIED', exitCode: 0, problems: [], facts: { allowPrivateTarget: true, signer: { listedFor: VENDOR } } });
  const otherHost = copyOf(good, join(dir, 'claims-other-host'), (b) => edit(join(b, 'PRODUCT.yaml'), (s) => s.replace(/^deployment: .*$/m, 'deployment: https://dataprocessing.example.net')));
  signAgain(otherHost, vendorKey);
  expect(problemsOf(otherHost, trusting(keys))).toEqual([expect.stringMatching(/^authenticity: PRODUCT\.yaml claims deployment https:\/\/dataprocessing\.example\.net:443, but the run tested http:\/\/127\.0\.0\.1:\d+/)]);
  const privateUnflagged = copyOf(good, join(dir, 'claims-private'));
  signAgain(privateUnflagged, vendorKey, (statement) => (statement.predicate.run.allowPrivateTarget = false));
  expect(problemsOf(privateUnflagged, trusting(keys))).toEqual([expect.stringMatching(/^authenticity: the run tested .*127\.0\.0\.1 is a loopback or private address/)]);
  const mockClaimed = copyOf(good, join(dir, 'claims-mock'), (b) => edit(join(b, 'report.json'), (s) => s.replace('"embeddedMock": false', '"embeddedMock": true')));
  signAgain(mockClaimed, vendorKey, (statement) => (statement.predicate.run.embeddedMock = true));
  expect(problemsOf(mockClaimed, trusting(keys))).toContainEqual(expect.stringMatching(/^authenticity: the run tested the suite's own embedded mock/));
  const redated = copyOf(good, join(dir, 'claims-redated'));
  signAgain(redated, vendorKey, (statement) => (statement.predicate.run.finishedAt = new Date().toISOString()));
  expect(problemsOf(redated, trusting(keys))).toEqual([expect.stringMatching(/^authenticity: the attestation's run finishedAt is "[^"]+", report\.json's "[^"]+"$/)]);
});

test('the signer must be a key listed for the vendor PRODUCT.yaml names, valid on the run\'s dates', () => {
  const bundle = bundleOf(runs.conformant, dir, 'keys', vendorKey);
  expect(verifyBundle(bundle, trusting(keysFile('listed.keys', trustedKeyLine('Another Vendor AG', otherVendorKey), trustedKeyLine(VENDOR, vendorKey, 'valid-after="20200101"'))))).toMatchObject({ result: 'CERTIFIED' });
  expect(problemsOf(bundle, trusting(keysFile('unlisted.keys', trustedKeyLine(VENDOR, otherVendorKey))))).toEqual([expect.stringMatching(/^authenticity: the bundle is signed by sha256:[0-9a-f]{16}\.\.\., which .*unlisted\.keys lists for nobody$/)]);
  expect(problemsOf(bundle, trusting(keysFile('other-vendor.keys', trustedKeyLine('Another Vendor AG', vendorKey))))).toEqual([expect.stringMatching(/^authenticity: the signing key sha256:[0-9a-f]{16}\.\.\. is listed for "Another Vendor AG", not for "Example Cloud GmbH"/)]);
  expect(problemsOf(bundle, trusting(keysFile('expired.keys', trustedKeyLine(VENDOR, vendorKey, 'valid-after="20200101",valid-before="20210101"'))))).toEqual([expect.stringMatching(/^authenticity: the signing key of "Example Cloud GmbH" \(.*expired\.keys line 2\) is valid from 2020-01-01 until 2021-01-01, but the run was from /)]);
  expect(problemsOf(bundle, trusting(keysFile('not-yet.keys', trustedKeyLine(VENDOR, vendorKey, 'valid-after="29990101"'))))).toEqual([expect.stringMatching(/is valid from 2999-01-01, but the run was from/)]);
});

test('a stale run, a run dated in the future and a run of an older suite are authentic but NOT ACCEPTED', () => {
  const keys = keysFile('policy.keys', trustedKeyLine(VENDOR, vendorKey));
  const bundle = bundleOf(runs.conformant, dir, 'policy', vendorKey);
  const days = (n: number) => new Date(Date.now() + n * 86_400_000);
  expect(verifyBundle(bundle, trusting(keys, { maxAgeDays: 30, now: days(10) }))).toMatchObject({ result: 'CERTIFIED', exitCode: 0 });
  expect(verifyBundle(bundle, trusting(keys, { maxAgeDays: 30, now: days(40) }))).toMatchObject({ result: 'NOT ACCEPTED', exitCode: 5, problems: [{ kind: 'policy', text: expect.stringMatching(/^the run finished \S+, 40 days ago: older than --max-age 30$/) }] });
  expect(verifyBundle(bundle, trusting(keys, { now: days(-2) }))).toMatchObject({ result: 'NOT ACCEPTED', problems: [{ kind: 'policy', text: expect.stringMatching(/^the run is dated in the future/) }] });
  const version = (JSON.parse(readFileSync(join(runs.conformant.reportDir, 'report.json'), 'utf8')) as { suite: { version: string } }).suite.version;
  expect(verifyBundle(bundle, trusting(keys, { minSuiteVersion: '99.0.0' }))).toMatchObject({ result: 'NOT ACCEPTED', problems: [{ kind: 'policy', text: `the run was judged by suite ${version}, older than --min-suite-version 99.0.0` }] });
  expect(verifyBundle(bundle, trusting(keys, { minSuiteVersion: version }))).toMatchObject({ result: 'CERTIFIED' });
});

test('verify\'s exit codes: 0 certified, 1 non-conformant, 2 incomplete, 3 unusable input, 4 not authentic, 5 not accepted - and --json says the same', () => {
  const keys = keysFile('exit.keys', trustedKeyLine(VENDOR, vendorKey));
  const verify = (bundle: string, ...args: string[]) => commandLine('verify', bundle, '--trusted-keys', keys, ...args);
  const certified = bundleOf(runs.conformant, dir, 'exit-0', vendorKey);
  const cases: [string, number, string][] = [
    [certified, 0, 'CERTIFIED'],
    [bundleOf(runs.nonConformant, dir, 'exit-1', vendorKey), 1, 'NON-CONFORMANT'],
    [bundleOf(runs.incomplete, dir, 'exit-2', vendorKey), 2, 'INCOMPLETE'],
    [copyOf(certified, join(dir, 'exit-4'), (b) => edit(join(b, 'README.md'), (s) => `${s} `)), 4, 'NOT AUTHENTIC'],
  ];
  for (const [bundle, code, result] of cases) {
    const text = verify(bundle);
    expect([text.status, text.stdout.split('\n').at(-2)], text.stderr).toEqual([code, expect.stringMatching(new RegExp(`^Result: +${result}: .*\\(exit ${code}\\)$`))]);
    const json = verify(bundle, '--json');
    expect([json.status, JSON.parse(json.stdout)], json.stderr).toEqual([code, expect.objectContaining({ result, exitCode: code })]);
  }
  const stale = verify(certified, '--max-age', '0');
  expect([stale.status, stale.stdout]).toEqual([5, expect.stringMatching(/^NOT ACCEPTED: the run finished .* older than --max-age 0$/m)]);
  const shown = verify(certified).stdout;
  for (const line of [`Vendor:      ${VENDOR}`, 'Product:     Example Data Processing 1.0', `Deployment:  ${testedUrl(runs.conformant)} (region lab-1)`, `Tested:      ${testedUrl(runs.conformant)} (a private target, allowed by bundle --allow-private-target)`, 'Profile:     sahara', 'Verdict:     CONFORMANT']) expect(shown).toContain(`${line}\n`);
  // The mock answers like Sahara: its HTML 401 is the one SHOULD finding a conformant run has.
  expect(shown).toMatch(/^Findings: +JEX-ERR-101 \(SHOULD\): /m);
  expect(shown).toMatch(/^Suite: +sahara-jobexec-conformance \d+\.\d+\.\d+ \(commit [0-9a-f]{40}(-modified)?\)$/m);
  expect(shown).toMatch(new RegExp(`^Signed by: +key sha256:[0-9a-f]{64} of ${VENDOR}; listed for "${VENDOR}" in .*exit\\.keys line 2, no validity dates$`, 'm'));
  expect(commandLine('verify', certified, '--public-key', vendorKey.publicKeyFile).stdout).toMatch(/^Signed by: .*not checked against a list of vendors' keys \(give --trusted-keys\)$/m);
  for (const bad of [['--max-age', 'soon'], ['--min-suite-version', 'latest'], ['--public-key', vendorKey.publicKeyFile]]) {
    const unusable = verify(certified, ...bad);
    expect([unusable.status, unusable.stderr.split('\n').length], unusable.stderr).toEqual([3, 2]);
  }
  const badKeys = commandLine('verify', certified, '--trusted-keys', keysFile('bad.keys', 'Example ed25519 not-a-key'));
  expect([badKeys.status, badKeys.stderr]).toEqual([3, expect.stringMatching(/^sahara-conformance: verify: .*bad\.keys line 2: the key is not base64 of an Ed25519 public key/)]);
});
