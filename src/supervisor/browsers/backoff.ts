export interface BackoffOptions {
  /** The first retry waits about this long. */
  initialMs: number;
  /** No wait is longer. */
  maxMs: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 5_000 };

/**
 * Exponential backoff with "equal jitter": the ceiling doubles per failed
 * attempt up to `maxMs` and the wait is drawn from its upper half, so
 * browsers that lost the same supervisor at once do not come back in
 * lockstep, yet never retry in a tight loop. `random` returns values in [0, 1).
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const ceilingMs = Math.min(opts.maxMs, opts.initialMs * 2 ** exponent);
  const half = ceilingMs / 2;
  return Math.min(opts.maxMs, Math.round(half + random() * half));
}
