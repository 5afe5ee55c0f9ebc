import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessHeartbeatTable, type RedisStore, type StoreEvent } from '../../../src/store/index.js';
import { closeNode, eventually, freshPrefix, inspector, lock, markUnavailable, openNode, recordAck } from './helpers.js';
import { RedisServer, redisAvailability } from './redis-server.js';
import { TcpProxy } from './tcp-proxy.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`Redis degraded-mode tests ${availability.skipMessage}`);

const COMMAND_TIMEOUT_MS = 300;
/** Every callback of a degraded store arrives within this bound (the command timeout, and slack for a loaded test machine). */
const CALLBACK_BOUND_MS = COMMAND_TIMEOUT_MS + 700;

/** Resolves with the callback's value and how long it took. */
function timed<T>(start: (cb: (value: T) => void) => void): Promise<{ value: T; ms: number }> {
  const startMs = Date.now();
  return new Promise((resolve) => start((value) => resolve({ value, ms: Date.now() - startMs })));
}

describe.runIf(availability.run)('Redis unreachable or restarted: the node keeps working on its own (issue 9)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function twoNodesAndServer() {
    const server = await RedisServer.start();
    const prefix = freshPrefix();
    const a = await openNode(server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
    const b = await openNode(server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
    const redis = inspector(server);
    cleanup.push(
      () => server.stop(),
      () => closeNode(a),
      () => closeNode(b),
      async () => void redis.disconnect(),
    );
    return { server, prefix, a, b, redis };
  }

  it('Redis killed: status goes down, callbacks still come within a bound, the lock is node-local, errors are counted', async () => {
    const { server, a, b } = await twoNodesAndServer();
    const events: StoreEvent['type'][] = [];
    a.onEvent((event) => events.push(event.type));
    expect(a.status().up).toBe(true);
    await server.kill();
    await eventually(() => !a.status().up && !b.status().up, 2000, 'both nodes seeing the store down');
    expect(events).toContain('down');

    const first = await timed<string | null>((cb) => a.cmsTable.tryLock('cms', 5000, cb));
    expect(first.ms).toBeLessThan(CALLBACK_BOUND_MS);
    expect(first.value).toMatch(/^local:/);
    // At most one ping per node: the node-local lock refuses this node, not the other one.
    expect((await timed<string | null>((cb) => a.cmsTable.tryLock('cms', 5000, cb))).value).toBeNull();
    expect((await timed<string | null>((cb) => b.cmsTable.tryLock('cms', 5000, cb))).value).toMatch(/^local:/);
    a.cmsTable.release('cms', first.value as string);
    expect((await timed<string | null>((cb) => a.cmsTable.tryLock('cms', 5000, cb))).value).toMatch(/^local:/);

    const heard: boolean[] = [];
    a.cmsTable.subscribe((_cms, available) => heard.push(available));
    const unavailable = await timed<boolean>((cb) => a.cmsTable.markUnavailable('cms', Date.now(), cb));
    expect(unavailable).toMatchObject({ value: true });
    expect(unavailable.ms).toBeLessThan(CALLBACK_BOUND_MS);
    const t = Date.now();
    expect(await recordAck(a.cmsTable, 'cms', t)).toBe(false);
    expect(a.cmsTable.snapshot('cms')).toMatchObject({ available: true, lastAckMs: t });
    expect(heard).toEqual([false, true]);

    expect(a.status().errors).toBeGreaterThan(0);
    expect(a.status().lastError).toBeDefined();
    expect(events).toContain('error');
  });

  it('Redis that answers nothing (stopped): every callback still comes within the command timeout', async () => {
    const { server, a } = await twoNodesAndServer();
    server.pause();
    cleanup.push(async () => server.resume());
    const locked = await timed<string | null>((cb) => a.cmsTable.tryLock('cms', 5000, cb));
    expect(locked.value).toMatch(/^local:/);
    expect(locked.ms).toBeLessThan(CALLBACK_BOUND_MS);
    const ack = await timed<boolean>((cb) => a.cmsTable.recordAck('cms', Date.now(), cb));
    expect(ack.ms).toBeLessThan(CALLBACK_BOUND_MS);
    expect(a.status()).toMatchObject({ up: false });
    const found = await timed<[number | undefined, boolean]>((cb) => a.lookupLastPing('x', (atMs, up) => cb([atMs, up])));
    expect(found.value).toEqual([undefined, false]);
    expect(found.ms).toBeLessThan(CALLBACK_BOUND_MS);
  });

  it('pings recorded while Redis is down stay local (one pending entry per agent) and are written when it returns', async () => {
    const { server, prefix, a, redis } = await twoNodesAndServer();
    const table = new InProcessHeartbeatTable(8, a.writeBehind);
    await server.kill();
    await eventually(() => !a.status().up, 2000, 'the store seen down');
    for (let i = 0; i < 100; i++) for (let agent = 0; agent < 5; agent++) table.recordBrowserPing(agent, 1000 + i);
    // The watchdog's table is untouched by the outage.
    expect(table.lastBrowserPing(4)).toBe(1099);
    expect(a.writeBehind.pendingCount).toBe(5);
    await server.restart();
    await eventually(() => a.status().up, 5000, 'the store seen up again');
    let written: string | null = null;
    await eventually(() => {
      void redis.get(`${prefix}agent:{4}:ping`).then((v) => (written = v), () => {});
      return written === '1099';
    }, 3000, 'the pending pings written');
  });

  it('Redis restarted on the same port (data lost): the nodes resynchronise, an offline change reaches the other node', async () => {
    const { server, prefix, a, b, redis } = await twoNodesAndServer();
    const t = Date.now();
    await recordAck(a.cmsTable, 'cms', t);
    await eventually(() => b.cmsTable.snapshot('cms').lastAckMs === t, 2000, 'the ack reaching node b');
    const heardByB: boolean[] = [];
    b.cmsTable.subscribe((_cms, available) => heardByB.push(available));
    const events: StoreEvent['type'][] = [];
    a.onEvent((event) => events.push(event.type));

    await server.kill();
    await eventually(() => !a.status().up, 2000, 'the store seen down');
    // Node a finds the CMS down while Redis is away: only its mirror knows.
    expect(await markUnavailable(a.cmsTable, 'cms', t + 10)).toBe(true);
    await server.restart();
    await eventually(() => a.status().up && b.status().up, 5000, 'both nodes reconnected');
    expect(events).toEqual(expect.arrayContaining(['down', 'up']));
    await eventually(() => heardByB.length === 1, 3000, 'the offline change reaching node b');
    expect(heardByB).toEqual([false]);
    expect(b.cmsTable.snapshot('cms')).toMatchObject({ available: false, lastAckMs: t });
    expect(await redis.hmget(`${prefix}{cms}:cms`, 'available', 'lastAckMs')).toEqual(['0', String(t)]);
    // Both subscribers are back: a change node a makes now reaches node b by pub/sub.
    await recordAck(a.cmsTable, 'cms', t + 20);
    await eventually(() => heardByB.length === 2, 3000, 'a change after the restart reaching node b');
    expect(heardByB).toEqual([false, true]);
    expect(b.cmsTable.snapshot('cms').lastAckMs).toBe(t + 20);
    // Back to normal: the store's lock again, shared by both nodes.
    const token = await lock(a.cmsTable, 'cms', 5000);
    expect(token).toMatch(/^[0-9a-f]{12}:\d+$/);
    expect(await lock(b.cmsTable, 'cms', 5000)).toBeNull();
  });

  it('one node cut off (a partition): its offline change gives way to a later write by a node that kept the store', async () => {
    const server = await RedisServer.start();
    const proxy = new TcpProxy(server.port);
    await proxy.heal();
    const prefix = freshPrefix();
    const a = await openNode(proxy, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
    const b = await openNode(server, prefix, { commandTimeoutMs: COMMAND_TIMEOUT_MS });
    cleanup.push(
      () => server.stop(),
      () => proxy.cut(),
      () => closeNode(a),
      () => closeNode(b),
    );
    const t = Date.now();
    await recordAck(b.cmsTable, 'cms', t);
    await eventually(() => a.cmsTable.snapshot('cms').lastAckMs === t, 2000, 'the ack reaching node a');

    await proxy.cut();
    await eventually(() => !a.status().up, 2000, 'node a seeing the store down');
    expect(b.status().up).toBe(true);
    // Node a's ping times out while it is cut off; node b's later ping is acknowledged.
    expect(await markUnavailable(a.cmsTable, 'cms', t + 10)).toBe(true);
    expect(await recordAck(b.cmsTable, 'cms', t + 20)).toBe(true);
    await proxy.heal();
    await eventually(() => a.status().up, 5000, 'node a reconnected');
    await eventually(() => a.cmsTable.snapshot('cms').available, 3000, 'node a taking the later status');
    expect(a.cmsTable.snapshot('cms').lastAckMs).toBe(t + 20);
    expect(b.cmsTable.snapshot('cms').available).toBe(true);
  });
});
