/** Pure helpers for the timeline chart: tick choice and reduction of long series. */

/** Largest value (or `empty`); a loop, since spreading a day of samples into Math.max can overflow the stack. */
export function maxOf(values: readonly number[], empty = 0): number {
  let max = values.length === 0 ? empty : -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

export function minOf(values: readonly number[], empty = 0): number {
  let min = values.length === 0 ? empty : Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}

const TIME_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Round time ticks from 0 to `spanMs`, at most `maxTicks` + 1 of them. */
export function timeTicks(spanMs: number, maxTicks = 10): number[] {
  if (spanMs <= 0) return [0];
  const step = TIME_STEPS_MS.find((s) => spanMs / s <= maxTicks) ?? Math.ceil(spanMs / maxTicks / 86_400_000) * 86_400_000;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs; t += step) ticks.push(t);
  return ticks;
}

/**
 * A count axis: a whole "nice" tick step (1, 2, 2.5 or 5 × 10^k) of about a
 * fifth of `max`, and the first multiple of it at or above `max`, so 1,050
 * agents get 0–1,250 rather than a half-empty 0–2,000.
 */
export function niceScale(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 1 };
  if (max <= 5) return { top: Math.ceil(max), step: 1 };
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * magnitude >= rough && Number.isInteger(f * magnitude)) ?? 10;
  const step = Math.max(1, factor * magnitude);
  return { top: Math.ceil(max / step) * step, step };
}

/**
 * The value range of the agents panel. It starts at 0 unless every value lies
 * in the top half: then it is zoomed to whole ticks around the data, because
 * a crash wave of 5 % would otherwise be a one-pixel dip.
 */
export function niceRange(min: number, max: number): { bottom: number; top: number; step: number } {
  if (!(max > 0) || min <= max / 2 || min === max) return { bottom: 0, ...niceScale(max) };
  const { step } = niceScale(max - min);
  const bottom = Math.floor(min / step) * step;
  const top = Math.max(bottom + step, Math.ceil(max / step) * step);
  return { bottom, top, step };
}

export interface Point {
  t: number;
  v: number;
}

/**
 * Keeps a series drawable: past `maxPoints`, each bucket of samples becomes its
 * minimum and maximum (in time order), so short dips such as a crash wave stay visible.
 */
export function reduceSeries(times: readonly number[], values: readonly number[], maxPoints: number): Point[] {
  const n = Math.min(times.length, values.length);
  const all = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => ({ t: times[from + k] as number, v: values[from + k] as number }));
  if (n <= maxPoints) return all(0, n);
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    const slice = all(from, to);
    if (slice.length === 0) continue;
    const lo = slice.reduce((a, p) => (p.v < a.v ? p : a));
    const hi = slice.reduce((a, p) => (p.v > a.v ? p : a));
    out.push(...(lo === hi ? [lo] : lo.t <= hi.t ? [lo, hi] : [hi, lo]));
  }
  return out;
}

export interface Bar {
  fromMs: number;
  toMs: number;
  misrouted: number;
  rejected: number;
}

/** Per-step counts summed into at most `maxBars` bars; step i covers (times[i] − stepMs, times[i]]. */
export function bucketBars(times: readonly number[], stepMs: number, misrouted: readonly number[], rejected: readonly number[], maxBars: number): Bar[] {
  const n = times.length;
  const size = Math.max(1, Math.ceil(n / Math.max(1, maxBars)));
  const bars: Bar[] = [];
  for (let from = 0; from < n; from += size) {
    const to = Math.min(n, from + size);
    let m = 0;
    let r = 0;
    for (let i = from; i < to; i++) {
      m += misrouted[i] ?? 0;
      r += rejected[i] ?? 0;
    }
    const fromMs = Math.max(0, (times[from] as number) - stepMs);
    bars.push({ fromMs, toMs: times[to - 1] as number, misrouted: m, rejected: r });
  }
  return bars;
}

/** Runs of equal values as `[fromIndex, toIndex)` spans, for the CMS status band. */
export function runsOf(values: readonly number[]): { from: number; to: number; value: number }[] {
  const spans: { from: number; to: number; value: number }[] = [];
  values.forEach((value, i) => {
    const last = spans[spans.length - 1];
    if (last && last.value === value) last.to = i + 1;
    else spans.push({ from: i, to: i + 1, value });
  });
  return spans;
}
