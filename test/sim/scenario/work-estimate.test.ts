import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configuredRun, count, estimateWork, type WorkEstimate } from '../../../src/sim/scenario/work-estimate.js';
import { MODE_A, MODE_B, MODE_B_CMS, oneRole, run, variantsOf, type Prepared } from '../world/sim-helpers.js';

function estimate(p: Prepared): WorkEstimate {
  return estimateWork(p.scenario, [configuredRun(p.compiled, p.scenario)]);
}

function term(e: WorkEstimate, what: RegExp): number {
  return e.terms.filter((t) => what.test(t.what)).reduce((sum, t) => sum + t.events, 0);
}

const LISTENER = `apiVersion: hbctl/v1
kind: WorkstationListener
metadata: { name: WSL }
spec: { address: "//ws:5120", device: /dev/tcp, keepAlive: both, maxClients: 50 }
---
apiVersion: hbctl/v1
kind: KeepAliveSettings
metadata: { name: default }
spec: { idleTime: 600, probeInterval: 60, probeCount: 3 }
`;

describe('work estimate: each source of events', () => {
  it.each([
    ['watchdog wakes: agents × duration / watchdogSleepTime', MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 500 } ]', /watchdogs/, 500 * 30],
    ['no watchdog in mode A', MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 500 } ]', /watchdogs/, 0],
    ['CMS check: ping, ack and timeout per ping interval', MODE_B_CMS, 'duration: 1h\nagents: [ { role: AGENT, count: 5 } ]', /CMS checks/, 3 * 60],
    ['calls: an arrival and a hang-up per call', MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 50 } ]\ncalls: { ratePerSecond: 2, handleTime: 3m }', /calls/, 2 * 7200],
    ['timeline: one sample per step, both ends included', MODE_A, 'duration: 1h\ntimelineStep: 1s\nagents: [ { role: AGENT, count: 5 } ]', /timeline samples/, 3601],
    ['faults: the hit, its end and a follow-up per victim', MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 100 } ]\nfaults: [ { at: 1m, type: backgroundTab, agents: 10 } ]', /backgroundTab/, 1 + 3 * 10],
    // To the end of the run (10m), one ping in flight per 5 s ack timeout, each with a timeout and a late ack.
    ['a cmsSlow fault: a timeout and a late ack per ack timeout of the slow period', MODE_B_CMS, 'duration: 1h\nagents: [ { role: AGENT, count: 10 } ]\nfaults: [ { at: 50m, type: cmsSlow, cms: cms, duration: 20m, latency: 8s } ]', /cmsSlow/, 1 + 2 * (1 + 120)],
    ['logins: one per agent', MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 700 } ]', /logging in/, 700],
  ])('%s', (_name, profile, spec, what, expected) => {
    expect(term(estimate(oneRole(profile, spec)), what)).toBeCloseTo(expected, 6);
  });

  it('workstations: every client of every listener calls and is probed from both sides', () => {
    const p = oneRole(MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 1 } ]\nworkstations: { clientsPerListener: 20, callInterval: 1m }', [LISTENER]);
    expect(term(estimate(p), /workstation clients/)).toBeCloseTo(20 * (60 + 2 * (6 + 1)), 6);
  });

  it('sums the runs of a comparison, each with its own settings', () => {
    const p = oneRole(MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 100 } ]');
    const variants = variantsOf(p.landscape, p.compiled, p.scenario, [], { watchdogSleepTime: [120_000, 1_000] });
    const e = estimateWork(p.scenario, variants);
    expect(e.runs).toBe(2);
    expect(term(e, /watchdogs/)).toBeCloseTo(100 * 30 + 100 * 3600, 6);
  });

  it('names the field that drives the largest source first', () => {
    const e = estimate(oneRole(MODE_B, 'duration: 1h\nagents: [ { role: AGENT, count: 1000 } ]\ncalls: { ratePerSecond: 1, handleTime: 3m }'));
    expect(e.terms[0]?.path).toEqual(['spec', 'agents', 0, 'count']);
  });

  it('points at timelineStep when the scenario sets it, at duration when the step is the default', () => {
    const set = estimate(oneRole(MODE_A, 'duration: 1h\ntimelineStep: 1s\nagents: [ { role: AGENT, count: 1 } ]'));
    const unset = estimate(oneRole(MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 1 } ]'));
    expect(set.terms.find((t) => /timeline/.test(t.what))?.path).toEqual(['spec', 'timelineStep']);
    expect(unset.terms.find((t) => /timeline/.test(t.what))?.path).toEqual(['spec', 'duration']);
  });

  it('counts the calls left waiting when they arrive faster than the agents answer', () => {
    // 10 agents × 1 call per 100 s = 0.1 answered a second; 10 arrive.
    const e = estimate(oneRole(MODE_A, 'duration: 1h\nagents: [ { role: AGENT, count: 10 } ]\ncalls: { ratePerSecond: 10, handleTime: 100s }'));
    expect(e.waitingCalls).toBeCloseTo((10 - 0.1) * 3600, 6);
  });

  it('grows the report with the timeline samples', () => {
    const small = estimate(oneRole(MODE_A, 'duration: 1h\ntimelineStep: 10s\nagents: [ { role: AGENT, count: 1 } ]'));
    const large = estimate(oneRole(MODE_A, 'duration: 1h\ntimelineStep: 1s\nagents: [ { role: AGENT, count: 1 } ]'));
    expect(large.reportChars - small.reportChars).toBeGreaterThan(50 * (3601 - 361));
  });
});

describe('work estimate against real runs', () => {
  const scenario = fc.record({
    agents: fc.integer({ min: 1, max: 300 }),
    minutes: fc.integer({ min: 1, max: 120 }),
    profile: fc.constantFrom(MODE_A, MODE_B, MODE_B_CMS, 'browserPingInterval: 30, watchdogEnabled: true, watchdogSleepTime: 7, heartbeatWatchdogLag: 150'),
    rate: fc.constantFrom(0, 0.5, 3),
    fault: fc.constantFrom(
      '',
      'browserCrash, agents: 20%, relogin: true',
      'browserFreeze, agents: 30%, duration: 90s',
      'backgroundTab, agents: 50%',
      'cmsSlow, cms: cms, duration: 10m, latency: 8s',
    ),
  });

  it('is never below the events a run takes, nor more than 3× above (plus the logins)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lines = [`duration: ${s.minutes}m`, `agents: [ { role: AGENT, count: ${s.agents} } ]`];
        if (s.rate > 0) lines.push(`calls: { ratePerSecond: ${s.rate}, handleTime: 3m }`);
        if (s.fault !== '' && s.minutes > 1) lines.push(`faults: [ { at: 1m, type: ${s.fault} } ]`);
        const p = oneRole(s.profile, lines.join('\n'));
        const events = run(p).runs[0]?.events ?? 0;
        const e = estimate(p);
        expect(e.events).toBeGreaterThanOrEqual(events);
        expect(e.events).toBeLessThanOrEqual(3 * events + 2 * s.agents + 10);
      }),
      { numRuns: 40, seed: 6 },
    );
  });
});

describe('count (figures in budget messages)', () => {
  it('groups digits by thousands as en-US does, for any whole number below 1e15', () => {
    const wholeNumber = fc.oneof(fc.integer(), fc.integer({ min: -999_999, max: 999_999 }).chain((high) => fc.integer({ min: 0, max: 999_999_999 }).map((low) => high * 1e9 + Math.sign(high || 1) * low)));
    // -0 reads as 0 here; en-US writes it as "-0".
    fc.assert(
      fc.property(wholeNumber, (n) => {
        expect(count(n)).toBe((n === 0 ? 0 : n).toLocaleString('en-US'));
      }),
    );
  });
});
