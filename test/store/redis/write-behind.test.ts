import { describe, expect, it } from 'vitest';
import { InProcessHeartbeatTable, type RedisStore } from '../../../src/store/index.js';
import { closeNode, eventually, freshPrefix, keysUnder, openNode, sharedRedisServer, sleep } from './helpers.js';
import { redisAvailability } from './redis-server.js';

const availability = redisAvailability();
if (!availability.run) console.warn(`Redis write-behind tests ${availability.skipMessage}`);

const flushed = (store: RedisStore): Promise<void> => new Promise((resolve) => store.writeBehind.flush(resolve));
const lookup = (store: RedisStore, agentId: string): Promise<[number | undefined, boolean]> =>
  new Promise((resolve) => store.lookupLastPing(agentId, (atMs, up) => resolve([atMs, up])));

describe.runIf(availability.run)('Redis write-behind of browser pings (SPEC §4)', () => {
  const shared = sharedRedisServer();

  async function node(prefix = freshPrefix(), opts: Parameters<typeof openNode>[2] = {}) {
    const store = await openNode(shared.server, prefix, { agentKeyOf: (agent) => `agent-${agent}`, ...opts });
    shared.opened.push(store);
    return { prefix, store, table: new InProcessHeartbeatTable(16, store.writeBehind) };
  }

  it('pings are batched: one command and one round trip per flush, one key write per agent', async () => {
    const { store, table, prefix } = await node();
    const before = store.traffic();
    const writesBefore = store.writeBehind.sent.keyWrites;
    const t = Date.now();
    for (let round = 0; round < 3; round++) {
      for (let agent = 0; agent < 500; agent++) table.recordBrowserPing(agent, t + round);
      await flushed(store);
    }
    const after = store.traffic();
    // One script call per flush carries its 500 agents.
    expect(after.roundTrips - before.roundTrips).toBe(3);
    expect(after.commands - before.commands).toBe(3);
    expect(store.writeBehind.sent.keyWrites - writesBefore).toBe(1500);
    expect(await shared.redis.get(`${prefix}agent:{agent-7}:ping`)).toBe(String(t + 2));
    expect(await shared.redis.get(`${prefix}agent:{agent-499}:ping`)).toBe(String(t + 2));
  });

  it('an agent that pings many times between flushes costs one key write per flush', async () => {
    const { store, table } = await node();
    const before = store.writeBehind.sent.keyWrites;
    for (let i = 0; i < 100; i++) table.recordBrowserPing(3, 1000 + i);
    await flushed(store);
    expect(store.writeBehind.sent.keyWrites - before).toBe(1);
  });

  it('one flush writes pings and deletes the keys of agents that logged off', async () => {
    const { store, table, prefix } = await node();
    table.recordBrowserPing(1, 11);
    table.recordBrowserPing(2, 22);
    await flushed(store);
    table.clearAgent(1);
    table.recordBrowserPing(2, 23);
    table.recordBrowserPing(3, 33);
    const before = store.traffic().commands;
    await flushed(store);
    expect(store.traffic().commands - before).toBe(1);
    expect(await keysUnder(shared.redis, `${prefix}agent:`)).toEqual([`${prefix}agent:{agent-2}:ping`, `${prefix}agent:{agent-3}:ping`]);
    expect(await shared.redis.get(`${prefix}agent:{agent-2}:ping`)).toBe('23');
  });

  it('a Redis that forgot the flush script (restarted, SCRIPT FLUSH) is sent it again: the pings are written', async () => {
    const { store, table, prefix } = await node();
    table.recordBrowserPing(1, 1);
    await flushed(store);
    await shared.redis.script('FLUSH');
    table.recordBrowserPing(1, 2);
    await flushed(store);
    expect(await shared.redis.get(`${prefix}agent:{agent-1}:ping`)).toBe('2');
    expect(store.status().errors).toBe(0);
  });

  it('pings are written behind by the flush timer, without a call to flush', async () => {
    const { store, table, prefix } = await node(undefined, { flushIntervalMs: 20 });
    table.recordBrowserPing(1, 1234);
    expect(store.writeBehind.pendingCount).toBe(1);
    let written: string | null = null;
    await eventually(() => {
      void shared.redis.get(`${prefix}agent:{agent-1}:ping`).then((v) => (written = v));
      return written === '1234';
    }, 2000, 'the timed flush');
  });

  it('an agent key expires after lag + sleep (the TTL given), so nothing is left behind for an agent that vanished', async () => {
    const { store, table, prefix } = await node(undefined, { pingTtlMs: 300 });
    table.recordBrowserPing(1, 5);
    await flushed(store);
    const ttlMs = await shared.redis.pttl(`${prefix}agent:{agent-1}:ping`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(300);
    await sleep(400);
    expect(await keysUnder(shared.redis, prefix)).toEqual([]);
  });

  it('a log-off deletes the agent key: after every agent is cleared no agent key is left (SCAN)', async () => {
    const { store, table, prefix } = await node();
    for (let agent = 0; agent < 50; agent++) table.recordBrowserPing(agent, 100 + agent);
    await flushed(store);
    expect((await keysUnder(shared.redis, `${prefix}agent:`)).length).toBe(50);
    for (let agent = 0; agent < 50; agent++) table.clearAgent(agent);
    await flushed(store);
    expect(await keysUnder(shared.redis, `${prefix}agent:`)).toEqual([]);
  });

  it('an agent whose node died is found by another node, with its last ping, until the TTL runs out', async () => {
    const prefix = freshPrefix();
    const first = await node(prefix, { pingTtlMs: 1000 });
    const second = await node(prefix, { pingTtlMs: 1000 });
    first.table.recordBrowserPing(42, 987_654);
    await flushed(first.store);
    await closeNode(first.store);
    expect(await lookup(second.store, 'agent-42')).toEqual([987_654, true]);
    expect(await lookup(second.store, 'agent-43')).toEqual([undefined, true]);
    await sleep(1100);
    expect(await lookup(second.store, 'agent-42')).toEqual([undefined, true]);
  });

  it("a node's own unwritten ping is found at once", async () => {
    const { store, table } = await node(undefined, { flushIntervalMs: 10_000 });
    table.recordBrowserPing(9, 55);
    expect(await lookup(store, 'agent-9')).toEqual([55, true]);
    table.clearAgent(9);
    expect(await lookup(store, 'agent-9')).toEqual([undefined, true]);
  });

  it('a batch never exceeds batchMax agents: a full batch is written at once', async () => {
    const { store, table } = await node(undefined, { batchMax: 10, flushIntervalMs: 10_000 });
    const before = store.traffic();
    const writesBefore = store.writeBehind.sent.keyWrites;
    for (let agent = 0; agent < 25; agent++) table.recordBrowserPing(agent, 1);
    await eventually(() => store.writeBehind.sent.keyWrites - writesBefore === 20, 2000, 'two full batches');
    expect(store.traffic().roundTrips - before.roundTrips).toBe(2);
    expect(store.traffic().commands - before.commands).toBe(2);
    expect(store.writeBehind.pendingCount).toBe(5);
  });
});
