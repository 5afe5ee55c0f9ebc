import { describe, expect, it } from 'vitest';
import { oneRole, run } from '../sim-helpers.js';

/**
 * SPEC §5, redirect on no answer: a call offered to a browser that cannot
 * present it rings out, and the CMS puts that agent into "not ready", so a
 * dead browser costs at most one such call. The agent is ready again once its
 * page works (a frozen page thaws, or a new login).
 */

// Detection far beyond the run (logins spread over the first 30 s): only the CMS's own rule stops calls reaching the dead browsers.
const SLOW_WATCHDOG = 'browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 30, heartbeatWatchdogLag: 3600';
const CALLS = 'calls: { ratePerSecond: 2, handleTime: 5s, ringTimeout: 10s, rerouteDelay: 1s';

function crashRun(extraCalls: string) {
  const p = oneRole(
    SLOW_WATCHDOG,
    `duration: 30m\nagents: [ { role: AGENT, count: 20 } ]\n${CALLS}${extraCalls} }\nfaults: [ { at: 1m, type: browserCrash, agents: 5 } ]`,
  );
  return run(p, { seed: 3 }).runs[0]?.metrics;
}

describe('redirect on no answer (calls.notReadyOnNoAnswer)', () => {
  it('by default a crashed browser costs at most one misrouted call', () => {
    const metrics = crashRun('');
    expect(metrics?.callsMisrouted).toBeGreaterThan(0);
    expect(metrics?.callsMisrouted).toBeLessThanOrEqual(5);
  });

  it('with notReadyOnNoAnswer: false the CMS keeps offering calls to the dead browsers', () => {
    const metrics = crashRun(', notReadyOnNoAnswer: false');
    expect(metrics?.callsMisrouted).toBeGreaterThan(50);
  });

  it('a frozen page is ready again when it thaws: it takes calls after the freeze', () => {
    const scenario = (durationMs: string) =>
      `duration: ${durationMs}\nagents: [ { role: AGENT, count: 1 } ]\n${CALLS} }\nfaults: [ { at: 1m, type: browserFreeze, agents: 1, duration: 4m } ]`;
    const untilThaw = run(oneRole(SLOW_WATCHDOG, scenario('5m')), { seed: 5 }).runs[0]?.metrics;
    const afterThaw = run(oneRole(SLOW_WATCHDOG, scenario('10m')), { seed: 5 }).runs[0]?.metrics;
    expect(untilThaw?.callsMisrouted).toBe(1);
    expect(afterThaw?.callsMisrouted).toBe(1);
    // Five more minutes of a working page at 2 calls/s, 5 s each: the one agent answers dozens more.
    expect((afterThaw?.callsDelivered ?? 0) - (untilThaw?.callsDelivered ?? 0)).toBeGreaterThan(20);
  });

  it('an agent whose crashed browser is replaced by a new login takes calls again', () => {
    const p = oneRole(
      SLOW_WATCHDOG,
      `duration: 20m\nagents: [ { role: AGENT, count: 1 } ]\n${CALLS} }\nfaults: [ { at: 1m, type: browserCrash, agents: 1, relogin: true, reloginAfter: 2m } ]`,
    );
    const metrics = run(p, { seed: 7 }).runs[0]?.metrics;
    expect(metrics?.callsMisrouted).toBe(1);
    expect(metrics?.callsDelivered).toBeGreaterThan(100);
  });
});

describe('caller wait added (callerWaitAddedMs)', () => {
  it('books a reroute still under way at the end for the time it has taken, not its whole ring and reroute time', () => {
    const p = oneRole(
      SLOW_WATCHDOG,
      'duration: 90s\nagents: [ { role: AGENT, count: 1 } ]\ncalls: { ratePerSecond: 2, handleTime: 1s, ringTimeout: 60s, rerouteDelay: 1s }\n' +
        'faults: [ { at: 1m, type: browserFreeze, agents: 1, duration: 10m } ]',
    );
    const metrics = run(p, { seed: 5 }).runs[0]?.metrics;
    expect(metrics?.callsMisrouted).toBe(1);
    // The call rang out on the frozen page at 1m or later: at most 30 s of its 61 s had passed by the end.
    expect(metrics?.callerWaitAddedMs).toBeGreaterThan(0);
    expect(metrics?.callerWaitAddedMs).toBeLessThanOrEqual(30_000);
  });

  it('books a finished reroute in full', () => {
    const p = oneRole(
      SLOW_WATCHDOG,
      'duration: 5m\nagents: [ { role: AGENT, count: 1 } ]\ncalls: { ratePerSecond: 2, handleTime: 1s, ringTimeout: 60s, rerouteDelay: 1s }\n' +
        'faults: [ { at: 1m, type: browserFreeze, agents: 1, duration: 10m } ]',
    );
    const metrics = run(p, { seed: 5 }).runs[0]?.metrics;
    expect(metrics?.callsMisrouted).toBe(1);
    expect(metrics?.callerWaitAddedMs).toBe(61_000);
  });
});
