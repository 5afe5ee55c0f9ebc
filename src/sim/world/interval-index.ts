/**
 * Lookups over the windows of a scenario's faults by time, in O(log n) per
 * lookup: browsers ping and agents log off millions of times, and scanning
 * every fault each time made a run's cost grow with pings × faults.
 */

/** The last index `i` with `sorted[i] <= t`, or −1. */
export function lastAtOrBefore(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function sortedUnique(values: number[]): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] as number;
  return sorted.subarray(0, n);
}

/** Added latency windows, half-open: a window adds `extraMs` to a send time `t` with `startMs <= t < endMs`. */
export interface AddedLatency {
  startMs: number;
  endMs: number;
  extraMs: number;
}

/**
 * `lastAtOrBefore` over fixed sorted times, in O(1) for most times: the span
 * of the times is cut into eight buckets per time, and a bucket that holds no
 * time (nor one within a hair of its edges, which absorbs any rounding in
 * finding a time's bucket) knows its answer outright. Other times fall back
 * to the binary search. A browser's every ping asks for the added latency at
 * its send time, so this lookup is on the hot path; the table is built in one
 * pass over the times, not the buckets, as it runs once per run, before the
 * code is optimised.
 */
export class SortedTimesGrid {
  private readonly firstMs: number;
  private readonly bucketsPerMs: number;
  /** The answer for every time in bucket b, or −1 when the bucket holds a time. */
  private readonly answerIn: Int32Array;

  constructor(readonly sorted: Float64Array) {
    const n = sorted.length;
    const firstMs = n === 0 ? 0 : (sorted[0] as number);
    const lastMs = n === 0 ? 0 : (sorted[n - 1] as number);
    const buckets = lastMs > firstMs ? Math.min(8 * n, 1 << 18) : 0;
    const bucketMs = buckets === 0 ? 1 : (lastMs - firstMs) / buckets;
    this.firstMs = firstMs;
    this.bucketsPerMs = 1 / bucketMs;
    this.answerIn = new Int32Array(buckets).fill(-1);
    const hairMs = bucketMs / 1024;
    // Only when rounding at these magnitudes is far below a hair (always, for a run's milliseconds).
    if (!(hairMs > Math.max(1, Math.abs(firstMs), Math.abs(lastMs)) * 2 ** -40)) return;
    // Bucket b covers [fromMs(b), toMs(b)]; the first bucket whose edge is at or past x, from an estimate corrected both ways.
    const fromMs = (b: number): number => firstMs + b * bucketMs - hairMs;
    const toMs = (b: number): number => firstMs + (b + 1) * bucketMs + hairMs;
    const firstAtOrPast = (edgeMs: (b: number) => number, x: number): number => {
      let b = Math.min(buckets, Math.max(0, Math.ceil((x - firstMs) * this.bucketsPerMs) - 1));
      while (b > 0 && edgeMs(b - 1) >= x) b--;
      while (b < buckets && edgeMs(b) < x) b++;
      return b;
    };
    // The buckets lying wholly from time i up to (not including) time i + 1 answer i: one pass over the times.
    for (let i = 0; i < n; i++) {
      const start = firstAtOrPast(fromMs, sorted[i] as number);
      const end = i + 1 < n ? firstAtOrPast(toMs, sorted[i + 1] as number) : buckets;
      if (end > start) this.answerIn.fill(i, start, end);
    }
  }

  /** The last index `i` with `sorted[i] <= t`, or −1 (the same answer as `lastAtOrBefore`). */
  lastAtOrBefore(t: number): number {
    const b = Math.floor((t - this.firstMs) * this.bucketsPerMs);
    if (b >= 0 && b < this.answerIn.length) {
      const answer = this.answerIn[b] as number;
      if (answer >= 0) return answer;
    }
    return lastAtOrBefore(this.sorted, t);
  }
}

/** The sum of the added latency of every window holding a time. */
export class LatencyIndex {
  private readonly bounds: SortedTimesGrid;
  /** The added latency from `bounds[i]` up to (not including) `bounds[i + 1]`. */
  private readonly extraFrom: Float64Array;
  /** The least upper bound of `s + at(s)` over every `s < bounds[i]`. */
  private readonly reachBefore: Float64Array;
  /** The most latency windows add at any one time. */
  readonly maxExtraMs: number;
  private lastQueryMs = Number.NaN;
  private lastIndex = -1;

  constructor(windows: readonly AddedLatency[]) {
    const real = windows.filter((w) => w.endMs > w.startMs && w.extraMs !== 0);
    const bounds = sortedUnique(real.flatMap((w) => [w.startMs, w.endMs]));
    const change = new Float64Array(bounds.length);
    for (const w of real) {
      const start = lastAtOrBefore(bounds, w.startMs);
      const end = lastAtOrBefore(bounds, w.endMs);
      change[start] = (change[start] as number) + w.extraMs;
      change[end] = (change[end] as number) - w.extraMs;
    }
    this.extraFrom = new Float64Array(bounds.length);
    let extraMs = 0;
    let maxExtraMs = 0;
    for (let i = 0; i < change.length; i++) {
      extraMs += change[i] as number;
      this.extraFrom[i] = extraMs;
      maxExtraMs = Math.max(maxExtraMs, extraMs);
    }
    this.maxExtraMs = maxExtraMs;
    this.reachBefore = new Float64Array(bounds.length);
    let reachMs = bounds.length === 0 ? 0 : (bounds[0] as number);
    for (let i = 0; i < bounds.length; i++) {
      this.reachBefore[i] = reachMs;
      if (i + 1 < bounds.length) reachMs = Math.max(reachMs, (bounds[i + 1] as number) + (this.extraFrom[i] as number));
    }
    this.bounds = new SortedTimesGrid(bounds);
  }

  at(t: number): number {
    const i = this.indexAt(t);
    return i < 0 ? 0 : (this.extraFrom[i] as number);
  }

  /**
   * No time `s <= t` has `s + at(s)` above this (the least such bound, up to
   * the open end of a window): how late something sent by `t` can be with
   * the added latency, from the windows near `t` only, not the largest any
   * window adds.
   */
  reachAt(t: number): number {
    const i = this.indexAt(t);
    return i < 0 ? t : Math.max(t + (this.extraFrom[i] as number), this.reachBefore[i] as number);
  }

  /** The bound at or before `t`; a browser's read asks `reachAt` and then `at` of the same send time. */
  private indexAt(t: number): number {
    if (t !== this.lastQueryMs) {
      this.lastQueryMs = t;
      this.lastIndex = this.bounds.lastAtOrBefore(t);
    }
    return this.lastIndex;
  }
}

/** A closed window `[startMs, endMs]` (endMs may be Infinity) that belongs to the fault `index`. */
export interface IndexedWindow {
  index: number;
  startMs: number;
  endMs: number;
}

/** The highest fault index whose closed window holds a time. */
export class LatestWindowIndex {
  private readonly points: Float64Array;
  /** Highest index of a window holding `points[i]` itself, or −1. */
  private readonly atPoint: Int32Array;
  /** Highest index of a window holding every time strictly between `points[i]` and `points[i + 1]`, or −1. */
  private readonly afterPoint: Int32Array;

  /**
   * One sweep over the points with a heap of the windows started so far,
   * highest index on top and ended ones dropped as they surface: O(n log n),
   * where filling each window's points was O(n²) for long windows.
   */
  constructor(windows: readonly IndexedWindow[]) {
    const real = windows.filter((w) => w.endMs >= w.startMs).sort((a, b) => a.startMs - b.startMs);
    this.points = sortedUnique(real.flatMap((w) => (Number.isFinite(w.endMs) ? [w.startMs, w.endMs] : [w.startMs])));
    this.atPoint = new Int32Array(this.points.length).fill(-1);
    this.afterPoint = new Int32Array(this.points.length).fill(-1);
    const started = new WindowHeap();
    let next = 0;
    for (let i = 0; i < this.points.length; i++) {
      const t = this.points[i] as number;
      while (next < real.length && (real[next] as IndexedWindow).startMs <= t) started.push(real[next++] as IndexedWindow);
      started.dropEndedBefore(t);
      this.atPoint[i] = started.topIndex();
      started.dropEndedBefore(t, true);
      this.afterPoint[i] = started.topIndex();
    }
  }

  /** The highest index of a window holding `t`, or −1. */
  latestAt(t: number): number {
    const i = lastAtOrBefore(this.points, t);
    if (i < 0) return -1;
    return this.points[i] === t ? (this.atPoint[i] as number) : (this.afterPoint[i] as number);
  }
}

/** A max-heap of windows by fault index. */
class WindowHeap {
  private readonly items: IndexedWindow[] = [];

  push(w: IndexedWindow): void {
    const items = this.items;
    let i = items.length;
    items.push(w);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as IndexedWindow).index >= w.index) break;
      items[i] = items[parent] as IndexedWindow;
      i = parent;
    }
    items[i] = w;
  }

  /** The highest index among the windows left, or −1. */
  topIndex(): number {
    return this.items.length === 0 ? -1 : (this.items[0] as IndexedWindow).index;
  }

  /** Pops windows off the top while the top one ends before `t` (or at `t` too, with `orAt`). */
  dropEndedBefore(t: number, orAt = false): void {
    const items = this.items;
    while (items.length > 0) {
      const endMs = (items[0] as IndexedWindow).endMs;
      if (endMs > t || (endMs === t && !orAt)) return;
      this.pop();
    }
  }

  private pop(): void {
    const items = this.items;
    const last = items.pop() as IndexedWindow;
    if (items.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as IndexedWindow).index > (items[left] as IndexedWindow).index ? right : left;
      if ((items[child] as IndexedWindow).index <= last.index) break;
      items[i] = items[child] as IndexedWindow;
      i = child;
    }
    items[i] = last;
  }
}
