import { describe, expect, it } from 'vitest';
import { clockTime, formatCount, formatLatency, humanDuration } from '../../../src/sim/report/format.js';
import { NO_SAMPLES, latency } from './fixtures.js';

describe('report number formats', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [4_240, '4.2s'],
    [9_960, '10s'],
    [42_000, '42s'],
    [102_000, '1m42s'],
    [119_600, '2m00s'],
    [3_599_600, '1h00m'],
    [3_900_000, '1h05m'],
    [90_000_000, '1d01h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('groups thousands with commas whatever the locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-20020)).toBe('-20,020');
  });

  it('writes chart times as mm:ss up to an hour and h:mm beyond', () => {
    expect(clockTime(600_000, 3_600_000)).toBe('10:00');
    expect(clockTime(3_600_000, 3_600_000)).toBe('60:00');
    expect(clockTime(5_400_000, 7_200_000)).toBe('1:30');
    expect(clockTime(5_430_000, 7_200_000)).toBe('1:30:30');
  });

  it('writes latencies as p50 / p95 / max, and a dash without samples', () => {
    expect(formatLatency(latency(102_000, 150_000, 151_000))).toBe('1m42s / 2m30s / 2m31s');
    expect(formatLatency(NO_SAMPLES)).toBe('—');
  });
});
