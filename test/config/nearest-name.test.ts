import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { describe, expect, it } from 'vitest';
import {
  DistanceBudget,
  MAX_COMPARED_CANDIDATES,
  MAX_COMPARED_CHARACTERS,
  MAX_COMPARED_LENGTH,
  NameIndex,
  nearestName,
} from '../../src/config/nearest-name.js';

describe('nearestName: the one "did you mean" of hbctl', () => {
  it.each([
    ['agnet', ['agent', 'supervisor'], 'agent'],
    ['AGENT', ['agent'], 'agent'],
    ['supervisr', ['agent', 'supervisor'], 'supervisor'],
    ['spce', ['spec', 'kind', 'metadata'], 'spec'],
    ['heartbeatLagg', ['heartbeatLag', 'heartbeatWatchdogLag'], 'heartbeatLag'],
    ['Push KeepAlive', ['Voice', 'Push Keep Alive'], 'Push Keep Alive'],
    ['HeartbeatProf', ['HeartbeatProfile', 'BusinessRole'], 'HeartbeatProfile'],
    ['xyz', ['agent', 'supervisor'], undefined],
    ['A', ['B', 'C'], 'B'],
    ['A', ['XY'], undefined],
    ['anything', [], undefined],
  ])('suggests for %j among %j: %j', (input, candidates, expected) => {
    expect(nearestName(input, candidates)).toBe(expected);
  });

  it('never suggests the input itself, and breaks ties alphabetically', () => {
    expect(nearestName('STRICT', ['STRICT'])).toBeUndefined();
    expect(nearestName('cab', ['cbb', 'caa'])).toBe('caa');
  });

  it('takes the only candidate that starts with what was typed, not an ambiguous prefix', () => {
    expect(nearestName('dur', ['duration', 'description'])).toBe('duration');
    expect(nearestName('wat', ['watchdogEnabled', 'watchdogSleepTime'])).toBeUndefined();
  });
});

/** The rule of `nearestName` written the slow, obvious way: every candidate compared in full. */
function everyCandidate(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const others = candidates.filter((c) => c !== input);
  const sameLetters = others.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const prefixed = lower.length >= 3 ? others.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (prefixed.length === 1) return prefixed[0];
  const scored = others.map((c) => ({ c, d: distance(lower, c.toLowerCase()) }));
  scored.sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  const limit = input.length <= 2 ? 1 : Math.max(2, Math.floor(input.length / 3));
  const best = scored[0];
  return best !== undefined && best.d <= limit ? best.c : undefined;
}

describe('nearestName: bounded work, same answers', () => {
  // Few letters, so that case twins, shared prefixes, repeats and near misses are common.
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'c', '-', 'ß', 'İ'), maxLength: 8 });

  it('gives the answer of comparing every candidate in full, for names and sets of normal size', () => {
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 30 }), (input, candidates) => {
        expect(nearestName(input, candidates)).toBe(everyCandidate(input, candidates));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same answers through a NameIndex reused for many inputs', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 30 }), fc.array(name, { maxLength: 10 }), (candidates, inputs) => {
        const index = new NameIndex(candidates);
        for (const input of inputs) expect(nearestName(input, index)).toBe(everyCandidate(input, candidates));
      }),
    );
  });

  it(`compares by edit distance only inputs of at most ${MAX_COMPARED_LENGTH} characters`, () => {
    const long = 'x'.repeat(MAX_COMPARED_LENGTH);
    expect(nearestName(`${long}y`, [`${long}z`])).toBeUndefined();
    expect(nearestName(`${long.slice(1)}y`, [`${long.slice(1)}z`])).toBe(`${long.slice(1)}z`);
    // Case and unique prefixes cost one pass over the input, whatever its length.
    expect(nearestName(`${long}Y`, [`${long}y`])).toBe(`${long}y`);
    expect(nearestName(long + long, [`${long + long}-tail`])).toBe(`${long + long}-tail`);
  });

  it(`compares at most ${MAX_COMPARED_CANDIDATES} candidates, those of the nearest lengths first`, () => {
    const sameLength = Array.from({ length: MAX_COMPARED_CANDIDATES }, (_, i) => `q${String(i).padStart(5, '0')}`);
    // One letter off but one character longer: beyond the cap once the set holds 100 names of the same length.
    expect(nearestName('abcdef', [...sameLength, 'zabcdef'])).toBeUndefined();
    expect(nearestName('abcdef', [...sameLength.slice(1), 'zabcdef'])).toBe('zabcdef');
    // Same length comes first, so a one-letter typo among many names is still found.
    expect(nearestName('abcdeg', [...sameLength, 'abcdef'])).toBe('abcdef');
  });
});

describe('nearestName: an edit-distance budget across the lookups of a run', () => {
  it(`stops comparing after ${MAX_COMPARED_CHARACTERS.toLocaleString('en')} compared characters; the first lookups get full answers`, () => {
    const names = Array.from({ length: 100 }, (_, i) => `${'n'.repeat(116)}${String(i).padStart(4, '0')}`);
    // A short name is never among the nearest lengths of a 120-character input.
    const index = new NameIndex([...names, 'unique-prefix']);
    // 100 comparisons of 240 characters each per lookup: the budget lasts MAX / 24,000 lookups, rounded up.
    const fullLookups = Math.ceil(MAX_COMPARED_CHARACTERS / (100 * 240));
    const answers = Array.from({ length: fullLookups + 3 }, (_, i) => index.nearest(`${'n'.repeat(115)}X${String(i % 100).padStart(4, '0')}`));
    expect(answers.slice(0, fullLookups)).toEqual(Array.from({ length: fullLookups }, (_, i) => names[i % 100]));
    expect(answers.slice(fullLookups)).toEqual([undefined, undefined, undefined]);
    // The cheap matches are still offered.
    expect(index.nearest((names[7] as string).toUpperCase())).toBe(names[7]);
    expect(index.nearest('uniq')).toBe('unique-prefix');
    expect(index.nearest('uniqeu-prefix')).toBeUndefined();
  });

  it('is shared by the indexes given the same budget, and is deterministic', () => {
    const run = (): (string | undefined)[] => {
      const budget = new DistanceBudget(30);
      const a = new NameIndex(['alpha', 'gamma'], budget);
      const b = new NameIndex(['delta', 'omega'], budget);
      // Each lookup compares two 5-letter names: 20 characters. The second finishes (never half-compared), the third is refused.
      return [a.nearest('alpah'), b.nearest('delat'), a.nearest('gamam'), b.nearest('DELTA')];
    };
    expect(run()).toEqual(['alpha', 'delta', undefined, 'delta']);
    expect(run()).toEqual(run());
  });

  it('never runs out when given Infinity (fixed, small candidate sets such as schema keys)', () => {
    const index = new NameIndex(['spec', 'kind'], new DistanceBudget(Infinity));
    for (let i = 0; i < 1000; i++) expect(index.nearest('spce')).toBe('spec');
  });
});
