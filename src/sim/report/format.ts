import type { LatencySummary } from './types.js';
import type { MetricUnit } from './metric-info.js';

/** Shown where a latency has no samples. */
export const NO_VALUE = '—';

/** Thousands separators, independent of the machine's locale so reports are identical everywhere. */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  const [whole = '0', fraction] = Math.abs(n).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (fraction === undefined ? '' : `.${fraction.slice(0, 2)}`);
}

/**
 * A short, rounded human duration: `850ms`, `4.2s`, `42s`, `1m42s`, `1h05m`.
 * Precision drops as durations grow because a report compares magnitudes.
 */
export function humanDuration(ms: number): string {
  if (ms < 0) return `-${humanDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
  const hours = Math.round(ms / 3_600_000);
  return `${Math.floor(hours / 24)}d${pad2(hours % 24)}h`;
}

/** Clock-style time of day in a run: `mm:ss` for runs up to an hour, `h:mm` (or `h:mm:ss` with seconds) beyond. */
export function clockTime(ms: number, spanMs: number): string {
  const seconds = Math.round(ms / 1000);
  if (spanMs <= 3_600_000) return `${pad2(Math.floor(seconds / 60))}:${pad2(seconds % 60)}`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return s === 0 ? `${h}:${pad2(m)}` : `${h}:${pad2(m)}:${pad2(s)}`;
}

export function formatLatency(l: LatencySummary): string {
  if (l.count === 0 || l.p50 === null || l.p95 === null || l.max === null) return NO_VALUE;
  return `${humanDuration(l.p50)} / ${humanDuration(l.p95)} / ${humanDuration(l.max)}`;
}

/** One metric value as text; latencies as `p50 / p95 / max`. */
export function formatMetricValue(value: number | LatencySummary, unit: MetricUnit): string {
  if (typeof value !== 'number') return formatLatency(value);
  return unit === 'ms' ? humanDuration(value) : formatCount(value);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
