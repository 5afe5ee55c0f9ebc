import { describe, expect, it } from 'vitest';
import { MODE_A, MODE_B, oneRole, run } from './sim-helpers.js';

const LAG_MS = 150_000;
const SCENARIO = `duration: 1h
agents: [ { role: AGENT, count: 300 } ]
calls: { ratePerSecond: 3, handleTime: 1m }
network: { latency: 0ms, jitter: 0ms }
faults:
  - { at: 10m, type: browserCrash, agents: 10% }
  - { at: 30m, type: browserCrash, agents: 10% }`;

interface Offer {
  atMs: number;
  result: string;
  browserCanPresent: boolean;
  deadSinceMs: number | null;
  lastPingMs: number;
}

describe('mode A (heartbeat without watchdog)', () => {
  it('never delivers a call to a browser silent for longer than heartbeatLag; one dead for less may get it (misrouted)', () => {
    const offers: Offer[] = [];
    const report = run(oneRole(MODE_A, SCENARIO), { trace: () => ({ callOffered: (e) => offers.push(e) }) });
    const toDead = offers.filter((o) => o.deadSinceMs !== null);
    expect(toDead.length).toBeGreaterThan(0);
    for (const o of toDead) {
      if (o.result === 'delivered') expect(o.atMs - o.lastPingMs).toBeLessThanOrEqual(LAG_MS);
      else expect(o.atMs - o.lastPingMs).toBeGreaterThan(LAG_MS);
    }
    const misrouted = toDead.filter((o) => o.result === 'delivered');
    expect(misrouted.length).toBeGreaterThan(0);
    expect(misrouted.every((o) => o.atMs - (o.deadSinceMs as number) <= LAG_MS)).toBe(true);
    const m = report.runs[0]!.metrics;
    expect(m.callsMisrouted).toBe(misrouted.length);
    // Each crashed agent is found by exactly one rejected call.
    expect(m.callsRejected).toBe(m.trueLogoffs);
  });

  it('B wastes fewer calls on dead browsers than A (same seed, same traffic, same lag), rejects none, and detects sooner', () => {
    // One call per agent every 25 minutes: mode A finds a dead browser only when a call comes.
    const quiet = SCENARIO.replace('ratePerSecond: 3', 'ratePerSecond: 0.2');
    const a = run(oneRole(MODE_A, quiet)).runs[0]!.metrics;
    const b = run(oneRole(MODE_B, quiet)).runs[0]!.metrics;
    expect(b.callsOffered).toBe(a.callsOffered);
    expect(b.callsRejected).toBe(0);
    expect(b.callsMisrouted + b.callsRejected).toBeLessThan(a.callsMisrouted + a.callsRejected);
    expect(b.detectionMs.max as number).toBeLessThan(a.detectionMs.max as number);
  });

  it('rejected calls are rerouted with rerouteDelay added to the caller wait; misrouted ones with ringTimeout + rerouteDelay', () => {
    const report = run(oneRole(MODE_A, SCENARIO.replace('handleTime: 1m', 'handleTime: 1m, ringTimeout: 15s, rerouteDelay: 3s')));
    const m = report.runs[0]!.metrics;
    expect(m.callerWaitAddedMs).toBe(m.callsRejected * 3_000 + m.callsMisrouted * 18_000);
    expect(m.callsDelivered + m.callsUnanswered).toBe(m.callsOffered);
  });
});
