import { describe, expect, it } from 'vitest';
import { KeepAliveProber } from '../../src/engine/keepalive-prober.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { SECOND_MS } from './helpers.js';

const timing = { idleTimeMs: 300 * SECOND_MS, probeIntervalMs: 30 * SECOND_MS, probeCount: 4 };
const deadAfterMs = timing.idleTimeMs + timing.probeCount * timing.probeIntervalMs;

/**
 * One prober on a connection whose peer answers a probe only while `answering`
 * is set. Records when each probe was sent (in seconds) and when the peer was
 * declared dead.
 */
function connection() {
  const clock = new VirtualClock();
  const state = { lastTrafficMs: 0, answering: false };
  const probesS: number[] = [];
  const deadAtMs: number[] = [];
  const prober = new KeepAliveProber(
    clock,
    timing,
    () => state.lastTrafficMs,
    () => {
      probesS.push(clock.now() / SECOND_MS);
      return state.answering;
    },
    () => deadAtMs.push(clock.now()),
  );
  const trafficAt = (atMs: number): void => {
    clock.schedule(atMs - clock.now(), () => {
      state.lastTrafficMs = clock.now();
    });
  };
  return { clock, state, probesS, deadAtMs, prober, trafficAt };
}

describe('keep-alive prober (SPEC §1, -K probe timing)', () => {
  it('probes idleTime after the connection went quiet, then every probeInterval, and declares the peer dead after probeCount unanswered probes', () => {
    const c = connection();
    c.clock.runUntil(3600 * SECOND_MS);
    expect(c.probesS).toEqual([300, 330, 360, 390]);
    expect(c.deadAtMs).toEqual([deadAfterMs]);
  });

  it('traffic during a probe burst means the peer is back: the idle time starts over from that traffic', () => {
    const c = connection();
    c.trafficAt(340 * SECOND_MS);
    c.clock.runUntil(3600 * SECOND_MS);
    // Two probes went unanswered (300 s, 330 s); the traffic at 340 s restarts the count from zero.
    expect(c.probesS).toEqual([300, 330, 640, 670, 700, 730]);
    expect(c.deadAtMs).toEqual([340 * SECOND_MS + deadAfterMs]);
  });

  it('traffic in the same millisecond as the first unanswered probe, after it, also starts over', () => {
    const c = connection();
    // Scheduled after the prober's own timer, so it runs just after the probe at 300 s.
    c.trafficAt(timing.idleTimeMs);
    c.clock.runUntil(3600 * SECOND_MS);
    expect(c.probesS).toEqual([300, 600, 630, 660, 690]);
    expect(c.deadAtMs).toEqual([timing.idleTimeMs + deadAfterMs]);
  });

  it('an answered probe restarts the idle time from the answer', () => {
    const c = connection();
    c.state.answering = true;
    c.clock.schedule(301 * SECOND_MS, () => {
      c.state.answering = false;
    });
    c.clock.runUntil(3600 * SECOND_MS);
    expect(c.probesS).toEqual([300, 600, 630, 660, 690]);
    expect(c.deadAtMs).toEqual([300 * SECOND_MS + deadAfterMs]);
  });

  it('stop() ends the probing: no probe, no verdict, no timer left', () => {
    const c = connection();
    c.clock.runUntil(310 * SECOND_MS);
    c.prober.stop();
    c.clock.runUntil(3600 * SECOND_MS);
    expect(c.probesS).toEqual([300]);
    expect(c.deadAtMs).toEqual([]);
    expect(c.clock.pending).toBe(0);
  });
});
