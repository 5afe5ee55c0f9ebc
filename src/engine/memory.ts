import type { Clock, CmsEntry, SharedMemory } from './ports.js';

interface CmsRecord extends CmsEntry {
  /** The lock is free again at this time even if its holder never unlocks. */
  lockExpiresMs: number;
}

/**
 * Shared memory for one process: the embedded default. The browser table is a
 * Float64Array indexed by agent number (NaN = no ping recorded), grown on
 * demand, so 100,000 agents cost 800 KB and no objects. Lock expiry is
 * measured on the injected clock, so it behaves the same in virtual time.
 */
export class InProcessSharedMemory implements SharedMemory {
  private pings: Float64Array;
  private readonly cms = new Map<string, CmsRecord>();

  constructor(
    private readonly clock: Clock,
    initialAgents = 1024,
  ) {
    this.pings = new Float64Array(Math.max(1, initialAgents)).fill(Number.NaN);
  }

  recordBrowserPing(agent: number, atMs: number): void {
    if (agent >= this.pings.length) this.grow(agent);
    this.pings[agent] = atMs;
  }

  lastBrowserPing(agent: number): number | undefined {
    const atMs = this.pings[agent];
    return atMs === undefined || Number.isNaN(atMs) ? undefined : atMs;
  }

  clearAgent(agent: number): void {
    if (agent < this.pings.length) this.pings[agent] = Number.NaN;
  }

  /**
   * The live entry of `cms` (created as available, never acknowledged, on
   * first use). Callers read it; they change it only through the methods below.
   */
  cmsEntry(cms: string): CmsEntry {
    const entry = this.record(cms);
    if (entry.locked && this.clock.now() >= entry.lockExpiresMs) entry.locked = false;
    return entry;
  }

  tryLockCms(cms: string, ttlMs: number): boolean {
    const entry = this.cmsEntry(cms) as CmsRecord;
    if (entry.locked) return false;
    entry.locked = true;
    entry.lockExpiresMs = this.clock.now() + ttlMs;
    return true;
  }

  unlockCms(cms: string): void {
    this.record(cms).locked = false;
  }

  /** An acknowledged ping also means the CMS is available: the ack is the proof. */
  recordCmsAck(cms: string, atMs: number): void {
    const entry = this.record(cms);
    entry.lastAckMs = atMs;
    entry.available = true;
  }

  markCmsUnavailable(cms: string, _atMs: number): void {
    this.record(cms).available = false;
  }

  private record(cms: string): CmsRecord {
    let entry = this.cms.get(cms);
    if (entry === undefined) {
      entry = { lastAckMs: undefined, available: true, locked: false, lockExpiresMs: 0 };
      this.cms.set(cms, entry);
    }
    return entry;
  }

  private grow(agent: number): void {
    let size = this.pings.length * 2;
    while (size <= agent) size *= 2;
    const pings = new Float64Array(size).fill(Number.NaN);
    pings.set(this.pings);
    this.pings = pings;
  }
}
