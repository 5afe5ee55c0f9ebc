import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortWholeMs } from '../../../src/sim/world/run.js';

describe('sortWholeMs (the login times of a role)', () => {
  it('sorts whole milliseconds below the spread exactly as the typed array sort does, whether it counts or compares', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5000, noNaN: true }), fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { maxLength: 3000 }), (spreadMs, draws) => {
        const times = Float64Array.from(draws, (u) => Math.floor(u * spreadMs));
        const expected = Float64Array.from(times).sort();
        sortWholeMs(times, spreadMs);
        expect(Array.from(times)).toEqual(Array.from(expected));
      }),
      { numRuns: 300 },
    );
  });
});
