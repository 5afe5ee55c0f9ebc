import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Who may import whom between the top-level folders of src/ (DEVELOPERS.md):
 * `values` may be imported for their code, `types` only with `import type`
 * (they vanish from the build). `src/cli` may import everything; a file
 * directly in src/ (errors.ts) is its own area.
 */
const SRC = resolve(import.meta.dirname, '../src');

interface Allowed {
  values: readonly string[];
  types: readonly string[];
  /** Single files another area's types may come from (runtime reads config's compiled types only). */
  typeFiles?: readonly string[];
}

const ALL = ['cli', 'config', 'engine', 'store', 'runtime', 'sim', 'supervisor', 'errors.ts'];
const MAY_IMPORT: ReadonlyMap<string, Allowed> = new Map([
  ['cli', { values: ALL, types: [] }],
  ['config', { values: ['errors.ts'], types: [] }],
  ['engine', { values: [], types: [] }],
  ['store', { values: ['engine'], types: [] }],
  ['runtime', { values: ['engine', 'store'], types: [], typeFiles: ['config/compiled/types.ts'] }],
  ['sim', { values: ['runtime', 'config'], types: ['engine'] }],
  ['supervisor', { values: ['runtime', 'config', 'store'], types: ['engine'] }],
  ['errors.ts', { values: [], types: [] }],
]);

/**
 * Imports the table forbids that stand until the engine wiring moves out of
 * the simulator into src/runtime: each entry must still exist (a test below
 * says when one can go), so this list only shrinks.
 */
const PENDING: readonly string[] = [];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Static imports and re-exports, and dynamic `import('…')` of relative paths, as src-relative `.ts` paths. */
function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const from = relative(SRC, file);
  const edges: Edge[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    if (!specifier.startsWith('.')) return;
    const to = relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, '.ts');
    edges.push({ from, to, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause;
      const allTypes = node.isTypeOnly || (named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier.text, allTypes);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg !== undefined && ts.isStringLiteral(arg)) add(arg.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

const areaOf = (path: string): string => path.split('/')[0] ?? path;

function allowed(edge: Edge): boolean {
  const from = areaOf(edge.from);
  const to = areaOf(edge.to);
  if (from === to) return true;
  const rule = MAY_IMPORT.get(from);
  if (rule === undefined) return false;
  if (rule.values.includes(to)) return true;
  return edge.typeOnly && (rule.types.includes(to) || (rule.typeFiles ?? []).includes(edge.to));
}

const EDGES = sourceFiles(SRC).flatMap(importsOf);
const show = (e: Edge): string => `${e.from} -> ${e.to}`;

describe('import boundaries between the folders of src/ (DEVELOPERS.md)', () => {
  it('reads the imports of every source file', () => {
    expect(EDGES.length).toBeGreaterThan(100);
    const areas = new Set(EDGES.map((e) => areaOf(e.from)));
    for (const area of ['cli', 'config', 'engine', 'sim']) expect(areas).toContain(area);
  });

  it('every import between folders is one the table allows', () => {
    const forbidden = EDGES.filter((e) => !allowed(e) && !PENDING.includes(show(e))).map(show);
    expect(forbidden).toEqual([]);
  });

  it('src/engine imports nothing from outside src/engine, not even types', () => {
    expect(EDGES.filter((e) => areaOf(e.from) === 'engine' && areaOf(e.to) !== 'engine').map(show)).toEqual([]);
  });

  it('each pending exception still exists: remove it from the list once its import is gone', () => {
    const present = new Set(EDGES.filter((e) => !allowed(e)).map(show));
    expect(PENDING.filter((p) => !present.has(p))).toEqual([]);
  });

  it.each([
    ['engine/watchdog.ts', 'config/compiled/types.ts', true, false],
    ['runtime/x.ts', 'config/compiled/types.ts', true, true],
    ['runtime/x.ts', 'config/compiled/types.ts', false, false],
    ['runtime/x.ts', 'config/model.ts', true, false],
    ['sim/x.ts', 'engine/ports.ts', true, true],
    ['sim/x.ts', 'engine/watchdog.ts', false, false],
    ['sim/x.ts', 'cli/io.ts', true, false],
    ['config/x.ts', 'errors.ts', false, true],
    ['config/x.ts', 'sim/x.ts', true, false],
    ['store/x.ts', 'engine/ports.ts', false, true],
    ['supervisor/x.ts', 'store/x.ts', false, true],
    ['cli/x.ts', 'supervisor/x.ts', false, true],
  ])('the table: %s -> %s (type only: %s) is allowed: %s', (from, to, typeOnly, expected) => {
    expect(allowed({ from, to, typeOnly })).toBe(expected);
  });
});
