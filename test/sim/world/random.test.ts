import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, sample, sampleIndices, subSeed, UniformByAgent, uniformAt } from '../../../src/sim/world/random.js';

describe('seeded randomness', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, ((r) => () => r.nextUint32())(new Random(seed)));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('gives each component label its own sub-seed', () => {
    const labels = ['calls.arrivals', 'calls.handle', 'network.loss', 'fault.0', 'fault.1', 'fault.10'];
    const seeds = labels.map((l) => subSeed(42, l));
    expect(new Set(seeds).size).toBe(labels.length);
    expect(subSeed(42, 'fault.0')).toBe(subSeed(42, 'fault.0'));
    expect(subSeed(43, 'fault.0')).not.toBe(subSeed(42, 'fault.0'));
  });

  it('uniformAt is a pure function of (seed, a, b) in [0, 1), roughly uniform', () => {
    expect(uniformAt(1, 5, 30_000)).toBe(uniformAt(1, 5, 30_000));
    let sum = 0;
    const buckets = new Array<number>(10).fill(0);
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const u = uniformAt(3, i % 1000, Math.floor(i / 1000) * 30_000 + 2 ** 33);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      buckets[Math.floor(u * 10)]!++;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 50);
  });

  it('UniformByAgent draws exactly what uniformAt draws, for any agent order and any agent number', () => {
    const agent = fc.oneof(fc.nat({ max: 70_000 }), fc.constantFrom(0, 1023, 1024, 2 ** 24, 2 ** 24 + 3, 2 ** 32 + 7, 2 ** 40));
    const time = fc.oneof(fc.nat(), fc.constantFrom(0, 2 ** 32 - 1, 2 ** 32, 2 ** 33 + 30_000, 2 ** 52));
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.tuple(agent, time), { minLength: 1, maxLength: 40 }), (seed, draws) => {
        const byAgent = new UniformByAgent(seed);
        for (const [a, b] of draws) expect(byAgent.at(a, b)).toBe(uniformAt(seed, a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('exponential draws have the asked mean', () => {
    const r = new Random(9);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += r.exponential(180);
    expect(sum / 100_000).toBeGreaterThan(175);
    expect(sum / 100_000).toBeLessThan(185);
  });

  it('sample picks distinct candidates, sorted', () => {
    const picked = sample([10, 11, 12, 13, 14, 15], 4, new Random(1));
    expect(new Set(picked).size).toBe(4);
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(picked.every((x) => x >= 10 && x <= 15)).toBe(true);
    expect(sample([1, 2], 5, new Random(1))).toEqual([1, 2]);
  });
});

describe('sampleIndices (a draw without the candidate list)', () => {
  it('picks the positions sample picks from a list of that many candidates, with the same random draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 320 }), fc.integer(), (poolSize, count, seed) => {
        const candidates = Array.from({ length: poolSize }, (_, i) => 3 * i + 1);
        const fromList = sample(candidates, count, new Random(seed));
        const positions = sampleIndices(poolSize, count, new Random(seed));
        expect(positions.map((p) => candidates[p])).toEqual(fromList);
      }),
    );
  });
});
