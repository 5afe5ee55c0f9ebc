import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YamlPath } from '../../src/config/document.js';
import { parseYamlText } from '../../src/config/yaml/index.js';
import { hazardsIn } from '../../src/config/hazards.js';
import { keyPosition, nodePosition } from '../../src/config/positions.js';

/** Plain documents answer positions from an index built while loading; the tree answers the same. */

const TEXT = [
  'apiVersion: hbctl/v1',
  'kind: WorkstationListener',
  'metadata:',
  '  name: &n L1',
  '  labels: {a: "1", b: }',
  'spec:',
  "  clopt: '-d /dev/xti -K b'",
  '  list: [a, {b: 1}, "c", [x, y], ]',
  '  nested:',
  '    - k: v',
  '      e:',
  '    -',
  '    - !!str 5',
  '  ? explicit',
  '  dup: 1',
  '  dup: 2',
  '  text: |',
  '    line one',
  '  "": empty key',
  '  ~: null key',
  '  3: number key',
  ...Array.from({ length: 20 }, (_, i) => `  k${i}: ${i}`),
  '---',
  '',
  '--- just a scalar',
  '---',
  'kind: Cms',
  '',
].join('\n');

const STEPS: (string | number)[] = ['spec', 'metadata', 'labels', 'a', 'b', 'name', 'list', 'nested', 'k', 'e', 'explicit', 'dup', 'text', '', 'null', '3', 'k7', 'k19', 'nope', 'clopt', 0, 1, 2, 3, 4, '1', '01', -1];

describe('position index', () => {
  it('gives the positions the yaml tree gives, for paths that exist and paths that do not', () => {
    const documents = parseYamlText(TEXT, 'x.yaml').documents;
    expect(documents.length).toBe(3);
    // All three are plain: their tree is composed again on demand, not kept.
    for (const doc of documents) expect(Object.hasOwn(doc ?? {}, 'yaml')).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...STEPS), { maxLength: 5 }), (steps) => {
        const path: YamlPath = steps;
        for (const doc of documents) {
          expect(doc.position(path)).toEqual(nodePosition(doc.yaml, doc.lineCounter, path));
          expect(doc.keyPosition(path)).toEqual(keyPosition(doc.yaml, doc.lineCounter, path));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the clopt scalar and the hazards the tree shows', () => {
    const [doc] = parseYamlText(TEXT, 'x.yaml').documents;
    expect(doc?.cloptScalar).toEqual({ value: '-d /dev/xti -K b', type: 'QUOTE_SINGLE', range: [110, 128] });
    expect(doc?.yaml.getIn(['spec', 'clopt'])).toBe('-d /dev/xti -K b');
  });

  it('finds the YAML 1.1 hazards that a walk over the tree finds', () => {
    const text = [
      'a: yes',
      'b: [on, "off", 1:30, 010, 0o10, {c: No}]',
      'true: {d: yes}',
      '~: [yes]',
      '7: {e: 012}',
      '__proto__: {f: y}',
      'g: |',
      '  yes',
      'h: !!str on',
      "i: 'on'",
      'j:',
      '  - - - 1:20:30',
      'a: n',
    ].join('\n');
    const [doc] = parseYamlText(text, 'x.yaml').documents;
    expect(doc?.hazards.length).toBe(10);
    expect(Object.hasOwn(doc ?? {}, 'yaml')).toBe(false);
    expect(doc?.hazards).toEqual(hazardsIn(doc?.yaml.contents));
  });
});
