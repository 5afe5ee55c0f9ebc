import type { Clock, CmsTable, HeartbeatWriteBehind } from '../engine/ports.js';
import type { StoreEventListener, StoreStatus, StoreTraffic } from './health.js';

/**
 * The shared memory of one supervisor node, whichever store holds it
 * (`--store`): what the runtime wires into its engines, plus what the
 * supervisor reports (status, events for its metrics) and needs to take an
 * agent over from another node.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly cmsTable: CmsTable;
  /** Give it to the node's `InProcessHeartbeatTable`; fire and forget. */
  readonly writeBehind: HeartbeatWriteBehind;
  /**
   * The last ping of an agent that reconnects here, as any node wrote it
   * behind (undefined when none is kept: it expired, the agent logged off, or
   * the store keeps none). `storeUp` is false when the store could not be asked.
   */
  lookupLastPing(agentId: string, cb: (atMs: number | undefined, storeUp: boolean) => void): void;
  status(): StoreStatus;
  /** Up/down changes and failed commands, for metrics and logs; returns the unsubscribe function. */
  onEvent(listener: StoreEventListener): () => void;
  /** Store commands and round trips sent so far (zero for the in-process store). */
  traffic(): StoreTraffic;
  /** Calls back once the node hears changes and has loaded the first snapshot, or the store proved unreachable (the node then runs degraded). */
  ready(cb: (status: StoreStatus) => void): void;
  /** Writes what is pending if it can, then drops the connections; `cb` runs once. */
  close(cb: () => void): void;
}

export interface StoreOptions {
  /** The clock of the engines (lock expiry, write-behind flushes). */
  clock: Clock;
  /** How long a written-behind ping outlives its agent: the largest heartbeatWatchdogLag + watchdogSleepTime of the config. */
  pingTtlMs: number;
  /** The agent id under which the store keeps an agent number's pings (default: the number). */
  agentKeyOf?: (agent: number) => string;
  /** CMS names to load on start (others are loaded on first use). */
  cmsNames?: readonly string[];
  /** Prefix of every key and channel (default `hbctl:`); tests use their own. */
  keyPrefix?: string;
  /** A store command not answered within this time fails and the node falls back (default 1000 ms). */
  commandTimeoutMs?: number;
  /** Pings are written behind at most this long after they are recorded (default 100 ms). */
  flushIntervalMs?: number;
  /** A write-behind batch this large is written at once (default 1000). */
  batchMax?: number;
  /** `ready` gives up waiting for the first connection after this long (default 3000 ms). */
  readyTimeoutMs?: number;
}

export type CreateStoreResult = { readonly ok: true; readonly store: Store } | { readonly ok: false; readonly message: string };
