import type { HeartbeatWriteBehind } from '../../../engine/ports.js';
import type { NodeTraffic } from './node-traffic.js';

export interface PingWriteBehindOptions {
  /** Agents of the node (local numbers 0 … agents − 1). */
  agents: number;
  /** Pings are written at most this long after they arrive. */
  intervalMs: number;
  /** Pings per round trip at the most. */
  batch: number;
  durationMs: number;
  nowMs: () => number;
  /** The agent's browser ping interval now (a throttled tab's is longer). */
  pingIntervalMsOf: (agent: number) => number;
}

/**
 * Counts what one node's write-behind would send, on a grid of flush
 * windows `intervalMs` wide: an agent that pinged in a window costs one
 * command there (its latest ping), and a window costs one round trip per
 * `batch` commands. The simulator hands the heartbeat table only the newest
 * ping a read finds, so the pings between two it hands over are counted as
 * one every ping interval (lost pings and a freeze shorter than the lag are
 * thus counted as sent: an upper bound).
 */
export class PingWriteBehind implements HeartbeatWriteBehind {
  private readonly lastMs: Float64Array;
  private readonly lastWindow: Float64Array;
  private readonly perWindow: Uint32Array;

  constructor(
    private readonly traffic: NodeTraffic,
    private readonly opts: PingWriteBehindOptions,
  ) {
    this.lastMs = new Float64Array(Math.max(1, opts.agents)).fill(Number.NaN);
    this.lastWindow = new Float64Array(Math.max(1, opts.agents)).fill(-1);
    this.perWindow = new Uint32Array(Math.floor(opts.durationMs / opts.intervalMs) + 2);
  }

  pingRecorded(agent: number, atMs: number): void {
    const previousMs = this.lastMs[agent] as number;
    this.lastMs[agent] = atMs;
    if (!(atMs > previousMs)) return this.write(agent, atMs);
    const intervalMs = this.opts.pingIntervalMsOf(agent);
    const skipped = Math.max(0, Math.round((atMs - previousMs) / intervalMs) - 1);
    for (let k = 1; k <= skipped; k++) this.write(agent, previousMs + k * intervalMs);
    this.write(agent, atMs);
  }

  agentCleared(agent: number): void {
    this.lastMs[agent] = Number.NaN;
    this.lastWindow[agent] = -1;
    this.traffic.pingDelete++;
    const window = this.windowOf(this.opts.nowMs());
    this.perWindow[window] = (this.perWindow[window] as number) + 1;
  }

  /** Fills in the round trips once the run is over. */
  finish(): void {
    let roundTrips = 0;
    for (const count of this.perWindow) if (count > 0) roundTrips += Math.ceil(count / this.opts.batch);
    this.traffic.writeBehindRoundTrips = roundTrips;
  }

  private write(agent: number, atMs: number): void {
    const window = this.windowOf(atMs);
    if (this.lastWindow[agent] === window) return;
    this.lastWindow[agent] = window;
    this.traffic.pingWrite++;
    this.perWindow[window] = (this.perWindow[window] as number) + 1;
  }

  private windowOf(atMs: number): number {
    return Math.min(this.perWindow.length - 1, Math.max(0, Math.floor(atMs / this.opts.intervalMs)));
  }
}
