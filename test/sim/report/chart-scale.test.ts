import { describe, expect, it } from 'vitest';
import { bucketBars, maxOf, niceRange, niceScale, reduceSeries, runsOf, timeTicks } from '../../../src/sim/report/html/chart-scale.js';

describe('timeline chart scales', () => {
  it('puts round time ticks on the axis, ten at most', () => {
    expect(timeTicks(3_600_000)).toEqual([0, 10, 20, 30, 40, 50, 60].map((m) => m * 60_000));
    expect(timeTicks(90_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000]);
    expect(timeTicks(86_400_000).length).toBeLessThanOrEqual(11);
  });

  it('chooses a round count axis with whole steps, just above the largest value', () => {
    expect(niceScale(0)).toEqual({ top: 1, step: 1 });
    expect(niceScale(3)).toEqual({ top: 3, step: 1 });
    expect(niceScale(12)).toEqual({ top: 15, step: 5 });
    expect(niceScale(1000)).toEqual({ top: 1000, step: 200 });
    // Regression: 1,050 agents were drawn on a 0–2,000 axis, half of the chart empty.
    expect(niceScale(1050)).toEqual({ top: 1250, step: 250 });
    for (const max of [7, 13, 99, 101, 1050, 7245, 123_456]) {
      const { top, step } = niceScale(max);
      expect(Number.isInteger(step) && top >= max && top - max < step).toBe(true);
    }
  });

  it('zooms the agents axis when every value is in the top half, and starts at 0 otherwise', () => {
    expect(niceRange(947, 1000)).toEqual({ bottom: 940, top: 1000, step: 20 });
    expect(niceRange(100, 1000)).toEqual({ bottom: 0, top: 1000, step: 200 });
    expect(niceRange(1000, 1000)).toEqual({ bottom: 0, top: 1000, step: 200 });
  });

  it('keeps short dips when a long series is reduced', () => {
    const times = Array.from({ length: 10_000 }, (_, i) => i * 1000);
    const values = times.map((_, i) => (i === 5_003 ? 3 : 1000));
    const points = reduceSeries(times, values, 200);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.some((p) => p.v === 3 && p.t === 5_003_000)).toBe(true);
  });

  it('sums per-step calls into at most the given number of bars', () => {
    const times = Array.from({ length: 10 }, (_, i) => (i + 1) * 1000);
    const bars = bucketBars(times, 1000, times.map(() => 1), times.map(() => 2), 4);
    expect(bars).toHaveLength(4);
    expect(bars.reduce((s, b) => s + b.misrouted, 0)).toBe(10);
    expect(bars.reduce((s, b) => s + b.rejected, 0)).toBe(20);
    expect(bars[0]).toEqual({ fromMs: 0, toMs: 3000, misrouted: 3, rejected: 6 });
  });

  it('splits a status series into runs of equal values', () => {
    expect(runsOf([1, 1, 0, 0, 0, 1])).toEqual([
      { from: 0, to: 2, value: 1 },
      { from: 2, to: 5, value: 0 },
      { from: 5, to: 6, value: 1 },
    ]);
  });

  it('finds the maximum of a day of samples without overflowing the stack', () => {
    expect(maxOf(Array.from({ length: 500_000 }, (_, i) => i))).toBe(499_999);
  });
});
