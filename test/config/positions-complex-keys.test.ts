import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText } from '../../src/config/pipeline.js';

const CMS_HEAD = ['apiVersion: hbctl/v1', 'kind: Cms', 'metadata:', '  name: main'];
const SPEC = ['spec:', '  endpoints: [tcp://a:1]'];

/** The unknown-key finding (HB101) of a complex key, where it must point, and the data key it names. */
const CASES: { name: string; lines: string[]; line: number; column: number; key: string }[] = [
  { name: 'a flow sequence key at the top', lines: [...CMS_HEAD, '[a]: 1', ...SPEC], line: 5, column: 1, key: '[ a ]' },
  { name: 'a flow mapping key at the top', lines: [...CMS_HEAD, '{a: 1}: 2', ...SPEC], line: 5, column: 1, key: '{ a: 1 }' },
  { name: 'an explicit key at the top', lines: [...CMS_HEAD, '? [a]', ': 1', ...SPEC], line: 5, column: 3, key: '[ a ]' },
  { name: 'a flow sequence key in spec', lines: [...CMS_HEAD, ...SPEC, '  [a, b]: 1'], line: 7, column: 3, key: '[ a, b ]' },
  { name: 'a flow mapping key in spec', lines: [...CMS_HEAD, ...SPEC, '  {a: 1}: 2'], line: 7, column: 3, key: '{ a: 1 }' },
  { name: 'an explicit block key in spec', lines: [...CMS_HEAD, ...SPEC, '  ? - a', '    - b', '  : 1'], line: 7, column: 5, key: '[ a, b ]' },
  { name: 'a key that is an alias of a sequence', lines: [...CMS_HEAD, '  x: &k [a]', ...SPEC, '  *k : 1'], line: 8, column: 3, key: '*k' },
];

describe('positions of complex keys', () => {
  for (const c of CASES) {
    it(`points an unknown-key finding at ${c.name}, not at its map`, () => {
      const findings = checkText(`${c.lines.join('\n')}\n`).findings.filter((f) => f.rule === 'HB101' && f.message.includes(`'${c.key}'`));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ line: c.line, column: c.column });
    });
  }

  it('points at the later of two pairs whose keys give the same property name, as the data holds it', () => {
    const text = [...CMS_HEAD, ...SPEC, '  "[ a ]": 1', '  [a]: 2', ''].join('\n');
    const hb101 = checkText(text).findings.filter((f) => f.rule === 'HB101');
    expect(hb101.map((f) => [f.line, f.column])).toEqual([[8, 3]]);
  });

  it('points at the complex key and at the later duplicate in a map too large to search pair by pair', () => {
    const many = Array.from({ length: 20 }, (_, i) => `  k${i}: ${i}`);
    const text = [...CMS_HEAD, ...SPEC, ...many, '  [a]: 1', '  k3: again', ''].join('\n');
    const doc = checkText(text).documents[0];
    expect(doc?.keyPosition(['spec', '[ a ]'])).toMatchObject({ line: 27, column: 3 });
    expect(doc?.position(['spec', 'k3'])).toMatchObject({ line: 28, column: 7 });
    expect(doc?.position(['spec', 'k19'])).toMatchObject({ line: 26, column: 8 });
  });

  it('points at the value under a complex key', () => {
    const text = [...CMS_HEAD, ...SPEC, '  ? [a]', '  : {b: 1}', ''].join('\n');
    const doc = checkText(text).documents[0];
    expect(doc?.position(['spec', '[ a ]', 'b'])).toMatchObject({ line: 8, column: 9 });
  });
});

describe('positions of complex keys: properties', () => {
  it('an unknown complex key after any number of lines is reported on its own line', () => {
    const key = fc.constantFrom(['[a]: 1', '[ a ]'], ['{a: 1}: 2', '{ a: 1 }'], ['[a, [b]]: 1', '[ a, [ b ] ]']);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('  # comment', '', '  ackTimeout: 5s'), { maxLength: 8 }), key, (filler, [line, name]) => {
        const unique = filler.filter((l, i) => !l.includes('ackTimeout') || filler.indexOf(l) === i);
        const lines = [...CMS_HEAD, ...SPEC, ...unique, `  ${line}`];
        const hb101 = checkText(`${lines.join('\n')}\n`).findings.filter((f) => f.rule === 'HB101' && f.message.includes(`'${name}'`));
        expect(hb101.map((f) => [f.line, f.column])).toEqual([[lines.length, 3]]);
      }),
      { numRuns: 200 },
    );
  });
});
