import type { FleetStats } from './stats.js';

/** Pings in flight per browser: an older one is counted unacknowledged (no unbounded table). */
const MAX_PINGS_IN_FLIGHT = 16;

/**
 * One browser's ping numbering and the pings awaiting their ack, for the
 * fleet's counts and ack latency. `nowMs` is a fine clock (ms).
 */
export class PingTracker {
  private seq = 0;
  private readonly inFlight = new Map<number, number>();

  constructor(
    private readonly stats: FleetStats,
    private readonly nowMs: () => number,
  ) {}

  /** The seq of a ping about to be sent. */
  next(): number {
    const seq = this.seq++;
    if (this.inFlight.size >= MAX_PINGS_IN_FLIGHT) {
      const oldest = this.inFlight.keys().next().value;
      if (oldest !== undefined) this.inFlight.delete(oldest);
      this.stats.pingsUnacked++;
    }
    this.inFlight.set(seq, this.nowMs());
    this.stats.pingsSent++;
    return seq;
  }

  acked(seq: number): void {
    const sentAtMs = this.inFlight.get(seq);
    if (sentAtMs === undefined) return;
    this.inFlight.delete(seq);
    this.stats.pingsAcked++;
    this.stats.ackLatency.record(this.nowMs() - sentAtMs);
  }

  /** The connection or the session is gone: its pings will never be acknowledged. */
  dropAll(): void {
    this.stats.pingsUnacked += this.inFlight.size;
    this.inFlight.clear();
  }
}
