import type { SupervisorLogger } from '../log.js';

/** A burst ends after this long without a refused connection. */
const BURST_QUIET_MS = 5_000;

/**
 * Out of file descriptors, the server cannot accept: libuv drops the pending
 * connection and Node reports an `accept` error. The sessions already open
 * are unaffected, so the server logs one line per burst (with how many it
 * refused in the previous burst) and carries on.
 */
export class FdShortageLog {
  private lastAtMs = Number.NEGATIVE_INFINITY;
  private refusedInBurst = 0;

  constructor(
    private readonly log: SupervisorLogger,
    private readonly now: () => number = Date.now,
  ) {}

  acceptFailed(err: NodeJS.ErrnoException): void {
    const nowMs = this.now();
    const newBurst = nowMs - this.lastAtMs > BURST_QUIET_MS;
    this.lastAtMs = nowMs;
    if (!newBurst) {
      this.refusedInBurst += 1;
      return;
    }
    const previous = this.refusedInBurst;
    this.refusedInBurst = 1;
    const fdShortage = err.code === 'EMFILE' || err.code === 'ENFILE';
    this.log.warn(
      { event: fdShortage ? 'fd-exhausted' : 'accept-failed', code: err.code, refusedInPreviousBurst: previous },
      fdShortage ? 'out of file descriptors: refusing new connections, keeping sessions' : `accept failed: ${err.message}`,
    );
  }
}
