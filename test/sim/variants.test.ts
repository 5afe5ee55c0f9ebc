import { describe, expect, it } from 'vitest';
import { MODE_A, MODE_B, outcome, prepare, profileYaml, roleYaml, run, scenarioYaml } from './world/sim-helpers.js';

const P = () =>
  prepare(
    profileYaml('DEFAULT', MODE_A),
    profileYaml('WATCHDOG', MODE_B),
    roleYaml('AGENT'),
    roleYaml('OTHER', 'heartbeatProfile: WATCHDOG'),
    scenarioYaml(`duration: 20m
agents: [ { role: AGENT, count: 100 } ]
calls: { ratePerSecond: 1, handleTime: 1m }
faults: [ { at: 5m, type: browserCrash, agents: 10% } ]`),
  );

describe('compared variants', () => {
  it('runs the scenario once "as configured" without --compare or --set', () => {
    const report = run(P());
    expect(report.runs.map((r) => r.label)).toEqual(['as configured']);
    expect(report.runs[0]!.profile).toEqual({ roles: { AGENT: 'DEFAULT' }, overrides: {} });
    expect(report.runs[0]!.settings['AGENT']).toMatchObject({ mode: 'A', heartbeatLagMs: 150_000 });
  });

  it('--compare gives every scenario role the named profile, on the same traffic', () => {
    const report = run(P(), { compare: ['DEFAULT', 'WATCHDOG'] });
    expect(report.runs.map((r) => r.label)).toEqual(['DEFAULT', 'WATCHDOG']);
    expect(report.runs[1]!.profile.roles).toEqual({ AGENT: 'WATCHDOG' });
    expect(report.runs[1]!.settings['AGENT']!.mode).toBe('B');
    expect(report.runs[0]!.metrics.callsOffered).toBe(report.runs[1]!.metrics.callsOffered);
  });

  it('--set runs the cartesian product of the values on top of each profile', () => {
    const report = run(P(), { compare: ['WATCHDOG'], set: { heartbeatWatchdogLag: [60_000, 90_000], watchdogSleepTime: [30_000, 60_000] } });
    expect(report.runs.map((r) => r.label)).toEqual([
      'WATCHDOG heartbeatWatchdogLag=1m watchdogSleepTime=30s',
      'WATCHDOG heartbeatWatchdogLag=1m watchdogSleepTime=1m',
      'WATCHDOG heartbeatWatchdogLag=1m30s watchdogSleepTime=30s',
      'WATCHDOG heartbeatWatchdogLag=1m30s watchdogSleepTime=1m',
    ]);
    expect(report.runs[3]!.profile.overrides).toEqual({ heartbeatWatchdogLagMs: 90_000, watchdogSleepTimeMs: 60_000 });
    expect(report.runs[3]!.settings['AGENT']).toMatchObject({ heartbeatWatchdogLagMs: 90_000, watchdogSleepTimeMs: 60_000 });
    const detection = report.runs.map((r) => r.metrics.detectionMs.max as number);
    expect(detection[0]).toBeLessThan(detection[3] as number);
  });

  it.each([
    [{ compare: ['STRICTT'] }, /no HeartbeatProfile 'STRICTT'/],
    [{ set: { heartbeatLagg: [1000] } }, /did you mean 'heartbeatLag'/],
    [{ set: { watchdogSleepTime: [0] } }, /at least 1s/],
    [{ set: { watchdogEnabled: [2] } }, /true or false/],
    [{ set: { heartbeatLag: [1, 2, 3, 4, 5].map((s) => s * 1000), watchdogSleepTime: [1, 2, 3, 4].map((s) => s * 1000) }, compare: [] }, /at most 16/],
  ])('returns bad variants as a problem value, running nothing: %j', (extra, message) => {
    let progressed = false;
    const result = outcome(P(), { ...extra, onProgress: () => (progressed = true) });
    expect(result).toEqual({ problem: expect.stringMatching(message) });
    expect(progressed).toBe(false);
  });

  it('reports progress over all runs', () => {
    const seen: [number, number][] = [];
    run(P(), { compare: ['DEFAULT', 'WATCHDOG'], onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([2 * 1_200_000, 2 * 1_200_000]);
    expect(seen.every(([d], i) => i === 0 || d >= seen[i - 1]![0])).toBe(true);
  });
});
