import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitItem } from '../../../src/supervisor/cms/line-splitter.js';

/** Cuts `bytes` at the given offsets (sorted, deduplicated, inside the buffer). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

function feed(splitter: LineSplitter, chunks: Buffer[]): SplitItem[] {
  return chunks.flatMap((c) => splitter.push(c));
}

describe('LineSplitter', () => {
  it.each([
    ['one line', ['{"a":1}\n'], [{ line: '{"a":1}' }]],
    ['two lines in one chunk', ['a\nb\n'], [{ line: 'a' }, { line: 'b' }]],
    ['a line across chunks', ['ab', 'c\n'], [{ line: 'abc' }]],
    ['CRLF line ends', ['a\r\nb\r\n'], [{ line: 'a' }, { line: 'b' }]],
    ['an unfinished line is held back', ['a\nb'], [{ line: 'a' }]],
    ['an empty line', ['\n'], [{ line: '' }]],
  ])('splits %s', (_name, chunks, expected) => {
    expect(feed(new LineSplitter(), chunks.map((c) => Buffer.from(c)))).toEqual(expected);
  });

  it('joins a multi-byte character cut between two chunks', () => {
    const bytes = Buffer.from('Zoë →\n');
    expect(feed(new LineSplitter(), [bytes.subarray(0, 3), bytes.subarray(3, 6), bytes.subarray(6)])).toEqual([{ line: 'Zoë →' }]);
  });

  it('refuses a line longer than the limit once, then yields nothing more', () => {
    const s = new LineSplitter(8);
    expect(s.push(Buffer.from('12345678\n'))).toEqual([{ line: '12345678' }]);
    expect(s.push(Buffer.from('12345'))).toEqual([]);
    expect(s.push(Buffer.from('6789'))).toEqual([{ tooLong: true }]);
    expect(s.stopped).toBe(true);
    expect(s.push(Buffer.from('ok\n'))).toEqual([]);
  });

  it('refuses an endless line before its end arrives (memory stays bounded)', () => {
    const s = new LineSplitter(1024);
    const items: SplitItem[] = [];
    let fed = 0;
    while (items.length === 0 && fed < 1_000_000) {
      items.push(...s.push(Buffer.alloc(100, 0x61)));
      fed += 100;
    }
    expect(items).toEqual([{ tooLong: true }]);
    expect(fed).toBeLessThanOrEqual(1024 + 100);
  });

  it('property: any split of a byte stream gives the same lines', () => {
    const line = fc.string({ maxLength: 30, unit: 'binary' }).map((s) => s.replace(/[\n\r]/g, ' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (lines, offsets) => {
        const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
        const whole = feed(new LineSplitter(), [bytes]);
        const split = feed(new LineSplitter(), cut(bytes, offsets));
        expect(split).toEqual(whole);
        expect(whole).toEqual(lines.map((l) => ({ line: l })));
      }),
    );
  });

  it('property: a line over the limit is refused however it is split, and the lines before it still arrive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.nat(), { maxLength: 10 }), (limit, over, offsets) => {
        const bytes = Buffer.from(`ok\n${'x'.repeat(limit + over)}\nafter\n`);
        expect(feed(new LineSplitter(limit), cut(bytes, offsets))).toEqual([{ line: 'ok' }, { tooLong: true }]);
      }),
    );
  });
});
