import { NO_WRITE_BEHIND, InProcessCmsTable } from './in-process.js';
import type { StoreStatus } from './health.js';
import { createRedisStore } from './redis/index.js';
import { parseStoreUrl } from './redis/url.js';
import type { CreateStoreResult, Store, StoreOptions } from './store.js';

export { InProcessCmsTable, InProcessHeartbeatTable, NO_WRITE_BEHIND, type InProcessCmsTableOptions } from './in-process.js';
export { StoreHealth, type StoreEvent, type StoreEventListener, type StoreStatus, type StoreTraffic } from './health.js';
export type { CreateStoreResult, Store, StoreOptions } from './store.js';
export { createRedisStore, parseStoreUrl, redactStoreUrl, type RedisStore, type StoreTarget } from './redis/index.js';

/**
 * The store named by `--store`: `memory` (the in-process default: one node)
 * or a Redis URL (several nodes sharing one memory, docs/redis.md). A bad
 * URL is a message, not an exception. The Redis store connects in the
 * background; `ready` says when its first snapshot is in.
 */
export function createStore(url: string, opts: StoreOptions): CreateStoreResult {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) return parsed;
  const target = parsed.target;
  if (target.kind === 'memory') return { ok: true, store: inProcessStore(opts) };
  return { ok: true, store: createRedisStore(target, opts) };
}

function inProcessStore(opts: StoreOptions): Store {
  const status: StoreStatus = { up: true, errors: 0, sinceMs: opts.clock.now(), lastError: undefined };
  return {
    kind: 'memory',
    cmsTable: new InProcessCmsTable(opts.clock),
    writeBehind: NO_WRITE_BEHIND,
    // One node: its own heartbeat table already holds every ping it could find.
    lookupLastPing: (_agentId, cb) => cb(undefined, true),
    status: () => status,
    onEvent: () => () => {},
    traffic: () => ({ commands: 0, roundTrips: 0 }),
    ready: (cb) => cb(status),
    close: (cb) => cb(),
  };
}
