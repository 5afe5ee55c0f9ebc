import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseAllDocuments } from 'yaml';
import { MAX_ALIAS_EXPANSION_NODES, MAX_ALIASES_PER_DOCUMENT, parseYamlText } from '../../src/config/yaml/index.js';
import { cpuMs } from '../helpers/cpu-time.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/load/${name}`, import.meta.url), 'utf8');

function rules(text: string): string[] {
  return parseYamlText(text, 'x.yaml').findings.map((f) => f.rule);
}

/** Nine references to the previous level, nine levels deep: 9^9 nodes once expanded. */
function billionLaughs(): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 9; level++) {
    lines.push(`l${level}: &l${level} [${Array.from({ length: 9 }, () => `*l${level - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('parseYamlText: YAML syntax (HB001)', () => {
  it('HB001 yaml-syntax: reports a syntax error with its line and column, in plain words', () => {
    const { findings } = parseYamlText(fixture('syntax-error.yaml'), 'syntax-error.yaml');
    expect(findings).toMatchObject([{ rule: 'HB001', severity: 'error', file: 'syntax-error.yaml', line: 5, column: 3 }]);
    const message = findings[0]?.message ?? '';
    expect(message).toMatch(/^flow sequence .*end with a \]/);
    // No code excerpt and no position suffix from the library: the text output renders its own.
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/at line \d+/);
  });

  it.each([
    ['double', 'kind: X\nmetadata:\n  name: "DEFAULT\nspec: {}\n', 3, 9],
    ['double with an escaped quote', 'a: "x\\"y\nb: 1\n', 1, 4],
    ['single with a doubled quote', "a: 'it''s\nb: 1\n", 1, 4],
  ])('HB001 yaml-syntax: points an unclosed %s-quoted string at its opening quote, not the end of the file', (_, text, line, column) => {
    const { findings } = parseYamlText(text, 'q.yaml');
    const syntax = findings.filter((f) => f.rule === 'HB001');
    expect(syntax).toMatchObject([{ line, column }]);
    expect(syntax[0]?.message).toMatch(/quoted string is never closed: add the closing ["']/);
  });

  it('HB001 yaml-syntax: reports bad indentation', () => {
    const { findings } = parseYamlText('spec:\n    a: 1\n  b: 2\n', 'x.yaml');
    expect(findings).toMatchObject([{ rule: 'HB001', line: 3, column: 1 }]);
    expect(findings[0]?.message).toContain('indentation');
  });

  it('HB001 yaml-syntax: reports tab indentation', () => {
    const { findings } = parseYamlText('spec:\n\tname: x\n', 'x.yaml');
    expect(findings).toMatchObject([{ rule: 'HB001', severity: 'error', line: 2, column: 1 }]);
    expect(findings[0]?.message).toBe('tabs are not allowed as indentation: indent with spaces');
  });

  it('HB001 yaml-syntax: reports an alias without an anchor, at the alias', () => {
    const { documents, findings } = parseYamlText('a: 1\nb: *nope\n', 'x.yaml');
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ rule: 'HB001', line: 2, column: 4, path: 'b' }]);
    expect(findings[0]?.message).toContain("'*nope'");
  });

  it('HB001 yaml-syntax: a library warning (unknown tag) is a warning', () => {
    const { findings } = parseYamlText('a: !custom 1\n', 'x.yaml');
    expect(findings).toMatchObject([{ rule: 'HB001', severity: 'warning', line: 1, column: 4 }]);
  });

  it('keeps the data of a document with a syntax error when it is usable', () => {
    const { documents } = parseYamlText('a: 1\nb:\n\tc: 2\n', 'x.yaml');
    expect(documents).toHaveLength(1);
  });

  it('uses the YAML 1.2 core schema, even under a %YAML 1.1 directive', () => {
    const { documents } = parseYamlText('%YAML 1.1\n---\na: yes\nb: 010\nc: true\n', 'x.yaml');
    expect(documents[0]?.data).toEqual({ a: 'yes', b: 10, c: true });
  });
});

describe('parseYamlText: documents and keys', () => {
  it('numbers documents by their position in the file, skipping empty ones silently', () => {
    const { documents, findings } = parseYamlText('a: 1\n---\n---\n# c\n---\nb: 2\n...\n---\nc: 3\n', 'x.yaml');
    expect(documents.map((d) => [d.index, d.data])).toEqual([
      [0, { a: 1 }],
      [3, { b: 2 }],
      [4, { c: 3 }],
    ]);
    expect(findings).toEqual([]);
  });

  it('HB005 empty-file: a file of only `---` is empty', () => {
    expect(rules('---\n---\n')).toEqual(['HB005']);
  });

  it('HB002 duplicate-key: reports the second key, naming the key and the line of the first', () => {
    const { documents, findings } = parseYamlText(fixture('duplicate-key.yaml'), 'duplicate-key.yaml');
    expect(findings).toEqual([
      {
        rule: 'HB002',
        severity: 'error',
        file: 'duplicate-key.yaml',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 15,
        path: 'spec.heartbeatLag',
        message: "duplicate key 'heartbeatLag' (first defined on line 4): the later value wins; remove one of them",
      },
    ]);
    expect(documents[0]?.data).toMatchObject({ spec: { heartbeatLag: '90s' } });
  });

  it('HB002 duplicate-key: keys that become the same property name are duplicates', () => {
    expect(rules('1: a\n"1": b\n')).toEqual(['HB002']);
  });

  // `constructor` and `prototype` were refused too, with a message that they "could alter JavaScript object prototypes": they cannot.
  it.each([
    ['a plain document', ''],
    ['a document with an alias (the general path)', 'anchor: &a 1\nref: *a\n'],
  ])('HB008 forbidden-key: reports only __proto__ and drops it; constructor, prototype, toString stay own keys (%s)', (_label, extra) => {
    const text = 'metadata:\n  __proto__: {polluted: 1}\n  constructor: x\n  prototype: y\n  toString: z\n  name: ok\n' + extra;
    const { documents, findings } = parseYamlText(text, 'x.yaml');
    expect(findings.map((f) => [f.rule, f.line, f.column, f.path])).toEqual([['HB008', 2, 3, 'metadata.__proto__']]);
    expect(findings[0]?.message).not.toMatch(/could alter/);
    const metadata = (documents[0]?.data as { metadata: object }).metadata;
    expect(Object.entries(metadata)).toEqual([['constructor', 'x'], ['prototype', 'y'], ['toString', 'z'], ['name', 'ok']]);
    expect(Object.prototype.hasOwnProperty.call(metadata, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });

  it('HB008 forbidden-key: loading `__proto__: {polluted: 1}` pollutes no prototype', () => {
    const { documents } = parseYamlText('__proto__: {polluted: 1}\nlist:\n  - __proto__: {polluted: 2}\n', 'x.yaml');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    const data = documents[0]?.data as { list: object[] };
    expect(Object.keys(data)).toEqual(['list']);
    expect(Object.prototype.hasOwnProperty.call(data.list[0], '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(data.list[0])).toBe(Object.prototype);
  });

  it('HB008 forbidden-key: also through an alias used as a key', () => {
    const { documents, findings } = parseYamlText('name: &k __proto__\nmap:\n  *k : {polluted: 1}\n  ok: 1\n', 'x.yaml');
    expect(findings).toMatchObject([{ rule: 'HB008', line: 3, column: 3, path: 'map.__proto__' }]);
    const map = (documents[0]?.data as { map: object }).map;
    expect(Object.prototype.hasOwnProperty.call(map, '__proto__')).toBe(false);
    expect(map).toEqual({ ok: 1 });
  });

  it('does not merge `<<` keys: YAML 1.2 has no merge keys', () => {
    const { documents } = parseYamlText('base: &b {a: 1}\nx:\n  <<: *b\n', 'x.yaml');
    expect(documents[0]?.data).toEqual({ base: { a: 1 }, x: { '<<': { a: 1 } } });
  });
});

describe('parseYamlText: resource limits', () => {
  it('HB006 alias-limit: rejects an alias bomb ("billion laughs") quickly', () => {
    const startMs = performance.now();
    const { documents, findings } = parseYamlText(billionLaughs(), 'x.yaml');
    expect(performance.now() - startMs).toBeLessThan(1000);
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ rule: 'HB006', severity: 'error' }]);
    expect(findings[0]?.message).toContain(String(MAX_ALIAS_EXPANSION_NODES));
  });

  it('HB006 alias-limit: rejects an alias inside its own anchor (endless data)', () => {
    expect(rules('a: &a [1, *a]\n')).toEqual(['HB006']);
  });

  it('allows an anchor to be used many times when the expansion stays small', () => {
    const text = `base: &base {lag: 150}\nroles: [${Array.from({ length: 500 }, () => '*base').join(', ')}]\n`;
    const { documents, findings } = parseYamlText(text, 'x.yaml');
    expect(findings).toEqual([]);
    expect((documents[0]?.data as { roles: unknown[] }).roles).toHaveLength(500);
  });

  /** `big: &b 1`, then `count` aliases of it; `anchors` more anchors before them (each alias used to scan all of them). */
  const manyAliases = (count: number, anchors = 0): string =>
    `big: &b 1\nothers:\n${'- &o 1\n'.repeat(anchors)}refs:\n${'- *b\n'.repeat(count)}`;

  /**
   * Checks that loading `text` costs about what the parser alone costs (CPU time, this run): the resolution of
   * aliases used to add 48 s for 50,000 aliases, 336 s for 100,000, on top of a parse of under a second.
   */
  const expectAboutParseTime = (ms: number, text: string): void => {
    const parseMs = cpuMs(() => parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false })).ms;
    expect(ms).toBeLessThan(3 * parseMs + 250);
  };

  // These compare CPU time, not wall time: on a loaded machine the wall clock may pass vitest's 5 s default.
  const CPU_BOUND_TIMEOUT_MS = 60_000;

  // Regression: the library resolved each alias by scanning every anchor and alias before it, quadratic in their number.
  it.each([
    ['100,000 aliases of one scalar', manyAliases(100_000), 4 + MAX_ALIASES_PER_DOCUMENT],
    ['10,001 aliases after 50,000 anchors', manyAliases(MAX_ALIASES_PER_DOCUMENT + 1, 50_000), 4 + 50_000 + MAX_ALIASES_PER_DOCUMENT],
  ])('HB006 alias-limit: %s are refused in about the time of a bare parse, at the first alias past the limit', (_label, text, line) => {
    const { ms, result } = cpuMs(() => parseYamlText(text, 'x.yaml'));
    expectAboutParseTime(ms, text);
    expect(result.documents).toEqual([]);
    expect(result.findings).toMatchObject([{ rule: 'HB006', severity: 'error', line, column: 3 }]);
    expect(result.findings[0]?.message).toContain(`more than ${MAX_ALIASES_PER_DOCUMENT} aliases in one document`);
  }, CPU_BOUND_TIMEOUT_MS);

  it.each([
    ['10,000 aliases (the limit)', manyAliases(MAX_ALIASES_PER_DOCUMENT), MAX_ALIASES_PER_DOCUMENT],
    ['10,000 aliases after 50,000 anchors', manyAliases(MAX_ALIASES_PER_DOCUMENT, 50_000), MAX_ALIASES_PER_DOCUMENT],
  ])('%s are data, built in about the time of a bare parse', (_label, text, count) => {
    const { ms, result } = cpuMs(() => parseYamlText(text, 'x.yaml'));
    expectAboutParseTime(ms, text);
    expect(result.findings).toEqual([]);
    const data = result.documents[0]?.data as { refs: unknown[] };
    expect(data.refs).toHaveLength(count);
    expect(data.refs.every((r) => r === 1)).toBe(true);
  }, CPU_BOUND_TIMEOUT_MS);

  it.each([
    ['an alias of a scalar', 'a: &x 1\nb: *x\n', { a: 1, b: 1 }],
    ['a redefined anchor: the nearest preceding one', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n', { a: 1, b: 1, c: 2, d: 2 }],
    ['an alias of a map, shared', 'a: &m {k: v}\nb: *m\n', { a: { k: 'v' }, b: { k: 'v' } }],
    ['an alias as a key', 'a: &k name\n*k : 1\n', { a: 'name', name: 1 }],
    ['an alias inside an anchored map', 'a: &x 1\nm: &m {v: *x}\nn: *m\n', { a: 1, m: { v: 1 }, n: { v: 1 } }],
  ])('a normal file with %s gives the same data as before', (_label, text, data) => {
    const { documents, findings } = parseYamlText(text, 'x.yaml');
    expect(findings).toEqual([]);
    expect(documents[0]?.data).toEqual(data);
  });

  it('HB007 nesting-too-deep: 100,000 nested `[` neither crash nor overflow the stack', () => {
    const { documents, findings } = parseYamlText('['.repeat(100_000), 'x.yaml');
    expect(documents).toEqual([]);
    expect(findings).toMatchObject([{ rule: 'HB007', severity: 'error', line: 1, column: 65 }]);
  });

  it('HB007 nesting-too-deep: 100,000 nested flow maps neither crash nor overflow the stack', () => {
    const depth = 100_000;
    const { findings } = parseYamlText(`${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`, 'x.yaml');
    expect(findings.map((f) => f.rule)).toContain('HB007');
  });

  it('HB007 nesting-too-deep: 65 levels are too deep, 64 are not', () => {
    expect(rules(`${'['.repeat(65)}${']'.repeat(65)}\n`)).toEqual(['HB007']);
    expect(rules(`${'['.repeat(64)}${']'.repeat(64)}\n`)).toEqual([]);
  });

  it('HB007 nesting-too-deep: counts the levels aliases add', () => {
    const text = `a: &a ${'['.repeat(40)}${']'.repeat(40)}\nb: ${'['.repeat(30)}*a${']'.repeat(30)}\n`;
    const { findings } = parseYamlText(text, 'x.yaml');
    expect(findings).toMatchObject([{ rule: 'HB007', line: 2 }]);
  });

  it('HB007 nesting-too-deep: drops only the deep document of a stream', () => {
    const { documents, findings } = parseYamlText(`a: 1\n---\n${'['.repeat(100)}\n---\nb: 2\n`, 'x.yaml');
    expect(documents.map((d) => [d.index, d.data])).toEqual([
      [0, { a: 1 }],
      [2, { b: 2 }],
    ]);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([['HB007', 3]]);
  });
});
