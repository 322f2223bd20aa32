/**
 * The code that ships keeps to its layers (issue 26): no import loop - a loop through type-only
 * imports included, since it ties the layers together all the same - and no import that the
 * layer table (import-layers.yaml) does not allow, so that what reads reports (the verdict,
 * certification) loads no code that sends a request, and the mock imports nothing of the suite.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { importLoops, readImportGraph, type ImportEdge } from './support/import-graph';
import { layerOf, LAYER_TABLE_FILE, matchesAny, mayImport, readLayerTable } from './support/import-layer-table';

const ROOT = join(__dirname, '..', '..');
const table = readLayerTable(ROOT);
const { files, edges } = readImportGraph(ROOT, table.read);

/** The imports that close a loop, one line each: file:line -> file. */
function loopLines(loop: string[]): string[] {
  const members = new Set(loop);
  return edges.filter((e) => members.has(e.from) && members.has(e.to)).map((e) => `  ${e.from}:${e.line} -> ${e.to}${e.typeOnly ? ' (types only)' : ''}`);
}

/** Why the table does not allow the import, or undefined when it does. */
function breach(edge: ImportEdge): string | undefined {
  const kind = edge.typeOnly ? 'types only' : 'loaded at run time';
  if (matchesAny(edge.to, table.importedByNothing)) return `nothing may import ${edge.to} (importedByNothing)`;
  const from = layerOf(table, edge.from);
  const to = layerOf(table, edge.to);
  if (!from) return `${edge.from} is in no layer of ${LAYER_TABLE_FILE}`;
  if (!to) return `${edge.to} is in no layer of ${LAYER_TABLE_FILE}`;
  return mayImport(from, to, edge.typeOnly) ? undefined : `${from.name} may not import ${to.name} (${kind})`;
}

test('the code that ships has no import loop', () => {
  const loops = importLoops(edges);
  const described = loops.map((loop, i) => [`loop ${i + 1}, ${loop.length} files: ${loop.join(', ')}`, ...loopLines(loop)].join('\n'));
  expect(described.join('\n'), `import loops among ${table.read.join(', ')}`).toBe('');
});

test(`every import keeps to the layers of ${LAYER_TABLE_FILE}`, () => {
  const breaches = edges.flatMap((edge) => {
    const why = breach(edge);
    return why ? [`${edge.from}:${edge.line} -> ${edge.to}: ${why}`] : [];
  });
  expect(breaches.join('\n'), `imports the layer table does not allow`).toBe('');
});

test('every file the layer table reads is in a layer', () => {
  expect(files.length, `source files under ${table.read.join(', ')}`).toBeGreaterThan(100);
  expect(files.filter((f) => !layerOf(table, f)), `files in no layer of ${LAYER_TABLE_FILE}`).toEqual([]);
});
