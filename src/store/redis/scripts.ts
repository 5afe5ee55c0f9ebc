import type { Client } from './link.js';

/**
 * The Lua scripts of the store: the CMS table's three, and the write-behind's
 * flush (`WRITE_PINGS_LUA`, below). Redis runs a script atomically, so a
 * status write reads the previous availability, writes and publishes in one
 * step: two nodes cannot both see "available" before marking it unavailable.
 *
 * Every entry carries `ver`, raised by each status write to at least the
 * server's clock in microseconds: it orders the states a node hears on two
 * connections (a reply, a published change), and it keeps growing across a
 * restart of a Redis that lost its data.
 */

/** The entry fields every script returns, in this order. */
const STATE_FIELDS = `'available', 'lastAckMs', 'statusAtMs', 'ver'`;
const READ_STATE = `
local function state(key)
  local s = redis.call('HMGET', key, ${STATE_FIELDS})
  return {s[1] or '', s[2] or '', s[3] or '', s[4] or '0'}
end`;

/** Frees the lock only when it still holds the caller's token. KEYS: lock; ARGV: token. */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Takes the lock unless the caller's view is stale. KEYS: lock, entry.
 * ARGV: token, ttlMs, the last ack the caller saw ('' for none). A caller
 * that has not yet heard of a newer ack is refused (and told it): it would
 * ping a CMS that was just pinged. Returns {1 taken / 0 refused, state…}.
 */
const LOCK_LUA = `${READ_STATE}
local s = state(KEYS[2])
local seen = tonumber(ARGV[3] ~= '' and ARGV[3] or '-1')
if s[2] ~= '' and tonumber(s[2]) > seen then return {0, s[1], s[2], s[3], s[4]} end
local taken = redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0
return {taken, s[1], s[2], s[3], s[4]}`;

/**
 * Writes a CMS status. KEYS: entry. ARGV: available ('1'/'0'), lastAckMs
 * ('' for none), statusAtMs, mode, channel, cms name, origin node.
 * Modes: 'write' (a ping's outcome: always applies), 'merge' (a change made
 * while the store was unreachable: applies if newer than the stored one or
 * nothing is stored), 'restore' (a node's view after a restart of the store:
 * applies only if nothing is stored).
 * The last ack only moves forward. Every applied write is published (an ack
 * too: the other nodes must see the new last ack, or they would ping again).
 * Returns {previous available, state…}.
 */
const WRITE_STATUS_LUA = `${READ_STATE}
local s = state(KEYS[1])
local previous = s[1] ~= '' and s[1] or '1'
local apply = ARGV[4] == 'write' or s[1] == '' or (ARGV[4] == 'merge' and tonumber(ARGV[3]) >= tonumber(s[3] ~= '' and s[3] or '-1'))
if not apply then return {previous, s[1], s[2], s[3], s[4]} end
if ARGV[2] ~= '' and (s[2] == '' or tonumber(ARGV[2]) > tonumber(s[2])) then
  redis.call('HSET', KEYS[1], 'lastAckMs', ARGV[2])
end
local t = redis.call('TIME')
local ver = math.max(tonumber(s[4]) + 1, tonumber(t[1]) * 1000000 + tonumber(t[2]))
redis.call('HSET', KEYS[1], 'available', ARGV[1], 'statusAtMs', ARGV[3], 'ver', string.format('%.0f', ver))
local after = state(KEYS[1])
redis.call('PUBLISH', ARGV[5], cjson.encode({cms = ARGV[6], available = after[1], lastAckMs = after[2],
  statusAtMs = after[3], ver = after[4], origin = ARGV[7]}))
return {previous, after[1], after[2], after[3], after[4]}`;

/** available, lastAckMs, statusAtMs, ver: '' when absent. */
export type StateReply = [available: string, lastAckMs: string, statusAtMs: string, ver: string];
export type WriteMode = 'write' | 'merge' | 'restore';

export interface ScriptedClient {
  hbctlRelease(lockKey: string, token: string): Promise<number>;
  hbctlLock(lockKey: string, entryKey: string, token: string, ttlMs: number, seenLastAckMs: string): Promise<[number, ...StateReply]>;
  hbctlWriteStatus(
    entryKey: string,
    available: '1' | '0',
    lastAckMs: string,
    statusAtMs: string,
    mode: WriteMode,
    channel: string,
    cms: string,
    origin: string,
  ): Promise<[string, ...StateReply]>;
}

/**
 * Writes a flush of browser pings (the write-behind). KEYS: the agents' ping
 * keys. ARGV: the TTL in ms, then one value per key, in the order of KEYS:
 * the ping's epoch ms (`SET key value PX ttl`) or '' for an agent that logged
 * off (`DEL key`). Returns the number of keys written. One call carries a
 * whole flush, so the node builds, times and answers one command per flush,
 * not one per agent; Redis still runs one SET (or DEL) per agent.
 */
const WRITE_PINGS_LUA = `
local ttl = ARGV[1]
for i = 1, #KEYS do
  local atMs = ARGV[i + 1]
  if atMs == '' then redis.call('DEL', KEYS[i]) else redis.call('SET', KEYS[i], atMs, 'PX', ttl) end
end
return #KEYS`;

export interface PingScriptClient {
  /** args: the key count n, n keys, the TTL in ms, n values ('' = delete). */
  hbctlWritePings(args: Array<string | number>): Promise<number>;
}

/** Registers the write-behind's script (sent in full once per connection, then by SHA). */
export function definePingScript(client: Client): PingScriptClient {
  client.defineCommand('hbctlWritePings', { lua: WRITE_PINGS_LUA });
  return client as unknown as PingScriptClient;
}

/** Registers the scripts (sent in full once per connection, then by SHA). */
export function defineScripts(client: Client): ScriptedClient {
  client.defineCommand('hbctlRelease', { numberOfKeys: 1, lua: RELEASE_LUA });
  client.defineCommand('hbctlLock', { numberOfKeys: 2, lua: LOCK_LUA });
  client.defineCommand('hbctlWriteStatus', { numberOfKeys: 1, lua: WRITE_STATUS_LUA });
  return client as unknown as ScriptedClient;
}
