import { describe, expect, it } from 'vitest';
import { oneRole, run } from './sim-helpers.js';

const AGENTS = 1000;
// Pings every 5 s: an event per ping would be 720 events per agent and hour.
const MODE_A = 'browserPingInterval: 5, heartbeatLag: 150';
const MODE_B = 'browserPingInterval: 5, watchdogEnabled: true, watchdogSleepTime: 120, heartbeatWatchdogLag: 150';

function events(profile: string, duration: string, calls = ''): { events: number; callsOffered: number } {
  const r = run(oneRole(profile, `duration: ${duration}\nagents: [ { role: AGENT, count: ${AGENTS} } ]\n${calls}`)).runs[0]!;
  return { events: r.events, callsOffered: r.metrics.callsOffered };
}

describe('simulation cost', () => {
  it('does not grow with simulated time when nothing happens (pings cost no events)', () => {
    const hour = events(MODE_A, '1h').events;
    const tenHours = events(MODE_A, '10h').events;
    expect(hour).toBeLessThan(2 * AGENTS);
    expect(tenHours - hour).toBeLessThan(100);
  });

  it('grows with the watchdog wakes: one event per agent and watchdogSleepTime', () => {
    const wakes = AGENTS * (3_600_000 / 120_000);
    const { events: n } = events(MODE_B, '1h');
    expect(n).toBeGreaterThanOrEqual(wakes - AGENTS);
    expect(n).toBeLessThan(wakes + 2 * AGENTS);
  });

  it('grows with the calls: a few events per call', () => {
    const idle = events(MODE_A, '1h').events;
    const busy = events(MODE_A, '1h', 'calls: { ratePerSecond: 2, handleTime: 3m }');
    expect(busy.callsOffered).toBeGreaterThan(6000);
    expect(busy.events - idle).toBeGreaterThanOrEqual(busy.callsOffered);
    expect(busy.events - idle).toBeLessThanOrEqual(4 * busy.callsOffered);
  });
});
