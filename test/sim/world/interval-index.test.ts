import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutageIndex } from '../../../src/sim/world/models/cms-model.js';
import { lastAtOrBefore, LatencyIndex, LatestWindowIndex, SortedTimesGrid, type AddedLatency, type IndexedWindow } from '../../../src/sim/world/interval-index.js';

/** The definitions, by scanning every window: what the indexes must answer, faster. */
const addedLatencyAt = (windows: readonly AddedLatency[], t: number): number =>
  windows.reduce((sum, w) => (w.startMs <= t && t < w.endMs ? sum + w.extraMs : sum), 0);
const latestWindowAt = (windows: readonly IndexedWindow[], t: number): number =>
  windows.reduce((latest, w) => (w.startMs <= t && t <= w.endMs ? Math.max(latest, w.index) : latest), -1);

// Small integer times make windows share boundaries and queries land on them.
const time = fc.integer({ min: 0, max: 60 });
const latencyWindow = fc.record({ startMs: time, endMs: time, extraMs: fc.integer({ min: 0, max: 5_000 }) });
const indexedWindow = (index: number) =>
  fc.record({ startMs: time, endMs: fc.oneof(time, fc.constant(Infinity)) }).map((w) => ({ index, ...w }));
const indexedWindows = fc.array(fc.nat(), { maxLength: 12 }).chain((ids) => fc.tuple(...ids.map((_, i) => indexedWindow(i))));

describe('SortedTimesGrid (the last sorted time at or before a time, by buckets)', () => {
  const lastByScan = (sorted: Float64Array, t: number): number => {
    let last = -1;
    for (let i = 0; i < sorted.length; i++) if ((sorted[i] as number) <= t) last = i;
    return last;
  };
  const sortedDistinct = (values: number[]): Float64Array => Float64Array.from(new Set(values)).sort();
  const check = (sorted: Float64Array, times: number[]): void => {
    const grid = new SortedTimesGrid(sorted);
    const probes = [...times, ...Array.from(sorted).flatMap((v) => [v, v - 1, v + 1, v - 0.5]), -Infinity, Infinity, Number.NaN];
    for (const t of probes) expect(grid.lastAtOrBefore(t)).toBe(lastByScan(sorted, t));
  };

  it('answers as a scan would, for evenly spread, clustered and far-apart times', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }),
          fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1_000_000, max: 1_000_003 })), { maxLength: 20 }),
          fc.array(fc.double({ min: -1e6, max: 1e12, noNaN: true }), { maxLength: 20 }),
        ),
        fc.array(fc.double({ min: -2, max: 1e12, noNaN: true }), { maxLength: 30 }),
        (values, times) => {
          check(sortedDistinct(values), times);
        },
      ),
    );
  });

  it.each([
    ['no times', []],
    ['one time', [5]],
    ['1,000 windows of a fault schedule', Array.from({ length: 1000 }, (_, i) => [i * 3600, i * 3600 + 60_000]).flat()],
    ['times that are not whole milliseconds', [0.1, 0.2, 0.30000000000000004, 7.77, 1e9 + 0.5]],
  ])('answers as a scan would: %s', (_name, values) => {
    const sorted = sortedDistinct(values);
    check(sorted, Array.from({ length: 200 }, (_, i) => (i * 3_700_000) / 199 - 10));
    for (const t of [0, 3599, 3600, 59_999, 60_000, 3_659_999, 3_660_000]) expect(new SortedTimesGrid(sorted).lastAtOrBefore(t)).toBe(lastAtOrBefore(sorted, t));
  });
});

describe('LatencyIndex (added latency of networkDelay windows at a send time)', () => {
  it('sums the windows holding each time, half-open [start, end)', () => {
    fc.assert(
      fc.property(fc.array(latencyWindow, { maxLength: 12 }), fc.array(fc.double({ min: -1, max: 62, noNaN: true }), { maxLength: 30 }), (windows, times) => {
        const index = new LatencyIndex(windows);
        for (const t of [...times, ...windows.flatMap((w) => [w.startMs, w.endMs])]) expect(index.at(t)).toBe(addedLatencyAt(windows, t));
      }),
    );
  });

  it('bounds how late something sent by a time can be, from the windows up to that time only (within 1 ms of the latest, for whole milliseconds)', () => {
    fc.assert(
      fc.property(fc.array(latencyWindow, { maxLength: 12 }), fc.array(fc.integer({ min: -1, max: 70 }), { maxLength: 30 }), (windows, times) => {
        const index = new LatencyIndex(windows);
        for (const t of [...times, ...windows.flatMap((w) => [w.startMs, w.endMs, w.endMs - 1])]) {
          let latest = -Infinity;
          for (let s = -2; s <= t; s++) latest = Math.max(latest, s + addedLatencyAt(windows, s));
          expect(index.reachAt(t)).toBeGreaterThanOrEqual(latest);
          expect(index.reachAt(t)).toBeLessThanOrEqual(latest + 1);
        }
      }),
    );
  });

  it('knows the most latency added at any one time (overlaps add up, disjoint windows do not)', () => {
    expect(new LatencyIndex([{ startMs: 0, endMs: 10, extraMs: 5 }, { startMs: 20, endMs: 30, extraMs: 7 }]).maxExtraMs).toBe(7);
    expect(new LatencyIndex([{ startMs: 0, endMs: 10, extraMs: 5 }, { startMs: 5, endMs: 30, extraMs: 7 }]).maxExtraMs).toBe(12);
    expect(new LatencyIndex([]).maxExtraMs).toBe(0);
  });
});

describe('LatestWindowIndex (the latest fault whose closed window holds a time)', () => {
  it('gives the highest index among the windows holding each time, [start, end] closed, end possibly Infinity', () => {
    fc.assert(
      fc.property(indexedWindows, fc.array(fc.double({ min: -1, max: 62, noNaN: true }), { maxLength: 30 }), (windows, times) => {
        const index = new LatestWindowIndex(windows);
        for (const t of [...times, ...windows.flatMap((w) => [w.startMs, w.endMs])]) expect(index.latestAt(t)).toBe(latestWindowAt(windows, t));
      }),
    );
  });

  it('answers the same for many overlapping windows whose indices are in no time order', () => {
    const window = fc.record({ index: fc.integer({ min: 0, max: 200 }), startMs: time, endMs: fc.oneof(time, time, time, fc.constant(Infinity)) });
    fc.assert(
      fc.property(fc.array(window, { maxLength: 80 }), fc.array(fc.double({ min: -1, max: 62, noNaN: true }), { maxLength: 30 }), (windows, times) => {
        const index = new LatestWindowIndex(windows);
        for (const t of [...times, ...windows.flatMap((w) => [w.startMs, w.endMs])]) expect(index.latestAt(t)).toBe(latestWindowAt(windows, t));
      }),
    );
  });
});

describe('OutageIndex (a CMS system’s outages by time)', () => {
  // down: false is a cmsSlow fault's period: the system stays up, but it is the latest fault started all the same.
  const outage = fc.record({ startMs: time, endMs: time, down: fc.boolean() }).map((o) => ({ fault: 0, detected: false, ...o }));
  it('answers as a scan of the outages would: up or down at a time (only outages take it down), and the latest outage or slow period started by then', () => {
    fc.assert(
      fc.property(fc.array(outage, { minLength: 1, maxLength: 12 }), fc.array(fc.double({ min: -1, max: 62, noNaN: true }), { maxLength: 30 }), (list, times) => {
        const outages = list.map((o, fault) => ({ ...o, fault }));
        const index = new OutageIndex(outages);
        for (const t of [...times, ...outages.flatMap((o) => [o.startMs, o.endMs])]) {
          expect(index.isUpAt(t)).toBe(!outages.some((o) => o.down && o.startMs <= t && t < o.endMs));
          let latest: (typeof outages)[number] | undefined;
          for (const o of outages) if (o.startMs <= t && (latest === undefined || o.startMs > latest.startMs)) latest = o;
          expect(index.latestStartedBy(t)).toBe(latest);
        }
      }),
    );
  });
});
