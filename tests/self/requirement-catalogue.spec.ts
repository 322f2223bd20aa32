/**
 * The catalogue and the tests agree (the Kubernetes conformance.yaml idea): every requirement is
 * verified by at least one conformance test, every test names only known requirements, and
 * every test carries a unique stable id.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SuiteDataError } from '../../lib/errors';
import { loadCatalogue } from '../../lib/requirements';
import { declarationIn } from '../../lib/outcome-protocol';
import { isolatedEnvironment, runPlaywright } from './support/run-suite';

interface ListedTest {
  title: string;
  tags: string[];
  annotations: { type: string; description?: string }[];
}

function collectTests(suite: { specs?: { title: string; tags?: string[]; tests?: { annotations?: ListedTest['annotations'] }[] }[]; suites?: unknown[] }): ListedTest[] {
  const here = (suite.specs ?? []).map((s) => ({ title: s.title, tags: s.tags ?? [], annotations: s.tests?.[0]?.annotations ?? [] }));
  return [...here, ...((suite.suites ?? []) as (typeof suite)[]).flatMap(collectTests)];
}

test('every requirement is verified by a conformance test and every test names known requirements', async () => {
  const { exitCode, output } = await runPlaywright(['test', '--project=conformance', '--list', '--reporter=json'], isolatedEnvironment({ CONFORMANCE_BASE_URL: 'http://127.0.0.1:9' }));
  expect(exitCode, output.slice(0, 500)).toBe(0);
  const tests = collectTests(JSON.parse(output.slice(output.indexOf('{'))));
  expect(tests.length).toBeGreaterThan(10);
  const catalogue = loadCatalogue();
  const tagged = new Set(tests.flatMap((t) => t.tags.map((tag) => tag.replace(/^@/, ''))).filter((tag) => tag.startsWith('JEX-')));
  for (const requirement of catalogue.requirements) expect([...tagged], `no test verifies ${requirement.id}`).toContain(requirement.id);
  for (const id of tagged) expect(catalogue.byId.has(id), `a test names unknown requirement ${id}`).toBe(true);
  const ids = tests.map((t) => declarationIn(t.annotations)?.testId);
  expect(ids.filter((id) => !id), 'tests without a stable id').toEqual([]);
  expect(new Set(ids).size, 'stable test ids must be unique').toBe(ids.length);
});

test('a malformed catalogue is refused with a one-line error naming the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  const write = (text: string) => {
    const file = join(dir, `${Math.random()}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const entry = 'level: MUST\n    title: t\n    statement: s\n    source: mrs_02_0053\n    profiles: [sahara]\n    expected: { sahara: { status: [204] } }';
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry}\n  - id: JEX-DEL-001\n    ${entry}\n`))).toThrow(/appears twice/);
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace('MUST', 'OUGHT')}\n`))).toThrow(/level must be one of/);
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replaceAll('sahara', 'openstack')}\n`))).toThrow(/profiles names unknown profile "openstack"/);
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace('profiles: [sahara]', 'profiles: []')}\n`))).toThrow(/JEX-DEL-001.profiles must list the profiles it applies to/);
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace('expected: { sahara', 'expected: { mrs')}\n`))).toThrow(/expected names profile "mrs", which is not among its profiles/);
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace('[sahara]', '[sahara, mrs]')}\n`))).toThrow(/must give an answer for each of its profiles \(sahara, mrs\) or for none/);
  // Judged by its statement alone: no expected answer at all is a valid entry.
  expect(loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace(/\n    expected: .*/, '')}\n`)).byId.get('JEX-DEL-001')?.expected).toEqual({});
  expect(() => loadCatalogue(write(`version: "1"\nrequirements:\n  - id: JEX-DEL-001\n    ${entry.replace('[204]', '[]')}\n`))).toThrow(SuiteDataError);
});
