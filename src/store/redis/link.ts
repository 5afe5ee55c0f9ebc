import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { StoreHealth } from '../health.js';
import type { StoreTarget } from './url.js';

export interface LinkOptions {
  /** A command not answered within this time fails (the caller falls back); default 1000 ms. */
  commandTimeoutMs?: number;
  /** Longest wait between reconnection attempts; default 1000 ms. */
  reconnectMsMax?: number;
  nowMs?: () => number;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
const DEFAULT_RECONNECT_MS_MAX = 1000;

type RedisTarget = Exclude<StoreTarget, { kind: 'memory' }>;
export type Client = Redis | Cluster;

/**
 * The connections of one node to its store: one for commands and one
 * subscriber (a subscribed connection cannot send commands). Commands are
 * never queued while the store is unreachable (no offline queue, no resend
 * after a reconnect, a bounded timeout): every caller hears of a failure
 * within `commandTimeoutMs` and falls back to its node-local state.
 */
export class StoreLink {
  readonly client: Client;
  readonly subscriber: Client;
  readonly health: StoreHealth;
  readonly isCluster: boolean;
  private reachableListeners: Array<() => void> = [];
  private closed = false;
  /** The last connection error (they repeat at each reconnection attempt and are not counted). */
  private connectionError: string | undefined;

  constructor(target: RedisTarget, opts: LinkOptions = {}) {
    this.health = new StoreHealth(opts.nowMs ?? Date.now);
    const common: RedisOptions = {
      commandTimeout: opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: Math.max(opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, 1000),
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 100, opts.reconnectMsMax ?? DEFAULT_RECONNECT_MS_MAX),
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
    };
    this.isCluster = target.kind === 'cluster';
    if (target.kind === 'cluster') {
      const clusterOptions: ClusterOptions = {
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        clusterRetryStrategy: common.retryStrategy as (times: number) => number,
        redisOptions: { ...common, ...(target.tls ? { tls: {} } : {}) },
      };
      this.client = new Cluster([...target.seeds], clusterOptions);
      this.subscriber = new Cluster([...target.seeds], { ...clusterOptions, enableOfflineQueue: true });
    } else {
      const where: RedisOptions =
        target.kind === 'standalone'
          ? { host: target.endpoint.host, port: target.endpoint.port, db: target.db, ...(target.tls ? { tls: { servername: target.endpoint.host } } : {}) }
          : { sentinels: target.sentinels.map((s) => ({ host: s.host, port: s.port })), name: target.masterName, db: target.db };
      this.client = new Redis({ ...common, ...where });
      // The subscriber may queue its one SUBSCRIBE until it connects.
      this.subscriber = new Redis({ ...common, ...where, enableOfflineQueue: true });
    }
    this.client.on('ready', () => this.reachable());
    this.client.on('close', () => this.health.setUp(false));
    // A listener must exist or ioredis prints every connection error.
    this.client.on('error', (error: Error) => {
      this.connectionError = error.message;
    });
    this.subscriber.on('error', () => {});
  }

  /** True when a command can be sent now (it may still fail). */
  get canSend(): boolean {
    return !this.closed && this.client.status === 'ready';
  }

  /** `listener` runs each time the store becomes reachable again (and on the first connection): resynchronise there. */
  onReachable(listener: () => void): void {
    this.reachableListeners.push(listener);
  }

  /**
   * Sends `commands` store commands in one round trip (`send`) and calls
   * back with the reply or the failure. A failure is counted; a success after
   * failures marks the store reachable again. Exceptions thrown by the
   * callbacks escape the promise chain, as they would from a timer.
   */
  run<T>(commands: number, send: () => Promise<T>, ok: (reply: T) => void, fail: (error: unknown) => void): void {
    if (!this.canSend) {
      const error = this.refused();
      deliver(() => fail(error));
      return;
    }
    this.health.sent(commands);
    let sent: Promise<T>;
    try {
      sent = send();
    } catch (error) {
      this.health.failed(error);
      deliver(() => fail(error));
      return;
    }
    sent.then(
      (reply) => {
        if (!this.health.isUp && this.canSend) this.reachable();
        deliver(() => ok(reply));
      },
      (error: unknown) => {
        this.health.failed(error);
        deliver(() => fail(error));
      },
    );
  }

  /** Counts an operation the node answered on its own because the store is unreachable. */
  refused(): Error {
    const error = new Error(`store unreachable (connection ${this.client.status})${this.connectionError === undefined ? '' : `: ${this.connectionError}`}`);
    this.health.failed(error);
    return error;
  }

  /** Drops both connections at once: nothing waits for the store. */
  close(): void {
    this.closed = true;
    this.client.disconnect();
    this.subscriber.disconnect();
    this.health.setUp(false);
  }

  private reachable(): void {
    if (this.closed || this.health.isUp) return;
    this.health.setUp(true);
    for (const listener of this.reachableListeners) listener();
  }
}

function deliver(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    process.nextTick(() => {
      throw error;
    });
  }
}
