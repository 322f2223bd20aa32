/**
 * conformance.md is generated, never edited (the Kubernetes conformance.yaml pattern): it must be
 * exactly what spec/requirements.yaml and the conformance tests' declarations produce now.
 */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { loadCatalogue } from '../../lib/requirements';
import { CONFORMANCE_DOCUMENT, listConformanceTests, renderConformanceDocument, type DeclaredTest } from '../../bin/conformance-document';

// One worker lists the tests once (a Playwright --list run), not every process that loads this file.
test.describe.configure({ mode: 'default' });
const catalogue = loadCatalogue();
let listed: DeclaredTest[] | undefined;
const declaredTests = () => (listed ??= listConformanceTests());

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  return line < 0 ? 'the checked-in file has extra lines at the end' : `line ${line + 1}: expected ${JSON.stringify(a[line])}, found ${JSON.stringify(b[line] ?? '(end of file)')}`;
}

test('conformance.md is what the catalogue and the tests produce (else run npm run conformance:document)', () => {
  const generated = renderConformanceDocument(catalogue, declaredTests());
  const checkedIn = readFileSync(CONFORMANCE_DOCUMENT, 'utf8');
  expect(checkedIn === generated, `conformance.md has drifted, ${firstDifference(generated, checkedIn)}; run npm run conformance:document`).toBe(true);
});

test('the document lists every requirement with the tests that verify it', () => {
  const tests = declaredTests();
  const document = renderConformanceDocument(catalogue, tests);
  for (const r of catalogue.requirements) {
    expect(document).toContain(`## ${r.id}\n\n**${r.title}** (${r.level})`);
    for (const t of tests.filter((t) => t.requirements.includes(r.id))) expect(document).toContain(`verified by \`${t.file}\`: "${t.title}" (test id \`${t.testId}\`)`);
  }
  expect(document).not.toContain('no test verifies this requirement');
});

test('a change to the catalogue or to a test declaration changes the document, so drift is caught', () => {
  const tests = declaredTests();
  const document = renderConformanceDocument(catalogue, tests);
  const [first] = catalogue.requirements;
  const retitled = { ...catalogue, requirements: catalogue.requirements.map((r) => (r === first ? { ...r, title: `${r.title}, renamed` } : r)) };
  expect(renderConformanceDocument(retitled, tests)).not.toBe(document);
  const withoutTheFirstTest = tests.filter((t) => !t.requirements.includes(first!.id));
  expect(renderConformanceDocument(catalogue, withoutTheFirstTest)).toContain(`## ${first!.id}`);
  expect(renderConformanceDocument(catalogue, withoutTheFirstTest)).toMatch(new RegExp(`## ${first!.id}[\\s\\S]*?no test verifies this requirement`));
});
