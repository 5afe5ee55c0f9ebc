import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawVictims } from '../../../src/cli/commands/browsers-faults.js';
import { Random, sampleIndices, subSeed } from '../../../src/sim/world/random.js';
import { ConnectGate } from '../../../src/supervisor/browsers/connect-gate.js';
import { PingTracker } from '../../../src/supervisor/browsers/ping-tracker.js';
import {
  FleetStats,
  LatencyHistogram,
  MAX_BROWSERS,
  agentId,
  agentSocketUrl,
  backoffDelayMs,
  browserCapacity,
  planRoles,
  prefixProblem,
} from '../../../src/supervisor/browsers/index.js';

describe('the agent WebSocket address is derived from the supervisor address', () => {
  it.each([
    ['http://127.0.0.1:7480', 'ws://127.0.0.1:7480/agent'],
    ['http://127.0.0.1:7480/', 'ws://127.0.0.1:7480/agent'],
    ['https://sup.example:8443', 'wss://sup.example:8443/agent'],
    ['http://lb.example/hb', 'ws://lb.example/hb/agent'],
    ['http://[::1]:7480', 'ws://[::1]:7480/agent'],
  ])('%s → %s', (http, ws) => {
    expect(agentSocketUrl(http)).toBe(ws);
  });

  it.each(['ws://127.0.0.1:7480', 'ftp://x', '127.0.0.1:7480', 'http://u:p@host', 'http://host/?token=x', 'http://host/#a', ''])('refuses %j', (text) => {
    expect(agentSocketUrl(text)).toBeNull();
  });
});

describe('--role: ROLE or ROLE:COUNT', () => {
  it.each([
    [[], 3, ['IC_AGENT', 'IC_AGENT', 'IC_AGENT']],
    [['A'], 2, ['A', 'A']],
    [['A:1', 'B:2'], 3, ['A', 'B', 'B']],
    [['A:1', 'B'], 3, ['A', 'B', 'B']],
    [['B', 'A:1'], 3, ['B', 'B', 'A']],
    [['A:0', 'B'], 2, ['B', 'B']],
  ])('%j of %d browsers', (values, count, roles) => {
    expect(planRoles(values, count, 'IC_AGENT')).toEqual({ ok: true, roles });
  });

  it('always gives exactly --count roles when it accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 200 }), (counts, n) => {
        const values = counts.map((c, i) => (c === null ? `R${i}` : `R${i}:${c}`));
        const plan = planRoles(values, n, 'X');
        if (plan.ok) {
          expect(plan.roles).toHaveLength(n);
        }
      }),
    );
  });

  it('numbers agents from 0001 with the prefix and checks the longest id', () => {
    expect(agentId('agent-', 0)).toBe('agent-0001');
    expect(agentId('b', 12344)).toBe('b12345');
    expect(prefixProblem('agent-', 20_000)).toBeNull();
    expect(prefixProblem('x'.repeat(61), 10)).toMatch(/must be 1-64 characters/);
    expect(prefixProblem('a/b', 1)).toMatch(/--prefix a\/b/);
  });
});

describe('bounded work and memory', () => {
  it('caps the browsers at the open-file limit minus descriptors in use and a reserve, and at 20,000', () => {
    expect(browserCapacity(null, 10)).toBe(MAX_BROWSERS);
    expect(browserCapacity(20_000, 20)).toBe(19_948);
    expect(browserCapacity(1_048_576, 20)).toBe(20_000);
    expect(browserCapacity(40, 20)).toBe(0);
  });

  it('reads ack latency quantiles back within 1 % from a fixed-size histogram', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.02, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.99), (samples, q) => {
        const h = new LatencyHistogram();
        for (const s of samples) h.record(s);
        const exact = [...samples].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * samples.length)) - 1]!;
        const read = h.quantile(q)!;
        expect(read).toBeGreaterThanOrEqual(exact * 0.99 - 0.01);
        expect(read).toBeLessThanOrEqual(exact * 1.011 + 0.01);
      }),
    );
  });

  it('has no quantile without samples', () => {
    expect(new LatencyHistogram().quantile(0.5)).toBeNull();
  });

  it('waits between half and all of a doubling ceiling, never beyond the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, u) => {
        const ceiling = Math.min(5000, 250 * 2 ** Math.min(attempt, 30));
        const delay = backoffDelayMs(attempt, { initialMs: 250, maxMs: 5000 }, () => u);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});

describe('fault victims are drawn as the simulator draws them', () => {
  const plan = { crashCount: 3, crashAfterMs: 1000, freezeCount: 4, freezeAfterMs: 2000, freezeForMs: 1000 };

  it("the crash takes the scenario's fault 0 draw, the freeze fault 1 among the browsers still alive", () => {
    const { crash, freeze } = drawVictims(20, plan, 7);
    expect(crash).toEqual(sampleIndices(20, 3, new Random(subSeed(7, 'fault.0'))));
    const live = Array.from({ length: 20 }, (_, i) => i).filter((i) => !crash.includes(i));
    expect(freeze).toEqual(sampleIndices(17, 4, new Random(subSeed(7, 'fault.1'))).map((r) => live[r]));
    expect(freeze.filter((i) => crash.includes(i))).toEqual([]);
  });

  it('a freeze before the crash draws among all browsers, and the crash among those not frozen at its time', () => {
    const { crash, freeze } = drawVictims(20, { ...plan, freezeAfterMs: 500 }, 7);
    expect(freeze).toEqual(sampleIndices(20, 4, new Random(subSeed(7, 'fault.1'))));
    const notFrozen = Array.from({ length: 20 }, (_, i) => i).filter((i) => !freeze.includes(i));
    expect(crash).toEqual(sampleIndices(16, 3, new Random(subSeed(7, 'fault.0'))).map((r) => notFrozen[r]));
    const afterThaw = drawVictims(20, { ...plan, freezeAfterMs: 500, freezeForMs: 500 }, 7);
    expect(afterThaw.crash).toEqual(sampleIndices(20, 3, new Random(subSeed(7, 'fault.0'))));
  });

  it('without a count every browser is hit; the same seed gives the same victims', () => {
    expect(drawVictims(3, { crashCount: null, crashAfterMs: 0, freezeCount: null, freezeAfterMs: null, freezeForMs: 0 }, 1)).toEqual({ crash: [0, 1, 2], freeze: [] });
    expect(drawVictims(50, plan, 11)).toEqual(drawVictims(50, plan, 11));
    expect(drawVictims(50, plan, 11).crash).not.toEqual(drawVictims(50, plan, 12).crash);
  });
});

describe('the fleet bounds its handshakes in flight', () => {
  it('lets at most maxInFlight through, the rest in order as slots free up; a second release changes nothing', () => {
    const gate = new ConnectGate(2);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++) {
      gate.enter((release) => {
        started.push(i);
        releases.push(release);
      });
    }
    expect(started).toEqual([0, 1]);
    releases[0]!();
    releases[0]!();
    expect(started).toEqual([0, 1, 2]);
    releases[2]!();
    releases[1]!();
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('a browser tracks its pings in a bounded table', () => {
  it('numbers pings from 0, records ack latency once per ack, and counts pings pushed out or dropped as unacknowledged', () => {
    const stats = new FleetStats();
    let now = 1000;
    const pings = new PingTracker(stats, () => now);
    const seqs = Array.from({ length: 17 }, () => pings.next());
    expect(seqs[0]).toBe(0);
    expect(seqs[16]).toBe(16);
    expect(stats).toMatchObject({ pingsSent: 17, pingsUnacked: 1 });
    now = 1012.5;
    pings.acked(0);
    pings.acked(16);
    pings.acked(16);
    expect(stats.pingsAcked).toBe(1);
    expect(stats.ackLatency.quantile(1)).toBe(12.5);
    pings.dropAll();
    expect(stats.pingsUnacked).toBe(16);
  });
});
