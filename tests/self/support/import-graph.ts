/**
 * The suite's own imports between its files, read with the TypeScript compiler: every
 * `import`, `import type`, `export ... from`, `import()` and `require()` of a relative path. An
 * import that loads its file when the importer runs is told apart from one the compiler erases
 * (`import type`, or names used only as types) by compiling each file as tsx does - one file at a
 * time - and reading which `require`s are left: what is left is what Node loads (counted so, the
 * files reporters/verdict.ts loads are the files Node's require cache holds after loading it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Both paths relative to the repository root, with forward slashes. */
  from: string;
  to: string;
  line: number;
  /** Erased when compiled: the imported file is not loaded by this import. */
  typeOnly: boolean;
}

const SOURCE = /\.(ts|cts|mts)$/;

function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFilesUnder(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const slashed = (root: string, path: string): string => relative(root, path).split(sep).join('/');

/** The file a relative specifier names, as Node with tsx finds it. */
function resolveRelative(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  const found = [base, `${base}.ts`, `${base}.cts`, `${base}.json`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile());
  if (!found) throw new Error(`${fromFile}: cannot resolve the import ${JSON.stringify(specifier)}`);
  return found;
}

const stringArgument = (call: ts.CallExpression): string | undefined => {
  const first = call.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
};

/** Every relative specifier the file names, with its line, whatever kind of import it is. */
function specifiersIn(file: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: { specifier: string; line: number }[] = [];
  const note = (node: ts.Node, specifier: string | undefined): void => {
    if (specifier?.startsWith('.')) found.push({ specifier, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier)) note(node, node.moduleSpecifier.text);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteralLike(node.moduleReference.expression)) note(node, node.moduleReference.expression.text);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteralLike(node.argument.literal)) note(node, node.argument.literal.text);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) note(node, stringArgument(node));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The relative specifiers still required once the file is compiled alone (as tsx and esbuild compile it). */
function loadedSpecifiersIn(file: string): Set<string> {
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, removeComments: true, esModuleInterop: true },
  });
  return new Set([...outputText.matchAll(/\brequire\(\s*["'](\.[^"']*)["']\s*\)/g)].map((m) => m[1]!));
}

export interface ImportGraph {
  /** The source files read, relative to the repository root. */
  files: string[];
  /** Their imports, to one another and to any other file they name. */
  edges: ImportEdge[];
}

/** The imports of every source file under the given folders. */
export function readImportGraph(root: string, folders: string[]): ImportGraph {
  const files = folders.flatMap((folder) => sourceFilesUnder(join(root, folder)));
  const edges = files.flatMap((file) => {
    const loaded = loadedSpecifiersIn(file);
    return specifiersIn(file).map(({ specifier, line }) => ({
      from: slashed(root, file),
      to: slashed(root, resolveRelative(file, specifier)),
      line,
      typeOnly: !loaded.has(specifier),
    }));
  });
  return { files: files.map((f) => slashed(root, f)), edges };
}

/**
 * The import loops: each group of files that reach one another through imports (a strongly
 * connected component, Tarjan's algorithm), type-only imports included - a loop the compiler erases
 * still ties the layers together. A file importing itself is a loop of one.
 */
export function importLoops(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      group.push(member);
      if (member === file) break;
    }
    if (group.length > 1 || (next.get(file) ?? []).includes(file)) loops.push(group.sort());
  };
  for (const file of next.keys()) if (!index.has(file)) connect(file);
  return loops;
}
