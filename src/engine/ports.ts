/**
 * The interfaces every engine is written against. The simulator implements
 * them with a virtual clock and the in-process store; the supervisor with real
 * timers (and, later, a Redis store). Engines never read real time themselves.
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

/**
 * The browser heartbeat table: the last acknowledged ping per agent. It is
 * node-local and synchronous, because only the watchdog of the node that
 * holds the agent's connection reads it (SPEC §4), and a wake must not wait
 * for a network. Agents are numbered (0..n-1) so the table can be an array.
 */
export interface HeartbeatTable {
  recordBrowserPing(agent: number, atMs: number): void;
  /** The last acknowledged ping, or undefined when none is recorded (never, or cleared at log-off). */
  lastBrowserPing(agent: number): number | undefined;
  clearAgent(agent: number): void;
}

/**
 * Where a heartbeat table writes behind to a shared store, so another node
 * can take an agent over (a shared store keeps the pings with an expiry).
 * Fire and forget: the local table stays the truth for its own watchdogs.
 */
export interface HeartbeatWriteBehind {
  pingRecorded(agent: number, atMs: number): void;
  agentCleared(agent: number): void;
}

/** One CMS system's entry as a node last saw it. */
export interface CmsSnapshot {
  /** Time of the last acknowledged CMS ping, or undefined before the first. */
  readonly lastAckMs: number | undefined;
  readonly available: boolean;
  /** Set while a ping is in flight: other watchdogs must not ping in parallel. */
  readonly locked: boolean;
}

/** Proof of holding a CMS lock: only the holder's token releases it. */
export type CmsLockToken = string;

/** A CMS went from available to unavailable or back; `atMs` is the time of the write that changed it. */
export type CmsStatusListener = (cms: string, available: boolean, atMs: number) => void;

/**
 * The CMS table (last ack, availability, lock per CMS system), shared by
 * every node. Its operations complete through callbacks, not Promises: a
 * store reached over a network answers later, and microtasks would run
 * outside the virtual clock's order. An implementation may call back at
 * once (inside the call) or later; callers must accept both.
 */
export interface CmsTable {
  /**
   * The entry of `cms` as this node sees it now (created available and never
   * acknowledged on first use). Read it at once: it may be a live object. A
   * networked store may lag by a round trip; the lock, not the snapshot,
   * decides who pings.
   */
  snapshot(cms: string): CmsSnapshot;
  /** Takes the lock for `ttlMs` (a crashed holder cannot keep it): `cb` gets the owner's token, or null when it is held. */
  tryLock(cms: string, ttlMs: number, cb: (token: CmsLockToken | null) => void): void;
  /** Frees the lock if `token` still owns it; a stale token (the lock expired and was taken again) frees nothing. */
  release(cms: string, token: CmsLockToken): void;
  /** Records an acknowledged ping (the ack also proves the CMS available); `cb` gets the availability before this write. */
  recordAck(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void;
  /** Marks the CMS unavailable; `cb` gets the availability before this write. */
  markUnavailable(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void;
  /** `listener` hears of every status change (available ↔ unavailable) once; the returned function unsubscribes. */
  subscribe(listener: CmsStatusListener): () => void;
}

/** How a watchdog reaches a CMS. `onAck` is called when (and if) the CMS acknowledges. */
export interface CmsPort {
  ping(cms: string, onAck: () => void): void;
}
