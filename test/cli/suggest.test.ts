import { describe, expect, it } from 'vitest';
import { didYouMean, nearest } from '../../src/cli/suggest.js';

describe('did-you-mean', () => {
  it.each([
    ['agnet', ['agent', 'supervisor'], 'agent'],
    ['AGENT', ['agent'], 'agent'],
    ['supervisr', ['agent', 'supervisor'], 'supervisor'],
    ['xyz', ['agent', 'supervisor'], undefined],
    ['anything', [], undefined],
  ])('suggests for %j among %j: %j', (input, candidates, expected) => {
    expect(nearest(input, candidates)).toBe(expected);
  });

  it('formats the hint or nothing', () => {
    expect(didYouMean('agnet', ['agent'])).toBe(' (did you mean "agent"?)');
    expect(didYouMean('qqqqqq', ['agent'])).toBe('');
  });
});
