import type { SupervisorLogger } from '../log.js';

/** A burst ends after this long without a refused connection. */
const BURST_QUIET_MS = 5_000;

export type RefusalCause = 'connection-cap' | 'accept-failed';

/**
 * Refused connections, logged once per burst. Near the open-file limit the
 * server stops accepting at its connection cap (Node's `drop`); should the
 * descriptors run out anyway, libuv drops pending connections itself and Node
 * may report an `accept` error. Either way the sessions already open are
 * unaffected, so one line per burst (with the previous burst's count) is
 * enough, and nothing is fatal.
 */
export class ConnectionRefusalLog {
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private refusedInBurst = 0;

  constructor(
    private readonly log: SupervisorLogger,
    private readonly capOf: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  refused(cause: RefusalCause, code?: string): void {
    const nowMs = this.now();
    const newBurst = nowMs - this.lastAtMs > BURST_QUIET_MS;
    this.lastAtMs = nowMs;
    if (!newBurst) {
      this.refusedInBurst += 1;
      return;
    }
    const previous = this.refusedInBurst;
    this.refusedInBurst = 1;
    this.log.warn(
      { event: 'connections-refused', cause, code, maxConnections: this.capOf(), refusedInPreviousBurst: previous },
      cause === 'connection-cap'
        ? 'connection cap reached (open-file limit): refusing new connections, keeping sessions'
        : `accept failed (${code ?? 'unknown'}): refusing new connections, keeping sessions`,
    );
  }
}
