import type { LatencySummary, SimReport } from './types.js';
import { METRICS, type MetricInfo } from './metric-info.js';
import { bestRunsByMetric } from './best.js';
import { formatDuration } from '../../config/duration.js';
import { NO_VALUE, formatCount, formatMetricValue, humanDuration } from './format.js';

/** One metric across the runs, formatted once for the text and the HTML report. */
export interface SummaryRow {
  info: MetricInfo;
  /** Per run: the value on one line (`p50 / p95 / max` for latencies). */
  cells: string[];
  /** Per run: the value split into lines (`p50 …`, `p95 …`, `max …` for latencies) for narrow layouts. */
  stacked: string[][];
  /** Indexes of the runs flagged best. */
  best: ReadonlySet<number>;
}

export function summaryRows(report: SimReport): SummaryRow[] {
  const best = bestRunsByMetric(report.runs);
  return METRICS.map((info) => {
    const values = report.runs.map((run) => run.metrics[info.key]);
    return {
      info,
      cells: values.map((v) => formatMetricValue(v, info.unit)),
      stacked: values.map((v) => (typeof v === 'number' ? [formatMetricValue(v, info.unit)] : stackLatency(v))),
      best: best.get(info.key) ?? new Set<number>(),
    };
  });
}

function stackLatency(l: LatencySummary): string[] {
  if (l.count === 0 || l.p50 === null || l.p95 === null || l.max === null) return [NO_VALUE];
  return [`p50 ${humanDuration(l.p50)}`, `p95 ${humanDuration(l.p95)}`, `max ${humanDuration(l.max)}`];
}

/** The report's one-line identity: what was simulated, and how to get the same numbers again. */
export function reportSubtitle(report: SimReport): string {
  const runs = report.runs.length === 1 ? '1 run' : `${report.runs.length} runs`;
  return `seed ${report.seed} · ${formatDuration(report.durationMs)} simulated · ${formatCount(report.agents)} agents · ${runs}`;
}
