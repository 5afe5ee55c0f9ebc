import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_DURATION_MS, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it('counts "at character N" in the value as written, leading spaces included', () => {
    expect(parseDuration('1m3x')).toMatchObject({ ok: false, message: expect.stringContaining('at character 3;') });
    expect(parseDuration('  1m3x')).toMatchObject({ ok: false, message: expect.stringContaining('at character 5;') });
  });

  it.each([
    [0, 0],
    [90, 90_000],
    ['90', 90_000],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['1s500ms', 1_500],
    [' 30s ', 30_000],
  ])('%j is %i ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, ms });
  });

  it.each([
    [-1, 'whole number of seconds'],
    [1.5, 'whole number of seconds'],
    ['', 'is not a duration'],
    ['90 seconds', 'is not a duration'],
    ['1.5m', 'is not a duration'],
    ['30s1m', 'largest to smallest'],
    ['1m1m', 'largest to smallest'],
    ['1:30', 'base-60'],
    ['9000h', 'longer than a year'],
    [true, 'expected a duration'],
    [null, 'expected a duration'],
    [[90], 'expected a duration'],
  ])('%j is rejected: %s', (input, fragment) => {
    const result = parseDuration(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(fragment);
  });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      parseDuration(value);
    }));
    fc.assert(fc.property(fc.string(), (value) => {
      parseDuration(value);
    }));
  });

  it('an integer n means n seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS / 1000 }), (n) => {
      expect(parseDuration(n)).toEqual({ ok: true, ms: n * 1000 });
      expect(parseDuration(String(n))).toEqual({ ok: true, ms: n * 1000 });
    }));
  });

  it('formatDuration and parseDuration round-trip', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_DURATION_MS }), (ms) => {
      expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, ms });
    }));
  });

  it('formats the shortest string', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(3_600_250)).toBe('1h250ms');
  });
});
