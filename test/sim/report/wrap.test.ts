import { describe, expect, it } from 'vitest';
import { wrapIndented, wrapText } from '../../../src/sim/report/wrap.js';

describe('wrapping for the text report', () => {
  it('breaks at spaces first', () => {
    expect(wrapText('mode B + CMS check (WATCHDOG_FAST)', 18)).toEqual(['mode B + CMS check', '(WATCHDOG_FAST)']);
  });

  it('breaks after separators in words without spaces, and cuts words longer than a line', () => {
    expect(wrapText('heartbeatLag=30,sleep=60', 16)).toEqual(['heartbeatLag=30,', 'sleep=60']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('indents continuation lines under the first', () => {
    expect(wrapIndented('one two three four', 12, '  ')).toEqual(['  one two', '    three', '    four']);
  });
});
