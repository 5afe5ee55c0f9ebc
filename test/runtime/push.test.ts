import { describe, expect, it } from 'vitest';
import { harness, MODE_A, MODE_B, S, type ConfigSpec } from './harness.js';

const TIMER_MS = 60 * S;
const CLEANUP_MS = 150 * S;
const SPEC: ConfigSpec = {
  roles: {
    AGENT: { values: MODE_A, configuration: 'PUSH' },
    SUPERVISOR: { values: MODE_B, configuration: 'PUSH' },
    OTHER: { values: MODE_A, configuration: 'OTHER PUSH' },
    PLAIN: { values: MODE_A, configuration: 'NO PUSH' },
    NONE: { values: MODE_A },
  },
  push: { PUSH: { pushKeepAliveTimerMs: TIMER_MS, channelCleanupTimerMs: CLEANUP_MS }, 'OTHER PUSH': { pushKeepAliveTimerMs: TIMER_MS, channelCleanupTimerMs: CLEANUP_MS }, 'NO PUSH': null },
};

function started(spec: ConfigSpec = SPEC, roles?: string[]) {
  const h = harness(spec, roles === undefined ? {} : { roles });
  h.runtime.start();
  return h;
}

describe('Runtime: push keep-alive drivers and channels (SPEC §1, Push Keep Alive)', () => {
  it('one driver per communications configuration that has one, shared by its roles; only the served roles count', () => {
    expect(started().runtime.pushDrivers).toBe(2);
    expect(started(SPEC, ['AGENT', 'SUPERVISOR', 'PLAIN', 'NONE']).runtime.pushDrivers).toBe(1);
    expect(started(SPEC, ['PLAIN', 'NONE']).runtime.pushDrivers).toBe(0);
  });

  it('each tick sends one heartbeat to the server (agent −1) and one per open channel; a login opens one channel per browser', () => {
    const h = started(SPEC, ['AGENT', 'SUPERVISOR', 'PLAIN']);
    h.runtime.login(0, 'AGENT');
    h.runtime.login(1, 'SUPERVISOR');
    h.runtime.login(2, 'PLAIN');
    h.runtime.login(0, 'AGENT');
    expect(h.runtime.openChannels('PUSH')).toBe(2);
    expect(h.runtime.openChannels('NO PUSH')).toBe(0);
    h.clock.advance(TIMER_MS);
    expect(h.recorder.of('keepAlive').map((e) => [e.configuration, e.agent, e.atMs])).toEqual([
      ['PUSH', -1, TIMER_MS],
      ['PUSH', 0, TIMER_MS],
      ['PUSH', 1, TIMER_MS],
    ]);
    h.clock.advance(10 * TIMER_MS);
    expect(h.recorder.of('keepAlive')).toHaveLength(11 * 3);
    expect(h.recorder.of('cleaned')).toEqual([]);
  });

  it('nothing ticks before start()', () => {
    const h = harness(SPEC);
    h.runtime.login(0, 'AGENT');
    h.clock.advance(10 * TIMER_MS);
    expect(h.recorder.of('keepAlive')).toEqual([]);
  });

  it('an abandoned channel (crashed browser) is cleaned within [cleanup, cleanup + timer] of its last activity; the next login opens a new one', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.clock.advance(TIMER_MS);
    const lastActivityMs = h.clock.now();
    h.clock.advance(1);
    h.runtime.channelAbandoned(0);
    h.runtime.channelActivity(0);
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    const cleaned = h.recorder.of('cleaned');
    expect(cleaned).toHaveLength(1);
    expect(cleaned[0]).toMatchObject({ agent: 0, configuration: 'PUSH' });
    expect(cleaned[0]!.atMs - lastActivityMs).toBeGreaterThanOrEqual(CLEANUP_MS);
    expect(cleaned[0]!.atMs - lastActivityMs).toBeLessThanOrEqual(CLEANUP_MS + TIMER_MS);
    expect(h.runtime.openChannels('PUSH')).toBe(0);
    h.runtime.login(0, 'AGENT');
    expect(h.runtime.openChannels('PUSH')).toBe(1);
  });

  it('a login after a crash opens a new channel while the abandoned one waits for cleanup (both counted until then)', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.channelAbandoned(0);
    h.runtime.login(0, 'AGENT');
    expect(h.runtime.openChannels('PUSH')).toBe(2);
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(h.recorder.of('cleaned')).toHaveLength(1);
    expect(h.runtime.openChannels('PUSH')).toBe(1);
    h.clock.advance(10 * TIMER_MS);
    expect(h.recorder.of('cleaned')).toHaveLength(1);
  });

  it('a stalled channel (frozen page) is cleaned unless the browser answers again in time', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.login(1, 'AGENT');
    h.runtime.channelStalled(0);
    h.runtime.channelStalled(1);
    h.clock.advance(TIMER_MS);
    h.runtime.channelActivity(1);
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(h.recorder.of('cleaned').map((e) => e.agent)).toEqual([0]);
  });

  it('a stalled browser that answers again keeps its channel; once the channel was cleaned meanwhile it opens a new one (SPEC §5: a thawed browser is back)', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.login(1, 'AGENT');
    h.runtime.channelStalled(0);
    h.runtime.channelStalled(1);
    h.clock.advance(TIMER_MS);
    h.runtime.channelResumed(1);
    expect(h.runtime.openChannels('PUSH')).toBe(2);
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(h.recorder.of('cleaned').map((e) => e.agent)).toEqual([0]);
    expect(h.runtime.openChannels('PUSH')).toBe(1);
    h.runtime.channelResumed(0);
    expect(h.runtime.openChannels('PUSH')).toBe(2);
    const before = h.recorder.of('keepAlive').length;
    h.clock.advance(TIMER_MS);
    // The new channel gets the next tick's heartbeat like any open channel.
    expect(h.recorder.of('keepAlive').slice(before).filter((e) => e.configuration === 'PUSH').map((e) => e.agent).sort()).toEqual([-1, 0, 1]);
    h.clock.advance(10 * TIMER_MS);
    expect(h.recorder.of('cleaned')).toHaveLength(1);
  });

  it('a resumed browser opens nothing when its agent is logged off, crashed (abandoned channel) or its role has no push driver', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.login(1, 'AGENT');
    h.runtime.login(2, 'PLAIN');
    h.runtime.login(3, 'NONE');
    h.runtime.channelStalled(0);
    h.runtime.channelAbandoned(1);
    h.clock.advance(CLEANUP_MS + 2 * TIMER_MS);
    expect(h.runtime.openChannels('PUSH')).toBe(0);
    h.runtime.logoff(0, 'client');
    for (const agent of [0, 1, 2, 3, 4, 100_000]) h.runtime.channelResumed(agent);
    expect([h.runtime.openChannels('PUSH'), h.runtime.openChannels('NO PUSH')]).toEqual([0, 0]);
  });

  it('channel events for an agent without a channel change nothing', () => {
    const h = started();
    for (const agent of [0, 5, 100_000]) {
      h.runtime.channelActivity(agent);
      h.runtime.channelStalled(agent);
      h.runtime.channelAbandoned(agent);
    }
    h.runtime.login(3, 'NONE');
    h.runtime.channelAbandoned(3);
    h.clock.advance(5 * TIMER_MS);
    expect(h.recorder.of('cleaned')).toEqual([]);
    expect(h.recorder.of('keepAlive').every((e) => e.agent === -1)).toBe(true);
  });

  it.each(['client', 'shutdown', 'replaced'] as const)('a log-off by the driver (%s) closes the channel cleanly: no more heartbeats, not counted as cleaned', (reason) => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.logoff(0, reason);
    expect(h.runtime.openChannels('PUSH')).toBe(0);
    h.clock.advance(5 * TIMER_MS);
    expect(h.recorder.of('keepAlive').filter((e) => e.agent === 0)).toEqual([]);
    expect(h.recorder.of('cleaned')).toEqual([]);
  });

  it('an engine log-off (heartbeat-lag) leaves the channel to its browser: it keeps answering', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.clock.advance(200 * S);
    expect(h.runtime.offerCall(0)).toBe('rejected');
    expect(h.runtime.openChannels('PUSH')).toBe(1);
    h.clock.advance(10 * TIMER_MS);
    expect(h.recorder.of('cleaned')).toEqual([]);
  });

  it('a login with a role on another configuration moves the channel: the old closes, a new opens on the other driver', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.login(0, 'OTHER');
    expect([h.runtime.openChannels('PUSH'), h.runtime.openChannels('OTHER PUSH')]).toEqual([0, 1]);
    h.runtime.login(0, 'NONE');
    expect([h.runtime.openChannels('PUSH'), h.runtime.openChannels('OTHER PUSH')]).toEqual([0, 0]);
    h.runtime.login(0, 'OTHER');
    h.runtime.channelAbandoned(0);
    // The replaced session's channel is closed by the server, abandoned or not.
    h.runtime.login(0, 'SUPERVISOR');
    expect([h.runtime.openChannels('PUSH'), h.runtime.openChannels('OTHER PUSH')]).toEqual([1, 0]);
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(h.recorder.of('cleaned')).toEqual([]);
  });

  it('a channel cleaned after its agent opened a new one is reported for the agent, and the new channel stays', () => {
    const h = started();
    h.runtime.login(0, 'AGENT');
    h.runtime.channelAbandoned(0);
    h.runtime.login(0, 'AGENT');
    h.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(h.recorder.of('cleaned').map((e) => e.agent)).toEqual([0]);
    h.runtime.logoff(0, 'client');
    expect(h.runtime.openChannels('PUSH')).toBe(0);
  });

  it('without a keepAliveSent listener the drivers still tick and clean', () => {
    const events: number[] = [];
    const bare = harness(SPEC, { listener: { loggedOff() {}, cmsStatusToBrowser() {}, channelCleaned: (agent) => void events.push(agent) } });
    bare.runtime.start();
    bare.runtime.login(4, 'AGENT');
    bare.runtime.channelAbandoned(4);
    bare.clock.advance(CLEANUP_MS + TIMER_MS);
    expect(events).toEqual([4]);
    expect(bare.runtime.openChannels('PUSH')).toBe(0);
  });
});
