import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControls, jsonText } from '../../../src/cli/format/escape.js';
import { UNSAFE_CHAR } from './_unsafe.js';

describe('escapeControls', { timeout: 20_000 }, () => {
  it.each([
    ['line feed', 'a\nb', 'a\\nb'],
    ['carriage return', 'a\rb', 'a\\rb'],
    ['tab', 'a\tb', 'a\\tb'],
    ['NUL', '\u0000', '\\x00'],
    ['BEL', 'ding\u0007', 'ding\\x07'],
    ['ESC of a colour sequence', '\u001b[31mred', '\\x1b[31mred'],
    ['unit separator', '\u001f', '\\x1f'],
    ['DEL', '\u007f', '\\x7f'],
    ['C1 NEL (a line break)', '\u0085', '\\x85'],
    ['C1 CSI', '\u009b2J', '\\x9b2J'],
    ['C1 APC', '\u009f', '\\x9f'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['paragraph separator', '\u2029', '\\u2029'],
    ['right-to-left override', 'abc\u202edef', 'abc\\u202edef'],
    ['left-to-right embedding', '\u202a', '\\u202a'],
    ['first strong isolate', '\u2068x\u2069', '\\u2068x\\u2069'],
    ['right-to-left mark', '\u200f', '\\u200f'],
    ['Arabic letter mark', '\u061c', '\\u061c'],
    ['lone high surrogate', 'a\ud800b', 'a\\ud800b'],
    ['lone low surrogate', '\udc00', '\\udc00'],
    ['noncharacter U+FFFE', '\ufffe', '\\ufffe'],
  ])('escapes %s', (_name, input, expected) => {
    expect(escapeControls(input)).toBe(expected);
  });

  it.each([
    ['plain ASCII', 'IC_AGENT profile-1.x'],
    ['a backslash (Windows paths read naturally)', 'C:\\profiles\\a.yaml'],
    ['accents and CJK', 'Zoë 東京'],
    ['a surrogate pair (emoji)', 'call 📞 centre'],
    ['zero-width joiner inside an emoji', '👩\u200d💻'],
    ['no-break space', 'a\u00a0b'],
  ])('keeps %s as it is', (_name, text) => {
    expect(escapeControls(text)).toBe(text);
  });

  it('leaves no unsafe character in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(escapeControls(text)).not.toMatch(UNSAFE_CHAR);
      }),
    );
  });

  it('changes nothing in a string without unsafe characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        fc.pre(!UNSAFE_CHAR.test(text));
        expect(escapeControls(text)).toBe(text);
      }),
    );
  });

  it('escapes a long hostile string in linear time', () => {
    const text = '\u001b\n\u2028x'.repeat(200_000);
    const started = performance.now();
    const out = escapeControls(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(out).toHaveLength(200_000 * (4 + 2 + 6 + 1));
  });
});

describe('jsonText', { timeout: 20_000 }, () => {
  it.each([
    ['DEL', '\u007f', '"\\u007f"'],
    ['C1 CSI', '\u009b', '"\\u009b"'],
    ['line separator', '\u2028', '"\\u2028"'],
    ['right-to-left override', '\u202e', '"\\u202e"'],
    ['ESC (JSON.stringify already escapes C0)', '\u001b', '"\\u001b"'],
  ])('writes %s as a \\u escape', (_name, value, expected) => {
    expect(jsonText(value)).toBe(`${expected}\n`);
  });

  it('parses back to what JSON.stringify gives and holds no unsafe character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), (value, dict) => {
        for (const v of [value, dict]) {
          const text = jsonText(v);
          expect(text.slice(0, -1).replace(/\n/g, '')).not.toMatch(UNSAFE_CHAR);
          // Compared with plain JSON.stringify's round trip, which already turns -0 into 0.
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
    );
  });
});
