/** How a client that lost its server waits before each reconnect attempt. */
export interface BackoffOptions {
  /** The first retry waits about this long. */
  initialMs: number;
  /** No wait is longer: a server that comes back is in use again within this time. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per failed
 * attempt up to `maxMs`, and the wait is drawn from its upper half, so
 * clients that lost the same server at once do not come back in lockstep,
 * yet never retry in a tight loop. `random` returns values in [0, 1).
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const ceilingMs = Math.min(opts.maxMs, opts.initialMs * 2 ** exponent);
  const half = ceilingMs / 2;
  return Math.min(opts.maxMs, Math.round(half + random() * half));
}
