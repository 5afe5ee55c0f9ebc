import { describe, expect, it } from 'vitest';
import { MODE_B, oneRole, run } from './sim-helpers.js';

const LAG_MS = 150_000;
const SLEEP_MS = 120_000;

describe('mode B (heartbeat and watchdog)', () => {
  it('logs every crashed browser off within heartbeatWatchdogLag + watchdogSleepTime of its last acknowledged ping, not before heartbeatWatchdogLag', () => {
    const p = oneRole(
      MODE_B,
      `duration: 1h
agents: [ { role: AGENT, count: 400 } ]
calls: { ratePerSecond: 1, handleTime: 2m }
network: { latency: 40ms, jitter: 30ms, loss: 0.01 }
faults:
  - { at: 10m, type: browserCrash, agents: 10% }
  - { at: 31m17s, type: browserCrash, agents: 25 }`,
    );
    const logoffs: { atMs: number; lastPingMs: number; trueLogoff: boolean }[] = [];
    const report = run(p, { trace: () => ({ loggedOff: (e) => logoffs.push(e) }) });
    const r = report.runs[0]!;
    const m = r.metrics;
    expect(m.trueLogoffs).toBeGreaterThan(50);
    // Every crashed browser, not just some: none of the hit agents is still logged in at the end.
    expect(r.faults.map((f) => [f.affected, f.stillLoggedIn])).toEqual([
      [40, 0],
      [25, 0],
    ]);
    const crashed = logoffs.filter((l) => l.trueLogoff);
    expect(crashed).toHaveLength(m.trueLogoffs);
    for (const l of crashed) {
      const silentMs = l.atMs - l.lastPingMs;
      expect(silentMs).toBeGreaterThan(LAG_MS);
      expect(silentMs).toBeLessThanOrEqual(LAG_MS + SLEEP_MS);
    }
  });

  it('logs nobody off with no faults and no loss', () => {
    const p = oneRole(
      MODE_B,
      `duration: 2h
agents: [ { role: AGENT, count: 1000 } ]
calls: { ratePerSecond: 3, handleTime: 3m }
network: { latency: 200ms, jitter: 150ms, loss: 0 }`,
    );
    const m = run(p).runs[0]!.metrics;
    expect(m.trueLogoffs + m.falseLogoffs).toBe(0);
    expect(m.callsMisrouted + m.callsRejected).toBe(0);
  });

  it('counts a frozen browser that is logged off as a false log-off, and the agent logs in again', () => {
    const p = oneRole(
      MODE_B,
      `duration: 30m
agents: [ { role: AGENT, count: 50 } ]
reloginAfterFalseLogoff: 1m
faults:
  - { at: 5m, type: browserFreeze, agents: 10, duration: 8m }`,
    );
    const r = run(p).runs[0]!;
    expect(r.metrics.falseLogoffs).toBe(10);
    expect(r.metrics.trueLogoffs).toBe(0);
    expect(r.faults[0]).toMatchObject({ affected: 10, loggedOff: 10, stillLoggedIn: 10 });
    expect(r.timeline.agentsLoggedIn.at(-1)).toBe(50);
  });
});
