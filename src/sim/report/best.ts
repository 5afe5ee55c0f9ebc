import type { LatencySummary, SimRun } from './types.js';
import { METRICS, type MetricInfo, type MetricKey } from './metric-info.js';

/**
 * The index of every run that is best for a metric. Empty for a single run, for
 * metrics with `better: none`, and when all runs are equal (nothing stands out);
 * every tied run is flagged otherwise.
 */
export function bestRuns(runs: readonly SimRun[], info: MetricInfo): number[] {
  if (runs.length < 2 || info.better === 'none') return [];
  const scores = runs.map((run) => score(run.metrics[info.key]));
  const present = scores.filter((s): s is number[] => s !== undefined);
  if (present.length === 0) return [];
  const sign = info.better === 'lower' ? 1 : -1;
  const best = present.reduce((a, b) => (compare(a, b) * sign <= 0 ? a : b));
  const flagged = scores.flatMap((s, i) => (s !== undefined && compare(s, best) === 0 ? [i] : []));
  // A run without samples is not "equal" to the others, so all-equal means every run is flagged.
  return flagged.length === runs.length ? [] : flagged;
}

/** Best runs for every metric, keyed by metric. */
export function bestRunsByMetric(runs: readonly SimRun[]): Map<MetricKey, Set<number>> {
  return new Map(METRICS.map((info) => [info.key, new Set(bestRuns(runs, info))]));
}

/**
 * Latencies rank by p95 (the tail callers feel), then max, then p50. A latency
 * with no samples has no score: there is nothing to be best at.
 */
function score(value: number | LatencySummary): number[] | undefined {
  if (typeof value === 'number') return [value];
  if (value.count === 0 || value.p95 === null || value.max === null || value.p50 === null) return undefined;
  return [value.p95, value.max, value.p50];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
