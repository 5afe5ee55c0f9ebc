import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { YamlPath } from '../../src/config/document.js';
import { parseYamlText } from '../../src/config/yaml/index.js';

/** Thousands of parses: a loaded machine (parallel test files, other jobs) needs more than the default 5 s. */
const HEAVY_PROPERTY_TIMEOUT_MS = 60_000;

const VALID_YAML = [
  'apiVersion: hbctl/v1',
  'kind: HeartbeatProfile',
  'metadata:',
  '  name: &n default # a comment',
  'spec:',
  '  browserPingInterval: 30s',
  '  watchdogEnabled: true',
  '  list: [a, {b: 1}, "c"]',
  '  text: |',
  '    line one',
  '  alias: *n',
  '---',
  'kind: Cms',
  '',
].join('\n');

/** Characters that matter to YAML, so that mutations hit the grammar and not only scalar text. */
const YAML_CHARS = fc.constantFrom(...'-:?[]{},&*!|>\'"%@`#\n\t \\~0'.split(''), '---', '\ufeff', '\u0000', '\u2028');

const mutatedYaml = fc
  .array(
    fc.record({
      at: fc.nat(),
      removeChars: fc.nat({ max: 4 }),
      insert: fc.oneof(fc.string({ maxLength: 4 }), YAML_CHARS),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) =>
    edits.reduce((text, edit) => {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.insert + text.slice(at + edit.removeChars);
    }, VALID_YAML),
  );

describe('parseYamlText: properties', () => {
  it('never throws for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.array(YAML_CHARS).map((cs) => cs.join(''))), (text) => {
        const result = parseYamlText(text, 'x.yaml');
        for (const finding of result.findings) {
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  }, HEAVY_PROPERTY_TIMEOUT_MS);

  it('never throws for mutated valid YAML, and every document answers position queries', () => {
    fc.assert(
      fc.property(mutatedYaml, (text) => {
        const result = parseYamlText(text, 'x.yaml');
        for (const doc of result.documents) {
          expect(doc.position(['spec', 'list', 1, 'b']).line).toBeGreaterThanOrEqual(1);
          expect(doc.keyPosition(['metadata', 'name']).line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  }, HEAVY_PROPERTY_TIMEOUT_MS);
});

type Tree = { [key: string]: Tree | Tree[] | string | number | boolean };

const KEY = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
const LEAF = fc.oneof(fc.integer(), fc.boolean(), fc.stringMatching(/^[a-z][a-z0-9 ]{0,12}$/));

const { tree } = fc.letrec<{ tree: Tree; node: Tree[string] }>((tie) => ({
  tree: fc.dictionary(KEY, tie('node'), { minKeys: 1, maxKeys: 4 }),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, LEAF, tie('tree'), fc.array(tie('tree'), { minLength: 1, maxLength: 3 })),
}));

/** Paths of every scalar leaf, each ending in the key that holds it. */
function leafPaths(value: unknown, path: YamlPath = []): YamlPath[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leafPaths(item, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, k]));
  return [path];
}

describe('positions: properties', () => {
  it('position() of every leaf of a stringified object points at a line holding its key', () => {
    fc.assert(
      fc.property(tree, (data) => {
        const text = stringify(data);
        const { documents, findings } = parseYamlText(text, 'x.yaml');
        expect(findings).toEqual([]);
        const doc = documents[0];
        expect(doc?.data).toEqual(data);
        const lines = text.split('\n');
        for (const path of leafPaths(data)) {
          // Keys are alphanumeric; `stringify` quotes the ones that would read as booleans or null.
          const keyThere = new RegExp(`(^|[ {,-])"?${String(path[path.length - 1])}"?:`);
          const { line } = doc?.position(path) ?? { line: 0 };
          expect(lines[line - 1]).toMatch(keyThere);
          expect(lines[(doc?.keyPosition(path).line ?? 0) - 1]).toMatch(keyThere);
        }
      }),
      { numRuns: 300 },
    );
  }, HEAVY_PROPERTY_TIMEOUT_MS);
});
