import { describe, expect, it } from 'vitest';
import { SECOND_MS, settings, world } from './helpers.js';

describe('communication session (SPEC §1, browser heartbeat)', () => {
  it('acknowledges a browser ping by recording its timestamp in shared memory', () => {
    const { clock, memory, session } = world();
    const s = session(3, settings());
    s.login();
    clock.tick(25 * SECOND_MS);
    s.receivePing();
    expect(memory.lastBrowserPing(3)).toBe(25 * SECOND_MS);
    s.receivePing(20 * SECOND_MS + 1);
    expect(memory.lastBrowserPing(3)).toBe(20 * SECOND_MS + 1);
  });

  it('login counts as a ping', () => {
    const { clock, memory, session } = world(5000);
    session(0, settings()).login();
    expect(memory.lastBrowserPing(0)).toBe(clock.now());
  });

  it('a logged-off session ignores pings', () => {
    const { clock, memory, session } = world();
    const s = session(1, settings());
    s.receivePing();
    expect(memory.lastBrowserPing(1)).toBeUndefined();
    s.login();
    s.logOff('watchdog');
    clock.tick(SECOND_MS);
    s.receivePing();
    expect(memory.lastBrowserPing(1)).toBeUndefined();
    expect(s.loggedIn).toBe(false);
  });

  it('mode A: an event within heartbeatLag of the last ping is delivered', () => {
    const { clock, recorder, session } = world();
    const s = session(0, settings({ heartbeatLagMs: 150 * SECOND_MS }));
    s.login();
    clock.tick(150 * SECOND_MS);
    expect(s.offerEvent()).toBe('delivered');
    expect(s.loggedIn).toBe(true);
    expect(recorder.logoffs).toEqual([]);
  });

  it("mode A: an event more than heartbeatLag after the last ping is rejected and the agent logged off ('heartbeat-lag')", () => {
    const { clock, recorder, session } = world();
    const s = session(7, settings({ heartbeatLagMs: 150 * SECOND_MS }));
    s.login();
    clock.tick(150 * SECOND_MS + 1);
    expect(s.offerEvent()).toBe('rejected');
    expect(s.loggedIn).toBe(false);
    expect(recorder.logoffs).toEqual([{ agent: 7, reason: 'heartbeat-lag', atMs: 150 * SECOND_MS + 1 }]);
    expect(s.offerEvent()).toBe('not-logged-in');
  });

  it('mode A: a crashed browser costs exactly one rejected event', () => {
    const { clock, session } = world();
    const s = session(0, settings());
    s.login();
    clock.tick(10 * 60 * SECOND_MS);
    expect([s.offerEvent(), s.offerEvent()]).toEqual(['rejected', 'not-logged-in']);
  });

  it('mode B: events are delivered while logged in, however old the last ping (the watchdog checks)', () => {
    const { clock, recorder, session } = world();
    const s = session(0, settings({ watchdogEnabled: true }));
    s.login();
    clock.tick(60 * 60 * SECOND_MS);
    expect(s.offerEvent()).toBe('delivered');
    expect(recorder.logoffs).toEqual([]);
  });

  it('log-off is reported once and clears the agent from shared memory', () => {
    const { memory, recorder, session } = world();
    const s = session(2, settings());
    s.login();
    s.logOff('watchdog');
    s.logOff('heartbeat-lag');
    expect(recorder.logoffs.map((l) => l.reason)).toEqual(['watchdog']);
    expect(memory.lastBrowserPing(2)).toBeUndefined();
  });

  it('tells the browser a CMS status only when it changes', () => {
    const { recorder, session } = world();
    const s = session(4, settings({ watchdogEnabled: true }));
    s.login();
    s.tellCmsStatus('cms1', true);
    s.tellCmsStatus('cms1', false);
    s.tellCmsStatus('cms1', false);
    s.tellCmsStatus('cms2', false);
    s.tellCmsStatus('cms1', true);
    s.tellCmsStatus('cms1', true);
    expect(recorder.told.map((t) => `${t.cms}:${t.available}`)).toEqual(['cms1:false', 'cms2:false', 'cms1:true']);
  });
  it('mode A: the lag is the time since the last ping, also on an epoch clock (an event 100 s after a ping is delivered)', () => {
    const epochMs = 1_764_547_200_000;
    const { clock, recorder, session } = world(epochMs);
    const s = session(0, settings({ heartbeatLagMs: 150 * SECOND_MS }));
    s.login();
    clock.tick(100 * SECOND_MS);
    s.receivePing();
    clock.tick(100 * SECOND_MS);
    expect(s.offerEvent()).toBe('delivered');
    clock.tick(50 * SECOND_MS + 1);
    expect(s.offerEvent()).toBe('rejected');
    expect(recorder.logoffs).toEqual([{ agent: 0, reason: 'heartbeat-lag', atMs: epochMs + 250 * SECOND_MS + 1 }]);
  });

  it('mode A: an event for a session with no acknowledged ping in shared memory is rejected (no ping, no heartbeat)', () => {
    const { memory, recorder, session } = world();
    const s = session(6, settings());
    s.login();
    memory.clearAgent(6);
    expect(s.offerEvent()).toBe('rejected');
    expect(recorder.logoffs.map((l) => l.reason)).toEqual(['heartbeat-lag']);
  });

  it('the browser of a logged-off session is told no CMS status', () => {
    const { recorder, session } = world();
    const s = session(4, settings({ watchdogEnabled: true }));
    s.login();
    s.logOff('watchdog');
    s.tellCmsStatus('cms1', false);
    expect(recorder.told).toEqual([]);
  });
});
