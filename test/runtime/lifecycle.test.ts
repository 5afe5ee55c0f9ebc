import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness, MODE_A, MODE_B, MODE_B_CMS, S, type ConfigSpec } from './harness.js';

const SPEC: ConfigSpec = {
  roles: {
    AGENT: { values: MODE_B_CMS, cms: 'CMS', configuration: 'PUSH' },
    WATCHED: { values: MODE_B, cms: 'CMS' },
    LAG: { values: MODE_A, cms: 'CMS' },
  },
  cms: { CMS: { endpoints: ['tcp://a:1', 'tcp://b:1'], ackTimeoutMs: 5 * S } },
  push: { PUSH: { pushKeepAliveTimerMs: 60 * S, channelCleanupTimerMs: 150 * S } },
};

describe('Runtime: growth (agents come and go in a supervisor)', () => {
  it('grows past its initial capacity, keeping every earlier agent as it was (round-robin per role: the second login of AGENT is on the second system)', () => {
    const h = harness(SPEC, { initialAgents: 1 });
    h.runtime.start();
    h.runtime.login(0, 'AGENT');
    h.runtime.login(1, 'WATCHED');
    h.runtime.login(2, 'LAG');
    h.runtime.login(5000, 'AGENT');
    expect([0, 1, 2, 5000].map((a) => h.runtime.isLoggedIn(a))).toEqual([true, true, true, true]);
    expect([0, 1, 2, 3, 4999].map((a) => h.runtime.cmsSystemIndexOf(a))).toEqual([0, 0, 0, -1, -1]);
    expect(h.runtime.cmsSystemIndexOf(5000)).toBe(1);
    expect(h.runtime.openChannels('PUSH')).toBe(2);
    expect(h.runtime.loggedInAgents).toBe(4);
    h.clock.advance(60 * S);
    expect(h.recorder.of('keepAlive').map((e) => e.agent)).toEqual([-1, 0, 5000]);
  });

  it('grows exactly at its boundary: an agent number equal to the capacity', () => {
    const h = harness(SPEC, { initialAgents: 4 });
    h.runtime.login(4, 'LAG');
    h.runtime.login(3, 'LAG');
    expect([h.runtime.isLoggedIn(3), h.runtime.isLoggedIn(4), h.runtime.cmsSystemIndexOf(4)]).toEqual([true, true, 0]);
  });

  it('any set of agent numbers, logged in in any order, is logged in and counted once each (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (agents, initialAgents) => {
        const h = harness(SPEC, { initialAgents });
        for (const agent of agents) expect(h.runtime.login(agent, 'WATCHED')).toBeNull();
        for (const agent of agents) expect(h.runtime.isLoggedIn(agent)).toBe(true);
        expect(h.runtime.loggedInAgents).toBe(agents.length);
        for (const agent of agents) h.runtime.logoff(agent, 'client');
        expect(h.runtime.loggedInAgents).toBe(0);
        expect(h.clock.pending).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

describe('Runtime: stop()', () => {
  it('cancels every timer it started: watchdogs, push drivers, a CMS ping awaiting its ack; the CMS lock is released', () => {
    const h = harness(SPEC, { ackDelayMs: 10 * S });
    h.runtime.start();
    for (let agent = 0; agent < 20; agent++) h.runtime.login(agent, agent % 3 === 0 ? 'AGENT' : agent % 3 === 1 ? 'WATCHED' : 'LAG');
    h.clock.advance(61 * S);
    for (let agent = 0; agent < 20; agent++) h.runtime.ping(agent);
    expect(h.recorder.of('cmsPing').length).toBeGreaterThan(0);
    const locked = h.runtime.cmsSystems.filter((s) => h.cmsTable.snapshot(s.name).locked);
    expect(locked.length).toBeGreaterThan(0);
    h.runtime.stop();
    // Left: only the test CMS's own ack timers (the world's, not the runtime's).
    const worldTimers = h.cms.pings.length;
    expect(h.clock.pending).toBeLessThanOrEqual(worldTimers);
    h.clock.advance(3600 * S);
    expect(h.clock.pending).toBe(0);
    expect(h.runtime.cmsSystems.filter((s) => h.cmsTable.snapshot(s.name).locked)).toEqual([]);
    expect(h.recorder.of('loggedOff')).toEqual([]);
  });

  it('leaves no pending timer at all when nothing outside the runtime has one', () => {
    const h = harness(SPEC);
    h.runtime.start();
    for (let agent = 0; agent < 10; agent++) h.runtime.login(agent, agent % 2 === 0 ? 'AGENT' : 'WATCHED');
    expect(h.clock.pending).toBeGreaterThan(0);
    h.runtime.stop();
    expect(h.clock.pending).toBe(0);
  });

  it('is final: no login afterwards, start() does not tick again, sessions stay as they were', () => {
    const h = harness(SPEC);
    h.runtime.start();
    h.runtime.login(0, 'AGENT');
    h.runtime.stop();
    expect(h.runtime.login(1, 'AGENT')).toEqual({ problem: 'the runtime is stopped' });
    expect(h.runtime.isLoggedIn(1)).toBe(false);
    h.runtime.start();
    expect(h.clock.pending).toBe(0);
    expect(h.runtime.isLoggedIn(0)).toBe(true);
    h.runtime.logoff(0, 'shutdown');
    expect(h.recorder.of('loggedOff')).toEqual([{ kind: 'loggedOff', agent: 0, reason: 'shutdown', atMs: 0 }]);
  });

  it('a shutdown: every agent logged off (shutdown), then stop(): nothing left to run', () => {
    const h = harness(SPEC);
    h.runtime.start();
    for (let agent = 0; agent < 6; agent++) h.runtime.login(agent, 'AGENT');
    for (let agent = 0; agent < 6; agent++) h.runtime.logoff(agent, 'shutdown');
    h.runtime.stop();
    expect(h.clock.pending).toBe(0);
    expect(h.recorder.of('loggedOff').map((e) => e.reason)).toEqual(Array(6).fill('shutdown'));
    expect(h.runtime.openChannels('PUSH')).toBe(0);
  });
});
