import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessHeartbeatTable, type RedisStore } from '../../../src/store/index.js';
import { closeNode, freshPrefix, inspector, lock, markUnavailable, openNode } from './helpers.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`Redis Sentinel tests ${availability.skipMessage}`);

describe.runIf(availability.run)('a store reached through Redis Sentinel (redis+sentinel://)', () => {
  let master: RedisServer;
  let sentinel: RedisServer;
  let redis: Redis;
  const opened: RedisStore[] = [];
  beforeAll(async () => {
    master = await RedisServer.start();
    sentinel = await RedisServer.startSentinel(master, 'hbctl-master');
    redis = inspector(master);
  });
  afterAll(async () => {
    await Promise.all(opened.map(closeNode));
    redis.disconnect();
    await sentinel.stop();
    await master.stop();
  });

  it('finds the master by name and keeps the CMS table and the pings there', async () => {
    const prefix = freshPrefix();
    const via = { url: `redis+sentinel://127.0.0.1:${sentinel.port}/hbctl-master/0` };
    const node = await openNode(via, prefix, { agentKeyOf: (agent) => `a${agent}` });
    opened.push(node);
    expect(node.status().up).toBe(true);
    expect(await lock(node.cmsTable, 'cms', 10_000)).toMatch(/^[0-9a-f]{12}:\d+$/);
    expect(await markUnavailable(node.cmsTable, 'cms', 7)).toBe(true);
    new InProcessHeartbeatTable(1, node.writeBehind).recordBrowserPing(0, 99);
    await new Promise<void>((resolve) => node.writeBehind.flush(resolve));
    expect(await redis.get(`${prefix}agent:{a0}:ping`)).toBe('99');
    expect(await redis.hget(`${prefix}{cms}:cms`, 'available')).toBe('0');
    expect(await redis.exists(`${prefix}{cms}:lock`)).toBe(1);
  });
});
