import type { LatencySummary, SimMetrics } from '../report/types.js';

/** Every counter of a run, filled while it runs; `toMetrics` freezes them into the report shape. */
export class MetricsCollector {
  callsOffered = 0;
  callsDelivered = 0;
  callsMisrouted = 0;
  callsRejected = 0;
  callsUnanswered = 0;
  callerWaitAddedMs = 0;
  trueLogoffs = 0;
  falseLogoffs = 0;
  readonly detectionMs: number[] = [];
  cmsPings = 0;
  readonly cmsOutageDetectionMs: number[] = [];
  agentsToldOfCmsOutage = 0;
  keepAliveMessages = 0;
  channelsCleaned = 0;
  workstationEntriesCleaned = 0;
  workstationConnectsRefused = 0;
  tpesystemFailures = 0;
  /** Outage start to each agent told (kept for the supervisors figures; not a SimMetrics field). */
  readonly cmsOutageToldMs: number[] = [];

  toMetrics(): SimMetrics {
    return {
      callsOffered: this.callsOffered,
      callsDelivered: this.callsDelivered,
      callsMisrouted: this.callsMisrouted,
      callsRejected: this.callsRejected,
      callsUnanswered: this.callsUnanswered,
      callerWaitAddedMs: this.callerWaitAddedMs,
      trueLogoffs: this.trueLogoffs,
      falseLogoffs: this.falseLogoffs,
      detectionMs: summarize(this.detectionMs),
      cmsPings: this.cmsPings,
      cmsOutageDetectionMs: summarize(this.cmsOutageDetectionMs),
      agentsToldOfCmsOutage: this.agentsToldOfCmsOutage,
      keepAliveMessages: this.keepAliveMessages,
      channelsCleaned: this.channelsCleaned,
      workstationEntriesCleaned: this.workstationEntriesCleaned,
      workstationConnectsRefused: this.workstationConnectsRefused,
      tpesystemFailures: this.tpesystemFailures,
    };
  }
}

/** Nearest-rank percentiles (always a sample value, so whole milliseconds stay whole). */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: null, p95: null, max: null };
  const sorted = Float64Array.from(samples).sort();
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] as number };
}
