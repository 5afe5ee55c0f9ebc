import type {
  Clock,
  CmsLockToken,
  CmsSnapshot,
  CmsStatusListener,
  CmsTable,
  HeartbeatTable,
  HeartbeatWriteBehind,
} from '../engine/ports.js';

/** The in-process write-behind: there is no shared store to write to (the table's default). */
export const NO_WRITE_BEHIND: HeartbeatWriteBehind = {
  pingRecorded(): void {},
  agentCleared(): void {},
};

/**
 * The heartbeat table of one process: a Float64Array indexed by agent number
 * (NaN = no ping recorded), grown on demand, so 100,000 agents cost 800 KB
 * and no objects.
 */
export class InProcessHeartbeatTable implements HeartbeatTable {
  private pings: Float64Array;
  /** Null for the no-op: a simulated run records millions of pings, and a test of a field is cheaper than a call. */
  private readonly writeBehind: HeartbeatWriteBehind | null;

  constructor(initialAgents = 1024, writeBehind: HeartbeatWriteBehind = NO_WRITE_BEHIND) {
    this.pings = new Float64Array(Math.max(1, initialAgents)).fill(Number.NaN);
    this.writeBehind = writeBehind === NO_WRITE_BEHIND ? null : writeBehind;
  }

  recordBrowserPing(agent: number, atMs: number): void {
    // A typed array silently drops a write past its end, so the boundary matters.
    if (agent >= this.pings.length) this.grow(agent);
    this.pings[agent] = atMs;
    if (this.writeBehind !== null) this.writeBehind.pingRecorded(agent, atMs);
  }

  lastBrowserPing(agent: number): number | undefined {
    const atMs = this.pings[agent];
    return atMs === undefined || Number.isNaN(atMs) ? undefined : atMs;
  }

  clearAgent(agent: number): void {
    if (agent < this.pings.length) this.pings[agent] = Number.NaN;
    if (this.writeBehind !== null) this.writeBehind.agentCleared(agent);
  }

  private grow(agent: number): void {
    let size = this.pings.length * 2;
    while (size <= agent) size *= 2;
    const pings = new Float64Array(size).fill(Number.NaN);
    pings.set(this.pings);
    this.pings = pings;
  }
}

interface CmsRecord {
  lastAckMs: number | undefined;
  available: boolean;
  locked: boolean;
  /** The lock is free again at this time even if its holder never releases it. */
  lockExpiresMs: number;
  /** The holder's token while locked. */
  owner: CmsLockToken;
}

export interface InProcessCmsTableOptions {
  /**
   * Model a store reached over a network: a request takes effect half a
   * round trip (rounded down) after the call and its callback runs a full
   * round trip after it; status changes reach subscribers half a round trip
   * after the write. Absent: everything happens at once, inside the call.
   */
  roundTripMs?: number;
}

/**
 * The CMS table of one process: the embedded default. Lock expiry is
 * measured on the injected clock, so it behaves the same in virtual time.
 * By default it calls back at once, which keeps the simulator fast; with
 * `roundTripMs` it models a shared store on the same clock, so several
 * nodes sharing one store can be simulated.
 */
export class InProcessCmsTable implements CmsTable {
  private readonly records = new Map<string, CmsRecord>();
  /** The record asked for last (records are never removed): every watchdog wake reads one, nearly always the same. */
  private lastName: string | null = null;
  private lastRecord: CmsRecord | null = null;
  private listeners: CmsStatusListener[] = [];
  private lastToken = 0;
  private readonly requestMs: number;
  private readonly answerMs: number;
  private readonly remote: boolean;

  constructor(
    private readonly clock: Clock,
    opts: InProcessCmsTableOptions = {},
  ) {
    const roundTripMs = opts.roundTripMs;
    if (roundTripMs !== undefined && !(roundTripMs >= 0 && Number.isFinite(roundTripMs))) {
      throw new RangeError(`roundTripMs must be a finite number ≥ 0, not ${roundTripMs}`);
    }
    this.remote = roundTripMs !== undefined;
    this.requestMs = roundTripMs === undefined ? 0 : Math.floor(roundTripMs / 2);
    this.answerMs = roundTripMs === undefined ? 0 : roundTripMs - this.requestMs;
  }

  snapshot(cms: string): CmsSnapshot {
    return this.record(cms);
  }

  tryLock(cms: string, ttlMs: number, cb: (token: CmsLockToken | null) => void): void {
    if (!this.remote) return cb(this.lock(cms, ttlMs));
    this.clock.schedule(this.requestMs, () => {
      const token = this.lock(cms, ttlMs);
      this.clock.schedule(this.answerMs, () => cb(token));
    });
  }

  release(cms: string, token: CmsLockToken): void {
    if (!this.remote) return this.unlock(cms, token);
    this.clock.schedule(this.requestMs, () => this.unlock(cms, token));
  }

  recordAck(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.write(cms, atMs, true, cb);
  }

  markUnavailable(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.write(cms, atMs, false, cb);
  }

  subscribe(listener: CmsStatusListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** The live record, with an expired lock freed first. */
  private record(cms: string): CmsRecord {
    let entry = cms === this.lastName ? (this.lastRecord as CmsRecord) : this.records.get(cms);
    if (entry === undefined) {
      entry = { lastAckMs: undefined, available: true, locked: false, lockExpiresMs: 0, owner: '' };
      this.records.set(cms, entry);
    }
    if (entry !== this.lastRecord) {
      this.lastName = cms;
      this.lastRecord = entry;
    }
    if (entry.locked && this.clock.now() >= entry.lockExpiresMs) {
      entry.locked = false;
    }
    return entry;
  }

  private lock(cms: string, ttlMs: number): CmsLockToken | null {
    const entry = this.record(cms);
    if (entry.locked) return null;
    entry.locked = true;
    entry.lockExpiresMs = this.clock.now() + ttlMs;
    entry.owner = String(++this.lastToken);
    return entry.owner;
  }

  private unlock(cms: string, token: CmsLockToken): void {
    const entry = this.record(cms);
    if (entry.locked && entry.owner === token) entry.locked = false;
  }

  private write(cms: string, atMs: number, available: boolean, cb: (previousAvailable: boolean) => void): void {
    if (!this.remote) {
      cb(this.apply(cms, atMs, available));
      return;
    }
    this.clock.schedule(this.requestMs, () => {
      const previous = this.apply(cms, atMs, available);
      this.clock.schedule(this.answerMs, () => cb(previous));
    });
  }

  /** Writes the status (an ack also writes its time) and tells subscribers of a change; returns the status before. */
  private apply(cms: string, atMs: number, available: boolean): boolean {
    const entry = this.record(cms);
    const previous = entry.available;
    if (available) entry.lastAckMs = atMs;
    entry.available = available;
    if (previous !== available) this.broadcast(cms, available, atMs);
    return previous;
  }

  private broadcast(cms: string, available: boolean, atMs: number): void {
    // The list is replaced, never mutated, so a listener that unsubscribes cannot skip another.
    const listeners = this.listeners;
    if (!this.remote) {
      for (const listener of listeners) listener(cms, available, atMs);
      return;
    }
    this.clock.schedule(this.answerMs, () => {
      for (const listener of listeners) listener(cms, available, atMs);
    });
  }
}
