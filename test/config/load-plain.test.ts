import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { removeForbiddenKeys, scanTree } from '../../src/config/yaml/ast.js';
import { convertPlainDocument } from '../../src/config/yaml/plain.js';
import type { LoadedDocument } from '../../src/config/document.js';
import { parseYamlText } from '../../src/config/yaml/index.js';

/** What the general path makes of a document: scanTree, toJS, removeForbiddenKeys. */
function general(doc: LoadedDocument) {
  const scan = scanTree(doc.yaml, doc.lineCounter, doc.file);
  const data: unknown = doc.yaml.toJS();
  removeForbiddenKeys(data);
  return { data, findings: scan.findings };
}

function expectSameAsGeneral(text: string): number {
  let converted = 0;
  for (const doc of parseYamlText(text, 'x.yaml').documents) {
    const plain = convertPlainDocument(doc.yaml, doc.lineCounter, doc.file);
    if (!plain) continue;
    converted++;
    const expected = general(doc);
    expect(plain.data).toEqual(expected.data);
    // Key order too: it shows in compiled output and messages.
    expect(JSON.stringify(plain.data)).toBe(JSON.stringify(expected.data));
    expect(plain.findings).toEqual(expected.findings);
  }
  return converted;
}

const KEY = fc.constantFrom('a', 'b', 'name', 'spec', '1', '01', 'true', 'null', '', 'constructor', '__proto__', 'prototype', 'toString', '[x]', 'k k');
const SCALAR = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 6 }), fc.double({ noNaN: true }));
const { tree } = fc.letrec((t) => ({
  tree: fc.oneof({ depthSize: 'small' }, SCALAR, fc.array(t('tree'), { maxLength: 4 }), fc.array(fc.tuple(KEY, t('tree')), { maxLength: 5 })),
}));

/** Block-style YAML for a tree whose maps are lists of pairs, so that keys can repeat. */
function yamlOf(node: unknown, indent: string): string {
  if (!Array.isArray(node)) return ` ${stringify(node).trimEnd()}\n`;
  if (node.length === 0) return ' []\n';
  const isMap = node.every((item) => Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && item[0] !== '__seq');
  return `\n${node
    .map((item) => (isMap ? `${indent}${JSON.stringify((item as [string, unknown])[0])}:${yamlOf((item as [string, unknown])[1], `${indent}  `)}` : `${indent}-${yamlOf(item, `${indent}  `)}`))
    .join('')}`;
}

describe('one-pass conversion of plain documents', () => {
  it.each([
    ['nested maps and sequences', 'a: 1\nb: [x, {c: null}]\nd:\n  - e: 2.5\n    f: "s"\n'],
    ['duplicate keys, nested and at the top', 'a: 1\nb: {c: 1, c: 2}\na: 3\n'],
    ['duplicate keys in a large map', `${Array.from({ length: 12 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk3: again\nk11: again\n`],
    ['forbidden keys, with duplicates inside their values', 'constructor: {a: 1, a: 2}\n__proto__: 1\nprototype: 2\nconstructor: 3\nx: 1\n'],
    ['numbers and booleans as keys', '1: a\n01: b\ntrue: c\nnull: d\n~: e\n'],
    ['anchors that no alias uses', 'a: &x {b: 1}\nc: &y [1]\n'],
    ['a scalar document', 'just text\n'],
    ['single-pair maps in a flow sequence', '[a: 1, b: {c: 2}]\n'],
  ])('gives the data and findings of the general path: %s', (_name, text) => {
    expect(expectSameAsGeneral(text)).toBe(1);
  });

  it.each([
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['a collection key', '[a]: 1\n'],
    ['a tagged collection', 'a: !!set {x, y}\n'],
    ['a date key', '!!timestamp 2001-12-14: 1\n'],
  ])('leaves a document with %s to the general path', (_name, text) => {
    const doc = parseYamlText(text, 'x.yaml').documents[0] as LoadedDocument;
    expect(convertPlainDocument(doc.yaml, doc.lineCounter, doc.file)).toBeUndefined();
  });

  it('gives the data and findings of the general path for generated documents, repeated and forbidden keys included', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const text = `root:${yamlOf(node, '  ')}`;
        expect(expectSameAsGeneral(text)).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});
