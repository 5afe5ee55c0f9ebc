import type { Clock, TimerId } from './ports.js';

/** The system-wide probe timing (like the OS TCP keep-alive tunables). */
export interface KeepAliveTiming {
  idleTimeMs: number;
  probeIntervalMs: number;
  probeCount: number;
}

/**
 * One side's TCP-style keep-alive on one connection. The connection is probed
 * `idleTimeMs` after its last traffic (or last answered probe), then every
 * `probeIntervalMs`; after `probeCount` unanswered probes in a row the peer is
 * declared dead, `idleTimeMs + probeCount × probeIntervalMs` after the
 * connection went quiet. Traffic is read lazily when the timer fires, so busy
 * connections cost no timer churn.
 *
 * `answers` asks the peer. A model answers at once; a live connection sends a
 * probe and returns false, and the peer's answer, arriving later, is traffic:
 * traffic after the first unanswered probe already means "the peer is back".
 */
export class KeepAliveProber {
  private timer: TimerId;
  private missed = 0;
  private answeredMs: number;
  /** When the first of the current run of unanswered probes was sent. */
  private firstMissMs = 0;
  private readonly onFire: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly timing: KeepAliveTiming,
    private readonly lastTrafficMs: () => number,
    private readonly answers: () => boolean,
    private readonly dead: () => void,
  ) {
    this.answeredMs = clock.now();
    this.onFire = () => this.step();
    this.timer = clock.schedule(timing.idleTimeMs, this.onFire);
  }

  stop(): void {
    this.clock.cancel(this.timer);
  }

  private step(): void {
    const nowMs = this.clock.now();
    const trafficMs = this.lastTrafficMs();
    // Traffic after the first unanswered probe means the peer is back: start over.
    if (this.missed > 0 && trafficMs >= this.firstMissMs) this.missed = 0;
    const idleSinceMs = Math.max(trafficMs, this.answeredMs);
    if (this.missed === 0 && nowMs - idleSinceMs < this.timing.idleTimeMs) {
      this.timer = this.clock.schedule(idleSinceMs + this.timing.idleTimeMs - nowMs, this.onFire);
      return;
    }
    if (this.missed >= this.timing.probeCount) {
      this.dead();
      return;
    }
    if (this.answers()) {
      this.missed = 0;
      this.answeredMs = nowMs;
      this.timer = this.clock.schedule(this.timing.idleTimeMs, this.onFire);
      return;
    }
    if (this.missed++ === 0) this.firstMissMs = nowMs;
    this.timer = this.clock.schedule(this.timing.probeIntervalMs, this.onFire);
  }
}
