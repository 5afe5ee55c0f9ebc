import { describe, expect, it } from 'vitest';
import { createStore, type RedisStore } from '../../../src/store/index.js';
import { RealClock } from '../../../src/supervisor/real-clock.js';
import { eventually, freshPrefix, keysUnder, lock, markUnavailable, openNode, recordAck, sharedRedisServer, sleep } from './helpers.js';
import { redisAvailability } from './redis-server.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`Redis CMS table tests ${availability.skipMessage}`);

/**
 * Longer than any stall of a loaded machine: a command that times out is the store's outage to the node, which
 * then answers from its own state (a node-local lock, a local write; docs/redis.md, degraded mode). Outages are
 * degraded.test.ts's subject; these tests are about a store that answers, however slowly.
 */
const COMMAND_TIMEOUT_MS = 10_000;

describe.runIf(availability.run)('Redis CMS table: two nodes sharing one Redis (SPEC §1, §4)', () => {
  const shared = sharedRedisServer();

  async function twoNodes(opts: { cmsNames?: string[] } = {}) {
    const prefix = freshPrefix();
    const a = await openNode(shared.server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS, ...opts });
    const b = await openNode(shared.server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS, ...opts });
    shared.opened.push(a, b);
    return { prefix, a, b };
  }

  it('the lock is exclusive across nodes: while one holds it, the other is refused', async () => {
    const { a, b } = await twoNodes();
    const token = await lock(a.cmsTable, 'cms1', 10_000);
    expect(token).not.toBeNull();
    expect(await lock(b.cmsTable, 'cms1', 10_000)).toBeNull();
    // Each CMS has its own lock.
    expect(await lock(b.cmsTable, 'cms2', 10_000)).not.toBeNull();
  });

  it('the lock is `SET NX PX` with a random token: only its owner releases it', async () => {
    const { prefix, a, b } = await twoNodes();
    const token = await lock(a.cmsTable, 'cms', 10_000);
    expect(token).toMatch(/^[0-9a-f]{12}:\d+$/);
    expect(await shared.redis.get(`${prefix}{cms}:lock`)).toBe(token);
    expect(await shared.redis.pttl(`${prefix}{cms}:lock`)).toBeGreaterThan(9000);
    b.cmsTable.release('cms', 'not-the-owner');
    b.cmsTable.release('cms', `${token as string}x`);
    await sleep(50);
    expect(await lock(b.cmsTable, 'cms', 10_000)).toBeNull();
    a.cmsTable.release('cms', token as string);
    await eventually(() => true);
    await sleep(50);
    expect(await shared.redis.exists(`${prefix}{cms}:lock`)).toBe(0);
    expect(await lock(b.cmsTable, 'cms', 10_000)).not.toBeNull();
  });

  it('a stale token frees nothing: the lock expired and was taken again by the other node', async () => {
    const { a, b } = await twoNodes();
    const old = await lock(a.cmsTable, 'cms', 150);
    expect(old).not.toBeNull();
    await sleep(250);
    const fresh = await lock(b.cmsTable, 'cms', 10_000);
    expect(fresh).not.toBeNull();
    a.cmsTable.release('cms', old as string);
    await sleep(50);
    expect(await lock(a.cmsTable, 'cms', 10_000)).toBeNull();
  });

  it('the lock of a node that never releases expires after its TTL and the other node takes it', async () => {
    const { a, b } = await twoNodes();
    expect(await lock(a.cmsTable, 'cms', 500)).not.toBeNull();
    expect(await lock(b.cmsTable, 'cms', 500)).toBeNull();
    await sleep(600);
    expect(await lock(b.cmsTable, 'cms', 500)).not.toBeNull();
  });

  it('a node is ready only once it hears the changes of the others: a subscriber slower than the command connection delays `ready`', async () => {
    const created = createStore(shared.server.url, { clock: new RealClock(), pingTtlMs: 60_000, keyPrefix: freshPrefix(), commandTimeoutMs: COMMAND_TIMEOUT_MS, cmsNames: ['cms'] });
    if (!created.ok) throw new Error(created.message);
    const node = created.store as RedisStore;
    shared.opened.push(node);
    // The subscription reaches Redis 300 ms late, as it can on a loaded machine; the entry loads at once.
    const { subscriber } = node.link;
    const subscribe = subscriber.subscribe.bind(subscriber) as (channel: string) => Promise<unknown>;
    (subscriber as unknown as { subscribe: (channel: string) => Promise<unknown> }).subscribe = async (channel) => {
      await sleep(300);
      return subscribe(channel);
    };
    await new Promise((resolve) => node.ready(resolve));
    expect(await shared.redis.pubsub('NUMSUB', node.keys.statusChannel)).toEqual([node.keys.statusChannel, 1]);
    // And it re-read the entry after subscribing: nothing more is read behind the caller's back.
    const roundTrips = node.traffic().roundTrips;
    await sleep(100);
    expect(node.traffic().roundTrips).toBe(roundTrips);
  });

  it('a node that has not yet heard of a newer ack is refused the lock (it would ping a CMS just pinged) and learns the ack', async () => {
    // Named at start, the entry is loaded before the nodes are ready: a first-use load sent at the snapshot
    // below could reach Redis after the write behind b's back (another connection) and teach b the ack early.
    const { prefix, a, b } = await twoNodes({ cmsNames: ['cms'] });
    const t = Date.now();
    expect(b.cmsTable.snapshot('cms').lastAckMs).toBeUndefined();
    // Written behind node b's back, the way a publish still on its way would leave it.
    await shared.redis.hset(`${prefix}{cms}:cms`, 'available', '1', 'lastAckMs', String(t), 'statusAtMs', String(t), 'ver', '1');
    expect(await lock(b.cmsTable, 'cms', 10_000)).toBeNull();
    expect(b.cmsTable.snapshot('cms').lastAckMs).toBe(t);
    expect(await lock(b.cmsTable, 'cms', 10_000)).not.toBeNull();
    expect(await lock(a.cmsTable, 'cms', 10_000)).toBeNull();
  });

  it('the holder sees the lock in its snapshot until it releases it or it expires', async () => {
    const { a } = await twoNodes();
    const token = await lock(a.cmsTable, 'cms', 10_000);
    expect(a.cmsTable.snapshot('cms').locked).toBe(true);
    a.cmsTable.release('cms', token as string);
    expect(a.cmsTable.snapshot('cms').locked).toBe(false);
    await lock(a.cmsTable, 'cms', 100);
    await sleep(150);
    expect(a.cmsTable.snapshot('cms').locked).toBe(false);
  });

  it('recordAck and markUnavailable return the availability before the write, read and written atomically', async () => {
    const { a, b } = await twoNodes();
    const t = Date.now();
    // Both nodes mark the same available CMS unavailable at once: exactly one of them saw it available.
    const previous = await Promise.all([markUnavailable(a.cmsTable, 'cms', t), markUnavailable(b.cmsTable, 'cms', t)]);
    expect(previous.filter((p) => p).length).toBe(1);
    const acks = await Promise.all([recordAck(a.cmsTable, 'cms', t + 1), recordAck(b.cmsTable, 'cms', t + 2)]);
    expect(acks.filter((p) => !p).length).toBe(1);
    expect(await recordAck(a.cmsTable, 'cms', t + 3)).toBe(true);
  });

  it('many concurrent writes from both nodes: each status change is seen by exactly one writer, and published in order', async () => {
    const { a, b } = await twoNodes();
    const listener = shared.redis.duplicate();
    const published: boolean[] = [];
    listener.on('message', (_channel: string, message: string) => published.push((JSON.parse(message) as { available: string }).available === '1'));
    await listener.subscribe(a.keys.statusChannel);
    const t = Date.now();
    const ops: Array<Promise<{ available: boolean; previous: boolean }>> = [];
    for (let i = 0; i < 200; i++) {
      const table = i % 2 === 0 ? a.cmsTable : b.cmsTable;
      const available = i % 3 !== 0;
      ops.push((available ? recordAck(table, 'cms', t + i) : markUnavailable(table, 'cms', t + i)).then((previous) => ({ available, previous })));
    }
    const results = await Promise.all(ops);
    await eventually(() => published.length === 200, 2000, 'every write published');
    listener.disconnect();
    const changesSeenByWriters = results.filter((r) => r.available !== r.previous).length;
    const flips = published.filter((available, i) => available !== (i === 0 ? true : published[i - 1])).length;
    expect(changesSeenByWriters).toBe(flips);
    expect(changesSeenByWriters).toBeGreaterThan(0);
  });

  it('a status change is published and reaches the other node: its listeners hear it once and its snapshot follows', async () => {
    const { a, b } = await twoNodes();
    const heardByB: string[] = [];
    const heardByA: string[] = [];
    b.cmsTable.subscribe((cms, available, atMs) => heardByB.push(`${cms} ${available} ${atMs}`));
    a.cmsTable.subscribe((cms, available, atMs) => heardByA.push(`${cms} ${available} ${atMs}`));
    const t = Date.now();
    expect(b.cmsTable.snapshot('cms').available).toBe(true);
    await markUnavailable(a.cmsTable, 'cms', t);
    await eventually(() => heardByB.length === 1, 2000, 'the change reaching node b');
    expect(heardByB).toEqual([`cms false ${t}`]);
    expect(b.cmsTable.snapshot('cms').available).toBe(false);
    await recordAck(a.cmsTable, 'cms', t + 5);
    await recordAck(a.cmsTable, 'cms', t + 6);
    await eventually(() => heardByB.length === 2, 2000, 'the recovery reaching node b');
    await sleep(100);
    expect(heardByB).toEqual([`cms false ${t}`, `cms true ${t + 5}`]);
    expect(heardByA).toEqual(heardByB);
    expect(b.cmsTable.snapshot('cms')).toMatchObject({ available: true, lastAckMs: t + 6 });
  });

  it('a node started later reads the snapshot on start', async () => {
    const { prefix, a } = await twoNodes();
    const t = Date.now();
    await recordAck(a.cmsTable, 'north', t);
    await markUnavailable(a.cmsTable, 'south', t + 1);
    const late = await openNode(shared.server, prefix, { cmsNames: ['north', 'south'] });
    shared.opened.push(late);
    expect(late.cmsTable.snapshot('north')).toMatchObject({ available: true, lastAckMs: t, locked: false });
    expect(late.cmsTable.snapshot('south')).toMatchObject({ available: false, lastAckMs: undefined });
    // A CMS not named at start is loaded on first use.
    await markUnavailable(a.cmsTable, 'west', t + 2);
    const later = await openNode(shared.server, prefix);
    shared.opened.push(later);
    expect(later.cmsTable.snapshot('west').available).toBe(true);
    await eventually(() => !later.cmsTable.snapshot('west').available, 2000, 'the first-use load');
  });

  it('the keys follow the documented layout: one hash tag per CMS, entry and lock alike', async () => {
    const { prefix, a } = await twoNodes();
    const token = await lock(a.cmsTable, 'eu:{1}', 10_000);
    await recordAck(a.cmsTable, 'eu:{1}', 1000);
    expect(await keysUnder(shared.redis, prefix)).toEqual([`${prefix}{eu%3A%7B1%7D}:cms`, `${prefix}{eu%3A%7B1%7D}:lock`]);
    expect(await shared.redis.hgetall(`${prefix}{eu%3A%7B1%7D}:cms`)).toEqual({ available: '1', lastAckMs: '1000', statusAtMs: '1000', ver: expect.stringMatching(/^\d{16}$/) });
    a.cmsTable.release('eu:{1}', token as string);
  });
});
