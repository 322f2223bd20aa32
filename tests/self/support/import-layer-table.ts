/**
 * The layer table (import-layers.yaml at the repository root), read and checked for shape: which
 * layer a file is in, and whether one layer may import another.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface Layer {
  name: string;
  files: string[];
  mayImport: string[];
  mayImportTypes: string[];
}

export interface LayerTable {
  /** The folders whose files' imports are checked. */
  read: string[];
  importedByNothing: string[];
  layers: Layer[];
}

export const LAYER_TABLE_FILE = 'import-layers.yaml';

const strings = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`${LAYER_TABLE_FILE}: ${what} must be a list of strings`);
  return value;
};

export function readLayerTable(root: string): LayerTable {
  const raw = parse(readFileSync(join(root, LAYER_TABLE_FILE), 'utf8')) as Record<string, unknown>;
  if (!Array.isArray(raw.layers)) throw new Error(`${LAYER_TABLE_FILE}: layers must be a list`);
  const layers = (raw.layers as Record<string, unknown>[]).map((l) => ({
    name: String(l.name),
    files: strings(l.files, `the files of ${String(l.name)}`),
    mayImport: strings(l.mayImport, `mayImport of ${String(l.name)}`),
    mayImportTypes: strings(l.mayImportTypes ?? [], `mayImportTypes of ${String(l.name)}`),
  }));
  const names = new Set(layers.map((l) => l.name));
  for (const layer of layers) {
    for (const other of [...layer.mayImport, ...layer.mayImportTypes]) if (!names.has(other)) throw new Error(`${LAYER_TABLE_FILE}: ${layer.name} names an unknown layer "${other}"`);
  }
  return { read: strings(raw.read, 'read'), importedByNothing: strings(raw.importedByNothing, 'importedByNothing'), layers };
}

/** A pattern of the table as a regular expression: * is any part of a name, ** any folders. */
function patternToRegExp(pattern: string): RegExp {
  const parts = pattern.split(/(\*\*\/?|\*)/).map((part) => {
    if (part === '**/') return '(?:.*/)?';
    if (part === '**') return '.*';
    if (part === '*') return '[^/]*';
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

export const matchesAny = (file: string, patterns: string[]): boolean => patterns.some((p) => patternToRegExp(p).test(file));

/** The first layer, from the top, with a pattern matching the file; undefined when none has one. */
export function layerOf(table: LayerTable, file: string): Layer | undefined {
  return table.layers.find((layer) => matchesAny(file, layer.files));
}

/** Whether a file of `from` may import one of `to` - at run time, or (typeOnly) only its types. */
export function mayImport(from: Layer, to: Layer, typeOnly: boolean): boolean {
  return from === to || from.mayImport.includes(to.name) || (typeOnly && from.mayImportTypes.includes(to.name));
}
