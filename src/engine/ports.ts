/**
 * The interfaces every engine is written against. The simulator implements
 * them with a virtual clock and in-process memory; the supervisor with real
 * timers (and, later, Redis). Engines never read real time themselves.
 */

export type TimerId = number;

export interface Clock {
  /** Current time in milliseconds (virtual time in the simulator, epoch ms live). */
  now(): number;
  /**
   * Runs `fn` once at `now() + delayMs` (delay clamped to ≥ 0). Timers due at
   * the same time run in the order they were scheduled.
   */
  schedule(delayMs: number, fn: () => void): TimerId;
  cancel(id: TimerId): void;
}

/** Status of one CMS system as all watchdogs see it. */
export interface CmsEntry {
  /** Time of the last acknowledged CMS ping, or undefined before the first. */
  lastAckMs: number | undefined;
  available: boolean;
  /** Set while a ping is in flight: other watchdogs must not ping in parallel. */
  locked: boolean;
}

/**
 * The memory shared by sessions and watchdogs: the browser heartbeat table
 * (one timestamp per agent) and the CMS table (one entry per CMS system).
 * Agents are numbered (0..n-1) so tables can be arrays.
 */
export interface SharedMemory {
  recordBrowserPing(agent: number, atMs: number): void;
  lastBrowserPing(agent: number): number | undefined;
  clearAgent(agent: number): void;

  cmsEntry(cms: string): CmsEntry;
  /** Takes the CMS lock for `ttlMs` (a crashed holder cannot keep it). False when someone holds it. */
  tryLockCms(cms: string, ttlMs: number): boolean;
  unlockCms(cms: string): void;
  recordCmsAck(cms: string, atMs: number): void;
  markCmsUnavailable(cms: string, atMs: number): void;
}

/** How a watchdog reaches a CMS. `onAck` is called when (and if) the CMS acknowledges. */
export interface CmsPort {
  ping(cms: string, onAck: () => void): void;
}
