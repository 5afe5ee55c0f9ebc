import type { CmsEntry, SharedMemory } from '../engine/ports.js';

/**
 * The shared memory the engines get in a simulation: the real in-process
 * memory, except that reading an agent's last ping first catches that
 * agent's browser up (delivers the pings that have arrived by now). Browser
 * pings thus cost no events, and the engines stay exactly the code the
 * supervisor runs.
 */
export class CatchUpMemory implements SharedMemory {
  private catchingUp = -1;

  constructor(
    private readonly inner: SharedMemory,
    private readonly catchUp: (agent: number) => void,
  ) {}

  lastBrowserPing(agent: number): number | undefined {
    // Catching up records pings through this memory; never recurse into the same agent.
    if (this.catchingUp !== agent) {
      const outer = this.catchingUp;
      this.catchingUp = agent;
      try {
        this.catchUp(agent);
      } finally {
        this.catchingUp = outer;
      }
    }
    return this.inner.lastBrowserPing(agent);
  }

  recordBrowserPing(agent: number, atMs: number): void {
    this.inner.recordBrowserPing(agent, atMs);
  }

  clearAgent(agent: number): void {
    this.inner.clearAgent(agent);
  }

  cmsEntry(cms: string): CmsEntry {
    return this.inner.cmsEntry(cms);
  }

  tryLockCms(cms: string, ttlMs: number): boolean {
    return this.inner.tryLockCms(cms, ttlMs);
  }

  unlockCms(cms: string): void {
    this.inner.unlockCms(cms);
  }

  recordCmsAck(cms: string, atMs: number): void {
    this.inner.recordCmsAck(cms, atMs);
  }

  markCmsUnavailable(cms: string, atMs: number): void {
    this.inner.markCmsUnavailable(cms, atMs);
  }
}
