import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LiveIndex } from '../../../src/sim/world/live-index.js';

describe('LiveIndex (live browsers, counted and found by rank)', () => {
  it('counts and finds live agents as a scan of the flags would, after any sequence of deaths and recoveries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 100 }), (size, changes) => {
        const index = new LiveIndex(size);
        const flags = new Array<boolean>(size).fill(true);
        for (const [at, live] of changes) {
          index.set(at % size, live);
          flags[at % size] = live;
        }
        const liveAgents = flags.flatMap((live, agent) => (live ? [agent] : []));
        for (let end = 0; end <= size; end++) expect(index.countBefore(end)).toBe(liveAgents.filter((a) => a < end).length);
        liveAgents.forEach((agent, rank) => expect(index.select(rank)).toBe(agent));
        expect(index.select(liveAgents.length)).toBe(-1);
        flags.forEach((live, agent) => expect(index.isLive(agent)).toBe(live));
      }),
    );
  });
});
