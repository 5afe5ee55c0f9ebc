import { describe, expect, it } from 'vitest';
import { oneRole, run } from './sim-helpers.js';

const watchdog = (lagS: number) => `browserPingInterval: 20, watchdogEnabled: true, watchdogSleepTime: 30, heartbeatWatchdogLag: ${lagS}`;

describe('faults', () => {
  it('backgroundTab: pings throttled to one a minute log agents off falsely when the lag cannot absorb the gap (HB214), not when it can', () => {
    const scenario = `duration: 40m
agents: [ { role: AGENT, count: 200 } ]
faults: [ { at: 2m, type: backgroundTab, agents: 50, duration: 30m } ]`;
    const tight = run(oneRole(watchdog(45), scenario)).runs[0]!;
    const loose = run(oneRole(watchdog(75), scenario)).runs[0]!;
    // Whether a watchdog wake falls into the gap depends on its phase against the throttled pings.
    const hit = tight.faults[0]!;
    expect(hit.affected).toBe(50);
    expect(hit.loggedOff).toBeGreaterThan(10);
    expect(tight.metrics.falseLogoffs).toBeGreaterThanOrEqual(hit.loggedOff);
    expect(tight.metrics.trueLogoffs).toBe(0);
    expect(loose.metrics.falseLogoffs).toBe(0);
    // Nobody is logged off before the tab has been hidden for 5 minutes.
    const early: number[] = [];
    run(oneRole(watchdog(45), scenario), { trace: () => ({ loggedOff: (e) => e.atMs < 7 * 60_000 && early.push(e.atMs) }) });
    expect(early).toEqual([]);
  });

  it('networkDelay: pings delayed beyond the lag log live agents off (false log-offs), shorter delays do not', () => {
    const scenario = (latency: string) => `duration: 30m
agents: [ { role: AGENT, count: 100 } ]
faults: [ { at: 10m, type: networkDelay, duration: 3m, latency: ${latency} } ]`;
    const long = run(oneRole(watchdog(60), scenario('60s'))).runs[0]!;
    const short = run(oneRole(watchdog(60), scenario('20s'))).runs[0]!;
    expect(long.metrics.falseLogoffs).toBe(100);
    expect(long.faults[0]).toMatchObject({ type: 'networkDelay', affected: 100, loggedOff: 100 });
    expect(short.metrics.falseLogoffs).toBe(0);
  });

  it('a second crash wave hits only browsers still alive (regression: dead browsers were drawn and counted again)', () => {
    const r = run(
      oneRole(
        watchdog(60),
        `duration: 20m
agents: [ { role: AGENT, count: 40 } ]
faults:
  - { at: 2m, type: browserCrash, agents: 30 }
  - { at: 5m, type: browserFreeze, agents: 5, duration: 1m }
  - { at: 5m30s, type: browserCrash, agents: 40 }`,
      ),
    ).runs[0]!;
    expect(r.faults.map((f) => f.affected)).toEqual([30, 5, 5]);
    expect(r.metrics.trueLogoffs).toBe(35);
  });

  it('a log-off after a crashed browser was replaced is not counted for the crash (regression: the crash window never ended)', () => {
    const r = run(
      oneRole(
        watchdog(60),
        `duration: 30m
agents: [ { role: AGENT, count: 100 } ]
faults:
  - { at: 2m, type: browserCrash, agents: 10, relogin: true, reloginAfter: 3m }
  - { at: 15m, type: networkDelay, duration: 3m, latency: 60s }`,
      ),
    ).runs[0]!;
    expect(r.metrics.trueLogoffs).toBe(10);
    expect(r.metrics.falseLogoffs).toBe(100);
    expect(r.faults.map((f) => f.loggedOff)).toEqual([10, 100]);
  });

  it('browserCrash with relogin: the agent is back after reloginAfter with a new browser', () => {
    const r = run(
      oneRole(
        watchdog(60),
        `duration: 30m
agents: [ { role: AGENT, count: 40 } ]
faults: [ { at: 5m, type: browserCrash, agents: 10, relogin: true, reloginAfter: 4m } ]`,
      ),
    ).runs[0]!;
    expect(r.metrics.trueLogoffs).toBe(10);
    expect(r.faults[0]).toMatchObject({ affected: 10, loggedOff: 10, stillLoggedIn: 10 });
    const at = (ms: number) => r.timeline.timesMs.indexOf(ms);
    expect(r.timeline.browsersAlive[at(6 * 60_000)]).toBe(30);
    expect(r.timeline.browsersAlive[at(10 * 60_000)]).toBe(40);
    expect(r.timeline.agentsLoggedIn.at(-1)).toBe(40);
  });
});

describe('report shape', () => {
  it('fills every metric, one outcome per fault in order, and a timeline sampled every timelineStep from 0 to the end', () => {
    const report = run(
      oneRole(
        watchdog(60),
        `duration: 10m
timelineStep: 30s
agents: [ { role: AGENT, count: 20 } ]
calls: { ratePerSecond: 0.5, handleTime: 1m }
faults:
  - { at: 2m, type: browserFreeze, agents: 2, duration: 1m }
  - { at: 1m, type: browserCrash, agents: 2 }`,
      ),
    );
    expect(report).toMatchObject({ scenario: 'test', seed: 1, durationMs: 600_000, agents: 20 });
    const r = report.runs[0]!;
    expect(Object.keys(r.metrics).sort()).toEqual(
      [
        'callsOffered', 'callsDelivered', 'callsMisrouted', 'callsRejected', 'callsUnanswered', 'callerWaitAddedMs',
        'trueLogoffs', 'falseLogoffs', 'detectionMs', 'cmsPings', 'cmsOutageDetectionMs', 'agentsToldOfCmsOutage',
        'keepAliveMessages', 'channelsCleaned', 'workstationEntriesCleaned', 'workstationConnectsRefused', 'tpesystemFailures',
      ].sort(),
    );
    expect(r.metrics.callsDelivered + r.metrics.callsUnanswered).toBe(r.metrics.callsOffered);
    expect(r.faults.map((f) => [f.index, f.type, f.atMs])).toEqual([
      [0, 'browserFreeze', 120_000],
      [1, 'browserCrash', 60_000],
    ]);
    const tl = r.timeline;
    expect(tl.stepMs).toBe(30_000);
    expect(tl.timesMs).toEqual(Array.from({ length: 21 }, (_, i) => i * 30_000));
    for (const series of [tl.agentsLoggedIn, tl.browsersAlive, tl.callsMisrouted, tl.callsRejected, ...Object.values(tl.cmsAvailable)]) {
      expect(series).toHaveLength(21);
    }
    expect(tl.callsMisrouted.reduce((a, b) => a + b, 0)).toBe(r.metrics.callsMisrouted);
    expect(r.events).toBeGreaterThan(0);
  });
});
