import { randomBytes } from 'node:crypto';
import type { StoreStatus } from '../health.js';
import type { Store, StoreOptions } from '../store.js';
import { RedisCmsTable } from './cms-table.js';
import { StoreKeys } from './keys.js';
import { StoreLink } from './link.js';
import type { StoreTarget } from './url.js';
import { RedisHeartbeatWriteBehind } from './write-behind.js';

export { RedisCmsTable } from './cms-table.js';
export { DEFAULT_KEY_PREFIX, StoreKeys } from './keys.js';
export { DEFAULT_COMMAND_TIMEOUT_MS, StoreLink, type LinkOptions } from './link.js';
export { parseStoreUrl, redactStoreUrl, type RedisEndpoint, type StoreTarget, type StoreUrlResult } from './url.js';
export { DEFAULT_BATCH_MAX, DEFAULT_FLUSH_INTERVAL_MS, RedisHeartbeatWriteBehind, type WriteBehindOptions } from './write-behind.js';

const DEFAULT_READY_TIMEOUT_MS = 3000;

export interface RedisStore extends Store {
  readonly kind: 'redis';
  readonly cmsTable: RedisCmsTable;
  readonly writeBehind: RedisHeartbeatWriteBehind;
  readonly link: StoreLink;
  readonly keys: StoreKeys;
}

/** The Redis store of one node: its two connections, CMS table and write-behind (docs/redis.md). */
export function createRedisStore(target: Exclude<StoreTarget, { kind: 'memory' }>, opts: StoreOptions): RedisStore {
  const link = new StoreLink(target, { ...(opts.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: opts.commandTimeoutMs }), nowMs: () => opts.clock.now() });
  const keys = new StoreKeys(opts.keyPrefix);
  const nodeId = randomBytes(6).toString('hex');
  const cmsTable = new RedisCmsTable(link, keys, opts.clock, opts.cmsNames ?? [], nodeId);
  const writeBehind = new RedisHeartbeatWriteBehind(link, keys, opts.clock, {
    pingTtlMs: opts.pingTtlMs,
    ...(opts.agentKeyOf === undefined ? {} : { agentKeyOf: opts.agentKeyOf }),
    ...(opts.flushIntervalMs === undefined ? {} : { flushIntervalMs: opts.flushIntervalMs }),
    ...(opts.batchMax === undefined ? {} : { batchMax: opts.batchMax }),
  });
  // A first connection that fails leaves the node degraded, not waiting.
  link.client.once('close', () => cmsTable.settle());
  let closed = false;
  return {
    kind: 'redis',
    cmsTable,
    writeBehind,
    link,
    keys,
    lookupLastPing: (agentId, cb) => writeBehind.lookupLastPing(agentId, cb),
    status: () => link.health.status(),
    onEvent: (listener) => link.health.onEvent(listener),
    traffic: () => ({ ...link.health.traffic }),
    ready(cb: (status: StoreStatus) => void): void {
      let answered = false;
      const answer = (): void => {
        if (answered) return;
        answered = true;
        opts.clock.cancel(timer);
        cb(link.health.status());
      };
      const timer = opts.clock.schedule(opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, answer);
      cmsTable.whenSettled(answer);
    },
    close(cb: () => void): void {
      if (closed) return cb();
      closed = true;
      writeBehind.flush(() => {
        writeBehind.stop();
        link.close();
        cb();
      });
    },
  };
}
