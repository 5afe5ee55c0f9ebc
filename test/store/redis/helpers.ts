import { Redis } from 'ioredis';
import type { CmsLockToken, CmsTable } from '../../../src/engine/ports.js';
import { createStore, type RedisStore, type StoreOptions } from '../../../src/store/index.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { afterAll, beforeAll } from 'vitest';
import { RedisServer } from './redis-server.js';

let prefixCount = 0;

/** A key prefix of its own per test, so tests sharing a server never see each other's keys. */
export function freshPrefix(): string {
  return `test${process.pid}-${++prefixCount}:`;
}

/** A Redis store ("node") on `server`, connected and loaded. */
export async function openNode(server: { readonly url: string }, prefix: string, opts: Partial<StoreOptions> = {}): Promise<RedisStore> {
  const clock = new RealClock();
  const created = createStore(server.url, { clock, pingTtlMs: 60_000, keyPrefix: prefix, commandTimeoutMs: 500, readyTimeoutMs: 3000, ...opts });
  if (!created.ok) throw new Error(created.message);
  const store = created.store as RedisStore;
  await new Promise((resolve) => store.ready(resolve));
  return store;
}

export function closeNode(store: RedisStore): Promise<void> {
  return new Promise((resolve) => store.close(resolve));
}

export const lock = (table: CmsTable, cms: string, ttlMs: number): Promise<CmsLockToken | null> =>
  new Promise((resolve) => table.tryLock(cms, ttlMs, resolve));

export const recordAck = (table: CmsTable, cms: string, atMs: number): Promise<boolean> => new Promise((resolve) => table.recordAck(cms, atMs, resolve));

export const markUnavailable = (table: CmsTable, cms: string, atMs: number): Promise<boolean> =>
  new Promise((resolve) => table.markUnavailable(cms, atMs, resolve));

/** A plain client to look at the server the way an operator would. */
export function inspector(server: RedisServer): Redis {
  const client = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  // Tests kill the server under it: its connection errors are expected.
  client.on('error', () => {});
  return client;
}

/** Every key under `prefix`, by SCAN (never KEYS). */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found.sort();
}

/** Resolves once `condition` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const startMs = Date.now();
  while (!condition()) {
    if (Date.now() - startMs > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A describe block's redis-server, a client to inspect it, and the nodes its tests open (`opened`); all closed after the block. */
export interface SharedRedis {
  readonly server: RedisServer;
  readonly redis: Redis;
  readonly opened: RedisStore[];
}

/** Starts one redis-server before the enclosing describe block's tests and stops it, and every node in `opened`, after them. */
export function sharedRedisServer(): SharedRedis {
  let server: RedisServer | undefined;
  let redis: Redis | undefined;
  const opened: RedisStore[] = [];
  beforeAll(async () => {
    server = await RedisServer.start();
    redis = inspector(server);
  });
  afterAll(async () => {
    await Promise.all(opened.map(closeNode));
    redis?.disconnect();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the shared redis-server is used before its beforeAll ran');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get redis() {
      return started(redis);
    },
    opened,
  };
}
