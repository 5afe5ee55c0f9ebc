import { describe, expect, it } from 'vitest';
import { serializeReport } from '../../src/sim/simulate.js';
import { MODE_B_CMS, oneRole, run } from './world/sim-helpers.js';

const SCENARIO = `duration: 30m
seed: 42
agents: [ { role: AGENT, count: 300 } ]
calls: { ratePerSecond: 1, handleTime: 2m }
network: { latency: 40ms, jitter: 20ms, loss: 0.01 }
faults:
  - { at: 5m, type: browserCrash, agents: 5% }
  - { at: 8m, type: browserFreeze, agents: 4, duration: 3m }
  - { at: 10m, type: networkDelay, duration: 2m, latency: 3s }
  - { at: 15m, type: cmsOutage, duration: 4m }
  - { at: 20m, type: backgroundTab, agents: 10%, duration: 8m }`;

function arrivals(scenario: string, seed?: number): number[] {
  const times: number[] = [];
  run(oneRole(MODE_B_CMS, scenario), { ...(seed === undefined ? {} : { seed }), trace: () => ({ callArrived: (e) => times.push(e.atMs, e.handleMs) }) });
  return times;
}

describe('determinism', () => {
  it('gives a byte-identical JSON report for the same seed, within one simulate() call and across two', () => {
    const p = oneRole(MODE_B_CMS, SCENARIO);
    const first = serializeReport(run(p, { compare: ['DEFAULT', 'DEFAULT'] }));
    const second = serializeReport(run(oneRole(MODE_B_CMS, SCENARIO), { compare: ['DEFAULT', 'DEFAULT'] }));
    expect(second).toBe(first);
    const report = JSON.parse(first) as { runs: { metrics: unknown }[] };
    expect(report.runs[1]!.metrics).toEqual(report.runs[0]!.metrics);
    expect(first.endsWith('}\n')).toBe(true);
  });

  it('gives different traffic for a different seed (--seed overrides the scenario seed)', () => {
    const a = run(oneRole(MODE_B_CMS, SCENARIO));
    const b = run(oneRole(MODE_B_CMS, SCENARIO), { seed: 43 });
    expect(a.seed).toBe(42);
    expect(b.seed).toBe(43);
    expect(arrivals(SCENARIO, 43)).not.toEqual(arrivals(SCENARIO));
    expect(serializeReport(b)).not.toBe(serializeReport(a));
  });

  it('does not change the call arrivals or handle times when a fault is added (each component has its own sub-seed)', () => {
    const withoutFaults = SCENARIO.slice(0, SCENARIO.indexOf('faults:'));
    const extraFault = `${SCENARIO}\n  - { at: 12m, type: browserCrash, agents: 20% }`;
    const base = arrivals(withoutFaults);
    expect(base.length).toBeGreaterThan(1000);
    expect(arrivals(SCENARIO)).toEqual(base);
    expect(arrivals(extraFault)).toEqual(base);
  });

  it('hits the same agents with a fault whatever faults come after it', () => {
    const crashed = (scenario: string): number[] => {
      const agents: number[] = [];
      run(oneRole(MODE_B_CMS, scenario), { trace: () => ({ loggedOff: (e) => e.trueLogoff && e.atMs < 12 * 60_000 && agents.push(e.agent) }) });
      return agents.sort((x, y) => x - y);
    };
    expect(crashed(`${SCENARIO}\n  - { at: 25m, type: browserCrash, agents: 50% }`)).toEqual(crashed(SCENARIO));
  });
});
