import type { Clock, HeartbeatWriteBehind, TimerId } from '../../engine/ports.js';
import type { StoreKeys } from './keys.js';
import type { StoreLink } from './link.js';
import { definePingScript, type PingScriptClient } from './scripts.js';

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
 * Pings are batched: one script call per flush (`EVALSHA`, see
 * `WRITE_PINGS_LUA`) that runs `SET key atMs PX ttl` (or `DEL` at log-off)
 * for the latest ping of each agent, so one command and one round trip carry
 * every agent that pinged since the last flush. While the store is
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
  /**
   * Commands and round trips (batches) it sent, its share of the store's
   * traffic, and the agent keys those commands wrote or deleted.
   */
  readonly sent = { commands: 0, roundTrips: 0, keyWrites: 0 };
  private readonly script: PingScriptClient;

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
    this.script = definePingScript(link.client);
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
    const commands = this.link.isCluster ? batch.size : 1;
    this.inFlight = true;
    this.sent.commands += commands;
    this.sent.roundTrips++;
    this.sent.keyWrites += batch.size;
    this.link.run(
      commands,
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
    // Updated in place: an agent keeps the place of its oldest unwritten ping, so a batch takes the stalest agents first.
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

  /** At most `batchMax` pending entries, the oldest first (the whole map when it fits: no copy). */
  private take(): Map<string, number> {
    if (this.pending.size <= this.batchMax) {
      const all = this.pending;
      this.pending = new Map();
      return all;
    }
    const batch = new Map<string, number>();
    for (const [key, atMs] of this.pending) {
      batch.set(key, atMs);
      if (batch.size === this.batchMax) break;
    }
    for (const key of batch.keys()) this.pending.delete(key);
    return batch;
  }

  /**
   * One script call for a single Redis (or Sentinel master): its arguments
   * are the key count, the keys, the TTL and one value per key ('' deletes).
   * The keys of one script call must share a Redis Cluster slot and agent
   * keys are spread over all slots, so in a cluster each key goes as its own
   * `SET … PX` or `DEL`, and ioredis pipelines them per master
   * (auto-pipelining).
   */
  private send(batch: ReadonlyMap<string, number>): Promise<unknown> {
    if (this.link.isCluster) {
      const client = this.link.client;
      const writes: Array<Promise<unknown>> = [];
      for (const [key, atMs] of batch) {
        writes.push(Number.isNaN(atMs) ? client.del(this.keys.agentPing(key)) : client.set(this.keys.agentPing(key), String(atMs), 'PX', this.pingTtlMs));
      }
      return Promise.all(writes);
    }
    const n = batch.size;
    const args: Array<string | number> = new Array<string | number>(2 * n + 2);
    args[0] = n;
    args[n + 1] = this.pingTtlMs;
    let i = 1;
    for (const [key, atMs] of batch) {
      args[i] = this.keys.agentPing(key);
      args[n + 1 + i] = Number.isNaN(atMs) ? '' : String(atMs);
      i++;
    }
    return this.script.hbctlWritePings(args);
  }

  private written(cb: () => void): void {
    this.inFlight = false;
    if (this.pending.size >= this.batchMax) this.flush();
    else this.schedule();
    cb();
  }
}
