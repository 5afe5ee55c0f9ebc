import type { Clock, HeartbeatWriteBehind, TimerId } from '../../engine/ports.js';
import type { StoreKeys } from './keys.js';
import type { StoreLink } from './link.js';

export interface WriteBehindOptions {
  /** How long an agent's ping outlives it in the store: heartbeatWatchdogLag + watchdogSleepTime. */
  pingTtlMs: number;
  /** The agent id the store knows an agent number by (default: the number itself). */
  agentKeyOf?: (agent: number) => string;
  /** Pings are written at most this long after they are recorded (default 100 ms). */
  flushIntervalMs?: number;
  /** A batch this large is written at once (default 1000). */
  batchMax?: number;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 100;
export const DEFAULT_BATCH_MAX = 1000;

/** NaN in the pending map: the agent logged off, delete its key. */
const CLEARED = Number.NaN;
const NO_TIMER: TimerId = -1;

/**
 * Writes browser pings behind to Redis so another node can take an agent
 * over (SPEC §4). The local heartbeat table stays the truth for this node's
 * watchdogs; this copy only has to be fresh to within a flush interval.
 * Pings are batched: one pipeline of `SET key atMs PX ttl` (or `DEL` at
 * log-off) per flush, holding the latest ping of each agent, so a round trip
 * carries every agent that pinged since the last one. While the store is
 * unreachable the pending map keeps one entry per agent (bounded by the
 * agents of this node, never a queue of commands) and is written when it
 * returns.
 */
export class RedisHeartbeatWriteBehind implements HeartbeatWriteBehind {
  private pending = new Map<string, number>();
  private timer: TimerId = NO_TIMER;
  private inFlight = false;
  private readonly agentKeyOf: (agent: number) => string;
  private readonly flushIntervalMs: number;
  private readonly batchMax: number;
  private readonly pingTtlMs: number;
  /** Pings and log-offs handed to this write-behind. */
  recorded = 0;
  /** Commands and round trips (batches) it sent, its share of the store's traffic. */
  readonly sent = { commands: 0, roundTrips: 0 };

  constructor(
    private readonly link: StoreLink,
    private readonly keys: StoreKeys,
    private readonly clock: Clock,
    opts: WriteBehindOptions,
  ) {
    if (!(opts.pingTtlMs >= 1 && Number.isFinite(opts.pingTtlMs))) throw new RangeError(`pingTtlMs must be a finite number ≥ 1, not ${opts.pingTtlMs}`);
    this.pingTtlMs = Math.ceil(opts.pingTtlMs);
    this.agentKeyOf = opts.agentKeyOf ?? String;
    this.flushIntervalMs = opts.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.batchMax = Math.max(1, opts.batchMax ?? DEFAULT_BATCH_MAX);
    link.onReachable(() => this.schedule());
  }

  pingRecorded(agent: number, atMs: number): void {
    this.put(this.agentKeyOf(agent), atMs);
  }

  agentCleared(agent: number): void {
    this.put(this.agentKeyOf(agent), CLEARED);
  }

  /** Agents whose latest ping or log-off is not written yet. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * The last ping of `agentId` known to any node: this node's unwritten one,
   * else the store's (undefined when none is kept, or the store is
   * unreachable: `storeUp` says which).
   */
  lookupLastPing(agentId: string, cb: (atMs: number | undefined, storeUp: boolean) => void): void {
    const local = this.pending.get(agentId);
    if (local !== undefined) return cb(Number.isNaN(local) ? undefined : local, this.link.canSend);
    this.link.run(
      1,
      () => this.link.client.get(this.keys.agentPing(agentId)),
      (reply) => {
        const atMs = reply === null ? Number.NaN : Number(reply);
        cb(Number.isFinite(atMs) ? atMs : undefined, true);
      },
      () => cb(undefined, false),
    );
  }

  /** Writes everything pending now; `cb` runs when the store answered (or refused). */
  flush(cb: () => void = () => {}): void {
    if (this.timer !== NO_TIMER) this.clock.cancel(this.timer);
    this.timer = NO_TIMER;
    if (this.inFlight || this.pending.size === 0 || !this.link.canSend) return cb();
    const batch = this.take();
    this.inFlight = true;
    this.sent.commands += batch.length;
    this.sent.roundTrips++;
    this.link.run(
      batch.length,
      () => this.send(batch),
      () => this.written(cb),
      () => {
        // Put back what no newer ping has replaced, to be written when the store returns.
        for (const [key, atMs] of batch) if (!this.pending.has(key)) this.pending.set(key, atMs);
        this.written(cb);
      },
    );
  }

  /** Stops the timer (the pending entries are dropped with the node). */
  stop(): void {
    if (this.timer !== NO_TIMER) this.clock.cancel(this.timer);
    this.timer = NO_TIMER;
  }

  private put(key: string, atMs: number): void {
    this.recorded++;
    // Re-inserted so a batch takes agents in the order of their latest write.
    this.pending.delete(key);
    this.pending.set(key, atMs);
    if (this.pending.size >= this.batchMax && !this.inFlight) this.flush();
    else this.schedule();
  }

  private schedule(): void {
    if (this.timer !== NO_TIMER || this.inFlight || this.pending.size === 0 || !this.link.canSend) return;
    this.timer = this.clock.schedule(this.flushIntervalMs, () => {
      this.timer = NO_TIMER;
      this.flush();
    });
  }

  private take(): Array<[string, number]> {
    if (this.pending.size <= this.batchMax) {
      const all = [...this.pending];
      this.pending = new Map();
      return all;
    }
    const batch: Array<[string, number]> = [];
    for (const entry of this.pending) {
      batch.push(entry);
      if (batch.length === this.batchMax) break;
    }
    for (const [key] of batch) this.pending.delete(key);
    return batch;
  }

  /**
   * One pipeline for a single Redis (or Sentinel master). A Redis Cluster
   * pipeline must stay in one slot, so there each command goes on its own
   * and ioredis pipelines them per node (auto-pipelining).
   */
  private send(batch: ReadonlyArray<[string, number]>): Promise<unknown> {
    if (this.link.isCluster) {
      return Promise.all(batch.map(([key, atMs]) => (Number.isNaN(atMs) ? this.link.client.del(this.keys.agentPing(key)) : this.link.client.set(this.keys.agentPing(key), String(atMs), 'PX', this.pingTtlMs))));
    }
    const pipeline = this.link.client.pipeline();
    for (const [key, atMs] of batch) {
      if (Number.isNaN(atMs)) pipeline.del(this.keys.agentPing(key));
      else pipeline.set(this.keys.agentPing(key), String(atMs), 'PX', this.pingTtlMs);
    }
    return pipeline.exec().then((results) => {
      const failure = results?.find(([error]) => error !== null)?.[0];
      if (failure) throw failure;
    });
  }

  private written(cb: () => void): void {
    this.inFlight = false;
    if (this.pending.size >= this.batchMax) this.flush();
    else this.schedule();
    cb();
  }
}
