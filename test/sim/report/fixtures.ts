import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LatencySummary, SimMetrics, SimReport, SimRun } from '../../../src/sim/report/types.js';

const TWO_RUNS = fileURLToPath(new URL('../../fixtures/sim-report/two-runs.json', import.meta.url));

/** A fresh copy of the realistic two-run fixture (mode A against mode B + CMS check). */
export function twoRuns(): SimReport {
  return JSON.parse(readFileSync(TWO_RUNS, 'utf8')) as SimReport;
}

/** The fixture plus a third run with a long label, for layout tests. */
export function threeRuns(): SimReport {
  const report = twoRuns();
  const third = structuredClone(report.runs[1] as SimRun);
  third.label = 'heartbeatWatchdogLag=60,watchdogSleepTime=30';
  third.metrics.falseLogoffs = 9;
  third.metrics.detectionMs = latency(61_000, 88_000, 89_000);
  report.runs.push(third);
  return report;
}

export function latency(p50: number, p95: number, max: number, count = 10): LatencySummary {
  return { count, p50, p95, max };
}

export const NO_SAMPLES: LatencySummary = { count: 0, p50: null, p95: null, max: null };

/** Runs that differ only in the given metrics, labelled r1, r2, …. */
export function runsWith(overrides: Partial<SimMetrics>[]): SimRun[] {
  const base = twoRuns().runs[0] as SimRun;
  return overrides.map((o, i) => ({ ...structuredClone(base), label: `r${i + 1}`, metrics: { ...base.metrics, ...o } }));
}

export function reportWith(runs: SimRun[]): SimReport {
  return { ...twoRuns(), runs };
}
