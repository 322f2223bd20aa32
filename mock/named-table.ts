/**
 * The lookups a table of named mock behaviours offers (mock/defects.ts, mock/variants.ts): the
 * names, a check that names an entry (for command-line input), and the entry by its name.
 */
export interface NamedTable<Name extends string, Entry> {
  names: Name[];
  has(name: string): name is Name;
  describe(name: Name): Entry;
}

export function namedTable<Name extends string, Entry>(table: Record<Name, Entry>): NamedTable<Name, Entry> {
  return {
    names: Object.keys(table) as Name[],
    has: (name: string): name is Name => Object.prototype.hasOwnProperty.call(table, name),
    describe: (name: Name) => table[name],
  };
}
