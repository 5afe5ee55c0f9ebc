import type { HeartbeatTable } from '../../../engine/ports.js';

/**
 * The heartbeat table the engines get in a simulation: the real in-process
 * table, except that reading an agent's last ping first catches that
 * agent's browser up (delivers the pings that have arrived by now). Browser
 * pings thus cost no events, and the engines stay exactly the code the
 * supervisor runs.
 */
export class CatchUpHeartbeatTable implements HeartbeatTable {
  private catchingUp = -1;

  constructor(
    private readonly inner: HeartbeatTable,
    private readonly catchUp: (agent: number) => void,
  ) {}

  lastBrowserPing(agent: number): number | undefined {
    // Catching up records pings through this table; never recurse into the same agent.
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
}
