import { describe, expect, it } from 'vitest';
import { MODE_B, oneRole, run } from '../sim-helpers.js';

/**
 * Calls arrive as a Poisson stream: over T seconds at λ calls/s the CMS is
 * offered about λ·T calls, whatever the rate. The count has a standard
 * deviation of √(λT), so 1% is more than 3σ for every row below.
 */
describe('call arrivals (a Poisson stream of calls.ratePerSecond)', () => {
  it.each([
    { ratePerSecond: 5, seconds: 20_000 },
    { ratePerSecond: 500, seconds: 200 },
    { ratePerSecond: 2_000, seconds: 50 },
    { ratePerSecond: 10_000, seconds: 10 },
  ])('offers about $ratePerSecond × $seconds calls at $ratePerSecond calls/s', ({ ratePerSecond, seconds }) => {
    const p = oneRole(MODE_B, `duration: ${seconds}s\nagents: [ { role: AGENT, count: 100 } ]\ncalls: { ratePerSecond: ${ratePerSecond}, handleTime: 1s, ringTimeout: 1s }`);
    const expected = ratePerSecond * seconds;
    const offered = run(p, { seed: 11 }).runs[0]?.metrics.callsOffered ?? 0;
    expect(Math.abs(offered - expected) / expected, `${offered} calls offered, ${expected} expected`).toBeLessThan(0.01);
  });
});
