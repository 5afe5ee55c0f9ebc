import { describe, expect, it } from 'vitest';
import type { CmsLockToken, HeartbeatWriteBehind } from '../../src/engine/ports.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { InProcessCmsTable, InProcessHeartbeatTable, type InProcessCmsTableOptions } from '../../src/store/in-process.js';

describe('in-process heartbeat table', () => {
  it('grows on demand and reports no ping as undefined', () => {
    const table = new InProcessHeartbeatTable(4);
    expect(table.lastBrowserPing(100_000)).toBeUndefined();
    table.recordBrowserPing(100_000, 0);
    table.recordBrowserPing(3, 42);
    expect(table.lastBrowserPing(100_000)).toBe(0);
    expect(table.lastBrowserPing(3)).toBe(42);
    expect(table.lastBrowserPing(99_999)).toBeUndefined();
    table.clearAgent(3);
    expect(table.lastBrowserPing(3)).toBeUndefined();
  });

  // A typed array drops a write past its end without a word: an agent number equal to the size must grow the table.
  it('grows at its boundary: an agent number equal to the table size, and equal to twice it', () => {
    const table = new InProcessHeartbeatTable(4);
    table.recordBrowserPing(2, 7);
    table.recordBrowserPing(4, 42);
    expect(table.lastBrowserPing(4)).toBe(42);
    expect(table.lastBrowserPing(2)).toBe(7);
    const doubled = new InProcessHeartbeatTable(4);
    doubled.recordBrowserPing(8, 43);
    expect(doubled.lastBrowserPing(8)).toBe(43);
  });

  it('a table sized for no agents still records pings', () => {
    const table = new InProcessHeartbeatTable(0);
    table.recordBrowserPing(0, 5);
    table.recordBrowserPing(1, 6);
    expect([table.lastBrowserPing(0), table.lastBrowserPing(1)]).toEqual([5, 6]);
  });

  it('writes every ping and log-off behind to the shared store it is given', () => {
    const written: string[] = [];
    const writeBehind: HeartbeatWriteBehind = {
      pingRecorded: (agent, atMs) => void written.push(`ping ${agent}@${atMs}`),
      agentCleared: (agent) => void written.push(`clear ${agent}`),
    };
    const table = new InProcessHeartbeatTable(2, writeBehind);
    table.recordBrowserPing(1, 10);
    table.recordBrowserPing(5, 20);
    table.clearAgent(1);
    expect(written).toEqual(['ping 1@10', 'ping 5@20', 'clear 1']);
    expect(table.lastBrowserPing(5)).toBe(20);
  });
});

const ROUND_TRIP_MS = 10;

/** Every CMS-table rule holds whether the store answers at once or after a round trip. */
describe.each<[string, InProcessCmsTableOptions]>([
  ['answering at once', {}],
  ['modelling a store round trip', { roundTripMs: ROUND_TRIP_MS }],
])('in-process CMS table, %s', (_mode, opts) => {
  function setup() {
    const clock = new VirtualClock();
    const table = new InProcessCmsTable(clock, opts);
    /** Lets every request under way complete (a no-op when the table answers at once). */
    const settle = (): void => clock.tick(2 * ROUND_TRIP_MS);
    const lock = (cms: string, ttlMs: number): CmsLockToken | null | undefined => {
      let answer: CmsLockToken | null | undefined;
      table.tryLock(cms, ttlMs, (token) => (answer = token));
      settle();
      return answer;
    };
    const write = (op: 'recordAck' | 'markUnavailable', cms: string, atMs: number): boolean | undefined => {
      let previous: boolean | undefined;
      table[op](cms, atMs, (p) => (previous = p));
      settle();
      return previous;
    };
    return { clock, table, settle, lock, write };
  }

  it('a CMS entry starts available, never acknowledged and unlocked', () => {
    const { table } = setup();
    expect(table.snapshot('c')).toEqual(expect.objectContaining({ lastAckMs: undefined, available: true, locked: false }));
  });

  it('writes report the availability before them, atomically; an ack records its time and marks the CMS available', () => {
    const { table, write } = setup();
    expect(write('markUnavailable', 'c', 10)).toBe(true);
    expect(write('markUnavailable', 'c', 15)).toBe(false);
    expect(table.snapshot('c').available).toBe(false);
    expect(write('recordAck', 'c', 20)).toBe(false);
    expect(table.snapshot('c')).toEqual(expect.objectContaining({ lastAckMs: 20, available: true }));
    expect(write('recordAck', 'c', 30)).toBe(true);
    expect(table.snapshot('c').lastAckMs).toBe(30);
    expect(table.snapshot('other').available).toBe(true);
  });

  it('keeps each CMS its own entry when calls alternate between systems', () => {
    const { table, write, lock } = setup();
    expect(table.snapshot('a').available).toBe(true);
    expect(write('markUnavailable', 'b', 10)).toBe(true);
    expect(table.snapshot('a').available).toBe(true);
    expect(table.snapshot('b').available).toBe(false);
    expect(lock('a', 1000)).toEqual(expect.any(String));
    expect(table.snapshot('b').locked).toBe(false);
    expect(table.snapshot('a').locked).toBe(true);
    expect(write('recordAck', 'b', 20)).toBe(false);
    expect(table.snapshot('a').lastAckMs).toBeUndefined();
  });

  it('the lock excludes a second holder until released or expired on the injected clock', () => {
    const { clock, table, settle, lock } = setup();
    const first = lock('c', 1000);
    expect(first).toEqual(expect.any(String));
    expect(lock('c', 1000)).toBeNull();
    expect(lock('other', 1000)).toEqual(expect.any(String));
    // Taken at 0 ms (at once) or half a round trip later: it is free again exactly 1000 ms after.
    const takenAtMs = opts.roundTripMs === undefined ? 0 : Math.floor(opts.roundTripMs / 2);
    clock.runUntil(takenAtMs + 999);
    expect(table.snapshot('c').locked).toBe(true);
    clock.runUntil(takenAtMs + 1000);
    expect(table.snapshot('c').locked).toBe(false);
    const second = lock('c', 1000) as CmsLockToken;
    expect(second).not.toBe(first);
    table.release('c', second);
    settle();
    expect(table.snapshot('c').locked).toBe(false);
    expect(lock('c', 1000)).toEqual(expect.any(String));
  });

  it('only the owner\'s token releases the lock: not a forged token, not the token of a holder whose lock expired', () => {
    const { clock, table, settle, lock } = setup();
    const expired = lock('c', 100) as CmsLockToken;
    clock.tick(200);
    const owner = lock('c', 10_000) as CmsLockToken;
    expect(owner).toEqual(expect.any(String));
    table.release('c', expired);
    table.release('c', 'forged');
    settle();
    expect(table.snapshot('c').locked).toBe(true);
    expect(lock('c', 10_000)).toBeNull();
    table.release('c', owner);
    settle();
    expect(table.snapshot('c').locked).toBe(false);
  });

  it('a status change reaches each subscriber once; writes that change nothing are not broadcast; unsubscribing stops them', () => {
    const { table, write } = setup();
    const heard: string[] = [];
    const unsubscribe = table.subscribe((cms, available, atMs) => heard.push(`${cms} ${available ? 'up' : 'down'}@${atMs}`));
    const other: string[] = [];
    table.subscribe((cms, available) => other.push(`${cms} ${available ? 'up' : 'down'}`));
    write('recordAck', 'c', 5);
    write('markUnavailable', 'c', 10);
    write('markUnavailable', 'c', 15);
    write('markUnavailable', 'd', 16);
    write('recordAck', 'c', 20);
    write('recordAck', 'c', 25);
    unsubscribe();
    write('markUnavailable', 'c', 30);
    expect(heard).toEqual(['c down@10', 'd down@16', 'c up@20']);
    expect(other).toEqual(['c down', 'd down', 'c up', 'c down']);
  });
});

describe('in-process CMS table: when callbacks run', () => {
  it('answers at once by default: every callback runs inside the call', () => {
    const table = new InProcessCmsTable(new VirtualClock());
    const calls: string[] = [];
    table.subscribe(() => calls.push('broadcast'));
    table.tryLock('c', 1000, (token) => calls.push(`lock ${token === null ? 'refused' : 'granted'}`));
    table.markUnavailable('c', 0, (previous) => calls.push(`previous ${previous}`));
    expect(calls).toEqual(['lock granted', 'broadcast', 'previous true']);
  });

  it('with roundTripMs, a request takes effect half a round trip after the call and answers a full round trip after it', () => {
    const clock = new VirtualClock();
    const table = new InProcessCmsTable(clock, { roundTripMs: 9 });
    const calls: string[] = [];
    table.subscribe((_cms, available) => calls.push(`broadcast ${available} @${clock.now()}`));
    table.tryLock('c', 1000, (token) => calls.push(`lock ${token === null ? 'refused' : 'granted'} @${clock.now()}`));
    table.markUnavailable('c', 0, (previous) => calls.push(`previous ${previous} @${clock.now()}`));
    expect(calls).toEqual([]);
    clock.tick(3);
    expect(table.snapshot('c')).toEqual(expect.objectContaining({ locked: false, available: true }));
    clock.tick(1);
    expect(table.snapshot('c')).toEqual(expect.objectContaining({ locked: true, available: false }));
    clock.tick(20);
    expect(calls).toEqual(['lock granted @9', 'broadcast false @9', 'previous true @9']);
  });

  it('with roundTripMs, two nodes that both read the lock free and ask for it: exactly one gets it', () => {
    const clock = new VirtualClock();
    const table = new InProcessCmsTable(clock, { roundTripMs: 20 });
    const answers: Array<CmsLockToken | null> = [];
    clock.schedule(0, () => table.tryLock('c', 1000, (t) => answers.push(t)));
    clock.schedule(5, () => {
      expect(table.snapshot('c').locked).toBe(false);
      table.tryLock('c', 1000, (t) => answers.push(t));
    });
    clock.tick(100);
    expect(answers).toEqual([expect.any(String), null]);
  });

  it('refuses a round trip that is negative or not a number', () => {
    for (const roundTripMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new InProcessCmsTable(new VirtualClock(), { roundTripMs })).toThrow(RangeError);
    }
  });
});
