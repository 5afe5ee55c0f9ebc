import { describe, expect, it } from 'vitest';
import { harness, MODE_A, MODE_B, S } from './harness.js';

const AGENTS = { roles: { AGENT: { values: MODE_A }, WATCHED: { values: MODE_B } } };

describe('Runtime: sessions (SPEC §1, browser heartbeat and modes A and B)', () => {
  it('a login counts as a ping and makes the agent logged in; agents are counted', () => {
    const { runtime, heartbeats, clock } = harness(AGENTS);
    clock.advance(5 * S);
    expect(runtime.isLoggedIn(0)).toBe(false);
    expect(runtime.login(0, 'AGENT')).toBeNull();
    expect(runtime.login(1, 'WATCHED')).toBeNull();
    expect(runtime.isLoggedIn(0)).toBe(true);
    expect(heartbeats.lastBrowserPing(0)).toBe(5 * S);
    expect(runtime.loggedInAgents).toBe(2);
    runtime.login(0, 'AGENT');
    expect(runtime.loggedInAgents).toBe(2);
  });

  it('an acknowledged ping is recorded at its arrival time (default: now); a logged-off agent has nothing to acknowledge', () => {
    const { runtime, heartbeats, clock } = harness(AGENTS);
    runtime.login(0, 'AGENT');
    clock.advance(10 * S);
    runtime.ping(0, 7 * S);
    expect(heartbeats.lastBrowserPing(0)).toBe(7 * S);
    runtime.ping(0);
    expect(heartbeats.lastBrowserPing(0)).toBe(10 * S);
    runtime.logoff(0, 'client');
    runtime.ping(0);
    expect(heartbeats.lastBrowserPing(0)).toBeUndefined();
    runtime.ping(99);
    expect(runtime.isLoggedIn(99)).toBe(false);
  });

  it.each([
    ['within the lag', 150 * S, 'delivered', []],
    ['after the lag', 150 * S + 1, 'rejected', [{ kind: 'loggedOff', agent: 0, reason: 'heartbeat-lag', atMs: 150 * S + 1 }]],
  ])('mode A: a call %s of the last ping is %s', (_what, atMs, result, events) => {
    const { runtime, recorder, clock } = harness(AGENTS);
    runtime.login(0, 'AGENT');
    clock.advance(atMs);
    expect(runtime.offerCall(0)).toBe(result);
    expect(recorder.events).toEqual(events);
    expect(runtime.isLoggedIn(0)).toBe(result === 'delivered');
  });

  it('mode A: a crashed browser costs exactly one rejected call, then calls find the agent logged off', () => {
    const { runtime, clock } = harness(AGENTS);
    runtime.login(0, 'AGENT');
    clock.advance(200 * S);
    expect([runtime.offerCall(0), runtime.offerCall(0), runtime.offerCall(7)]).toEqual(['rejected', 'not-logged-in', 'not-logged-in']);
    expect(runtime.loggedInAgents).toBe(0);
  });

  it('mode B: calls are delivered whatever the ping age while logged in; the watchdog logs a silent agent off after lag < t ≤ lag + sleep', () => {
    const { runtime, recorder, clock } = harness(AGENTS);
    runtime.login(1, 'WATCHED');
    clock.advance(89 * S);
    runtime.ping(1);
    clock.advance(89 * S);
    expect(runtime.offerCall(1)).toBe('delivered');
    expect(recorder.events).toEqual([]);
    clock.advance(150 * S);
    const [off] = recorder.of('loggedOff');
    expect(off).toMatchObject({ agent: 1, reason: 'watchdog' });
    expect(off!.atMs - 89 * S).toBeGreaterThan(90 * S);
    expect(off!.atMs - 89 * S).toBeLessThanOrEqual(150 * S);
    expect(runtime.isLoggedIn(1)).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('mode B: a live browser is never logged off, and a login again after a watchdog log-off watches again', () => {
    const { runtime, recorder, clock } = harness(AGENTS);
    runtime.login(1, 'WATCHED');
    for (let i = 0; i < 100; i++) {
      clock.advance(30 * S);
      runtime.ping(1);
    }
    expect(recorder.events).toEqual([]);
    clock.advance(300 * S);
    runtime.login(1, 'WATCHED');
    clock.advance(300 * S);
    expect(recorder.of('loggedOff').map((e) => e.reason)).toEqual(['watchdog', 'watchdog']);
  });

  it.each(['client', 'shutdown', 'replaced'] as const)('the driver logs an agent off (%s): reported once, the watchdog stops', (reason) => {
    const { runtime, recorder, clock } = harness(AGENTS);
    runtime.login(1, 'WATCHED');
    clock.advance(S);
    runtime.logoff(1, reason);
    runtime.logoff(1, reason);
    expect(recorder.events).toEqual([{ kind: 'loggedOff', agent: 1, reason, atMs: S }]);
    expect(clock.pending).toBe(0);
    expect(runtime.offerCall(1)).toBe('not-logged-in');
    expect(runtime.loggedInAgents).toBe(0);
  });

  it('a log-off of an agent that never logged in reports nothing', () => {
    const { runtime, recorder } = harness(AGENTS);
    runtime.logoff(3, 'client');
    runtime.logoff(3000, 'shutdown');
    expect(recorder.events).toEqual([]);
  });

  it('a login with another role replaces the session: the old one is logged off (replaced), the new one runs with its own settings', () => {
    const { runtime, recorder, clock } = harness(AGENTS);
    runtime.login(0, 'WATCHED');
    clock.advance(S);
    runtime.login(0, 'AGENT');
    expect(recorder.events).toEqual([{ kind: 'loggedOff', agent: 0, reason: 'replaced', atMs: S }]);
    expect(clock.pending).toBe(0);
    expect(runtime.isLoggedIn(0)).toBe(true);
    expect(runtime.loggedInAgents).toBe(1);
    clock.advance(151 * S);
    expect(runtime.offerCall(0)).toBe('rejected');
  });

  it('an unknown role is a problem value, not a login; hasRole says so beforehand', () => {
    const { runtime, recorder } = harness(AGENTS);
    expect(runtime.hasRole('AGENT')).toBe(true);
    expect(runtime.hasRole('NOPE')).toBe(false);
    expect(runtime.hasRole('constructor')).toBe(false);
    expect(runtime.login(0, 'NOPE')).toEqual({ problem: "no role 'NOPE' in the configuration" });
    expect(runtime.isLoggedIn(0)).toBe(false);
    expect(recorder.events).toEqual([]);
    expect(() => runtime.settingsOf('NOPE')).toThrow("no role 'NOPE' in the configuration");
    expect(() => runtime.cmsSystemsOfRole('NOPE')).toThrow(/no role 'NOPE'/);
  });

  it('settingsOf gives the compiled values of the role (a copy), or the per-role override', () => {
    const { runtime } = harness(AGENTS);
    const settings = runtime.settingsOf('WATCHED');
    expect(settings).toEqual(MODE_B);
    settings.heartbeatLagMs = 1;
    expect(runtime.settingsOf('WATCHED').heartbeatLagMs).toBe(MODE_B.heartbeatLagMs);
    const overridden = harness(AGENTS, { settings: { AGENT: { ...MODE_A, heartbeatLagMs: 10 * S } } });
    expect(overridden.runtime.settingsOf('AGENT').heartbeatLagMs).toBe(10 * S);
    expect(overridden.runtime.settingsOf('WATCHED')).toEqual(MODE_B);
    overridden.runtime.login(0, 'AGENT');
    overridden.clock.advance(11 * S);
    expect(overridden.runtime.offerCall(0)).toBe('rejected');
  });

  it('serves the roles it is given, in that order (default: every role by name); an unknown or repeated one throws', () => {
    expect(harness(AGENTS).runtime.roles).toEqual(['AGENT', 'WATCHED']);
    const only = harness(AGENTS, { roles: ['WATCHED'] }).runtime;
    expect(only.roles).toEqual(['WATCHED']);
    expect(only.hasRole('AGENT')).toBe(false);
    expect(() => harness(AGENTS, { roles: ['NOPE'] })).toThrow("role 'NOPE' is not in the compiled configuration");
    expect(() => harness(AGENTS, { roles: ['toString'] })).toThrow(/not in the compiled configuration/);
    expect(() => harness(AGENTS, { roles: ['AGENT', 'AGENT'] })).toThrow("role 'AGENT' is listed twice");
  });
});
