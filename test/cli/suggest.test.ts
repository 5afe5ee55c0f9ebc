import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/cli/suggest.js';

describe('did-you-mean hint of the command line', () => {
  it('formats the hint or nothing', () => {
    expect(didYouMean('agnet', ['agent'])).toBe(' (did you mean "agent"?)');
    expect(didYouMean('qqqqqq', ['agent'])).toBe('');
  });
});
