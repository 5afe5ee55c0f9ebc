import type { LogoffReason } from '../http/index.js';
import { LatencyHistogram } from './latency-histogram.js';

/** The counters every browser of a fleet adds to (one object per fleet: no per-browser arrays). */
export class FleetStats {
  /** Browsers that logged in at least once. */
  loggedInBrowsers = 0;
  logins = 0;
  resumes = 0;
  readonly loggedOff = new Map<LogoffReason, number>();
  pingsSent = 0;
  pingsAcked = 0;
  /** Pings never acknowledged: dropped with their connection, or pushed out of the bounded in-flight table. */
  pingsUnacked = 0;
  readonly ackLatency = new LatencyHistogram();
  keepAlives = 0;
  callsOffered = 0;
  callsAccepted = 0;
  callsRejected = 0;
  callsIgnored = 0;
  cmsStatus = 0;
  crashed = 0;
  frozen = 0;
  reconnects = 0;
  failovers = 0;
  errors = 0;

  countLogoff(reason: LogoffReason): void {
    this.loggedOff.set(reason, (this.loggedOff.get(reason) ?? 0) + 1);
  }
}

/** The last line of `hbctl browsers` (docs/browsers.md#summary). */
export interface FleetSummary {
  event: 'summary';
  browsers: number;
  /** Browsers that logged in at least once. */
  loggedIn: number;
  logins: number;
  resumes: number;
  /** Log-offs the supervisor told the browsers of, by reason (sorted by reason). */
  loggedOff: Record<string, number>;
  pingsSent: number;
  pingsAcked: number;
  ackLatencyMs: { p50: number | null; p99: number | null; max: number | null };
  keepAlives: number;
  calls: { offered: number; accepted: number; rejected: number; ignored: number };
  cmsStatus: number;
  crashed: number;
  frozen: number;
  reconnects: number;
  failovers: number;
  errors: number;
  durationMs: number;
}

export function summaryOf(stats: FleetStats, browsers: number, durationMs: number): FleetSummary {
  const loggedOff: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const reason of [...stats.loggedOff.keys()].sort()) loggedOff[reason] = stats.loggedOff.get(reason)!;
  const h = stats.ackLatency;
  return {
    event: 'summary',
    browsers,
    loggedIn: stats.loggedInBrowsers,
    logins: stats.logins,
    resumes: stats.resumes,
    loggedOff,
    pingsSent: stats.pingsSent,
    pingsAcked: stats.pingsAcked,
    ackLatencyMs: { p50: h.quantile(0.5), p99: h.quantile(0.99), max: h.count === 0 ? null : Math.round(h.maxMs * 100) / 100 },
    keepAlives: stats.keepAlives,
    calls: { offered: stats.callsOffered, accepted: stats.callsAccepted, rejected: stats.callsRejected, ignored: stats.callsIgnored },
    cmsStatus: stats.cmsStatus,
    crashed: stats.crashed,
    frozen: stats.frozen,
    reconnects: stats.reconnects,
    failovers: stats.failovers,
    errors: stats.errors,
    durationMs,
  };
}
