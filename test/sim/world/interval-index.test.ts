import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutageIndex } from '../../../src/sim/world/models/cms-model.js';
import { LatencyIndex, LatestWindowIndex, type AddedLatency, type IndexedWindow } from '../../../src/sim/world/interval-index.js';

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

describe('LatencyIndex (added latency of networkDelay windows at a send time)', () => {
  it('sums the windows holding each time, half-open [start, end)', () => {
    fc.assert(
      fc.property(fc.array(latencyWindow, { maxLength: 12 }), fc.array(fc.double({ min: -1, max: 62, noNaN: true }), { maxLength: 30 }), (windows, times) => {
        const index = new LatencyIndex(windows);
        for (const t of [...times, ...windows.flatMap((w) => [w.startMs, w.endMs])]) expect(index.at(t)).toBe(addedLatencyAt(windows, t));
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
