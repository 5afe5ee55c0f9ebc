import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrowserFleet, THROTTLE_AFTER_HIDDEN_MS } from '../../../../src/sim/world/models/browser.js';
import { NetworkModel } from '../../../../src/sim/world/models/network.js';
import { VirtualClock } from '../../../../src/sim/world/virtual-clock.js';

function fleetOf(intervalMs: number, net: NetworkModel, clock: VirtualClock) {
  const pings: number[] = [];
  const fleet = new BrowserFleet(1, clock, net, Float64Array.of(intervalMs), (_agent, atMs) => pings.push(atMs));
  return { fleet, pings };
}

describe('lazily evaluated browser pings', () => {
  it('deliver exactly the newest ping an event-per-ping simulation would have delivered by each read, delay windows or not', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1000 }),
          intervalMs: fc.integer({ min: 1000, max: 60_000 }),
          latencyMs: fc.integer({ min: 0, max: 3000 }),
          jitterMs: fc.integer({ min: 0, max: 3000 }),
          loss: fc.double({ min: 0, max: 0.6, noNaN: true }),
          loginMs: fc.integer({ min: 0, max: 60_000 }),
          freeze: fc.option(fc.record({ atMs: fc.integer({ min: 60_000, max: 300_000 }), forMs: fc.integer({ min: 1, max: 200_000 }) })),
          reads: fc.array(fc.integer({ min: 0, max: 900_000 }), { minLength: 1, maxLength: 30 }),
          // networkDelay windows, overlapping or not, some adding more than a ping interval, some
          // starting or ending on a ping's send time or a millisecond either side of it
          delays: fc.array(
            fc.record({
              startMs: fc.oneof(fc.integer({ min: 0, max: 800_000 }), fc.record({ ping: fc.integer({ min: 0, max: 40 }), offMs: fc.integer({ min: -1, max: 1 }) })),
              forMs: fc.oneof(fc.integer({ min: 1, max: 300_000 }), fc.record({ ping: fc.integer({ min: 1, max: 10 }), offMs: fc.integer({ min: -1, max: 1 }) })),
              extraMs: fc.integer({ min: 0, max: 90_000 }),
            }),
            { maxLength: 4 },
          ),
        }),
        (c) => {
          const onPing = (x: number | { ping: number; offMs: number }, fromMs: number): number =>
            typeof x === 'number' ? x : fromMs + x.ping * c.intervalMs + x.offMs;
          const windows = c.delays.map((d) => {
            const startMs = Math.max(0, onPing(d.startMs, c.loginMs + c.intervalMs));
            return { startMs, endMs: Math.max(startMs + 1, onPing(d.forMs, startMs)), extraMs: d.extraMs };
          });
          const net = new NetworkModel({ latencyMs: c.latencyMs, jitterMs: c.jitterMs, loss: c.loss }, c.seed, windows);
          const clock = new VirtualClock();
          const { fleet } = fleetOf(c.intervalMs, net, clock);
          clock.schedule(c.loginMs, () => fleet.login(0));
          if (c.freeze !== null) {
            const { atMs, forMs } = c.freeze;
            clock.schedule(Math.max(atMs, c.loginMs), () => fleet.freeze(0, atMs + forMs));
            clock.schedule(Math.max(atMs, c.loginMs) + forMs, () => fleet.unfreeze(0));
          }
          const sends = sendTimes(c.loginMs, c.intervalMs, c.freeze, 1_000_000);
          for (const readMs of [...c.reads].sort((a, b) => a - b)) {
            clock.runUntil(Math.max(readMs, c.loginMs));
            fleet.catchUp(0);
            let expected = c.loginMs;
            for (const s of sends) {
              if (s > clock.now() || net.lost(0, s)) continue;
              const arrivedMs = s + net.delayMs(0, s);
              if (arrivedMs <= clock.now()) expected = Math.max(expected, arrivedMs);
            }
            expect(fleet.lastArrivalMs[0]).toBe(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('ping at most once a minute after a tab has been hidden for 5 minutes, and normally again when it is shown', () => {
    const net = new NetworkModel({ latencyMs: 0, jitterMs: 0, loss: 0 }, 1, []);
    const clock = new VirtualClock();
    const { fleet, pings } = fleetOf(10_000, net, clock);
    fleet.login(0);
    clock.schedule(60_000, () => fleet.hide(0));
    clock.schedule(30 * 60_000, () => fleet.unhide(0));
    for (let t = 1000; t <= 40 * 60_000; t += 1000) {
      clock.runUntil(t);
      fleet.catchUp(0);
    }
    const gaps = pings.slice(1).map((p, i) => [p, p - (pings[i] as number)] as const);
    const throttled = gaps.filter(([p]) => p > 60_000 + THROTTLE_AFTER_HIDDEN_MS && p <= 30 * 60_000);
    expect(throttled.length).toBeGreaterThan(10);
    expect(throttled.every(([, gap]) => gap === 60_000)).toBe(true);
    const before = gaps.filter(([p]) => p <= 60_000 + THROTTLE_AFTER_HIDDEN_MS);
    expect(before.every(([, gap]) => gap === 10_000)).toBe(true);
    const after = gaps.filter(([p]) => p > 31 * 60_000);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every(([, gap]) => gap === 10_000)).toBe(true);
  });
});

/** Every ping send time of a browser logged in at loginMs, silent during a freeze, which fires at once when it thaws. */
function sendTimes(loginMs: number, intervalMs: number, freeze: { atMs: number; forMs: number } | null, untilMs: number): number[] {
  const out: number[] = [];
  const freezeAtMs = freeze === null ? Infinity : Math.max(freeze.atMs, loginMs);
  for (let t = loginMs + intervalMs; t < Math.min(untilMs, freezeAtMs + 1); t += intervalMs) out.push(t);
  if (freeze !== null) for (let t = freezeAtMs + freeze.forMs; t < untilMs; t += intervalMs) out.push(t);
  return out;
}

describe('hidden tabs (backgroundTab faults)', () => {
  function hiddenFleet() {
    const net = new NetworkModel({ latencyMs: 0, jitterMs: 0, loss: 0 }, 1, []);
    const clock = new VirtualClock();
    const { fleet } = fleetOf(10_000, net, clock);
    fleet.login(0);
    return { fleet, clock };
  }

  it('stay hidden while an overlapping fault still hides them (regression: the first fault to end showed the tab)', () => {
    const { fleet, clock } = hiddenFleet();
    fleet.hide(0);
    clock.runUntil(2 * 60_000);
    fleet.hide(0);
    clock.runUntil(4 * 60_000);
    fleet.unhide(0);
    expect(fleet.hidden[0]).toBe(1);
    clock.runUntil(THROTTLE_AFTER_HIDDEN_MS);
    expect(fleet.throttled[0]).toBe(1);
    fleet.unhide(0);
    expect([fleet.hidden[0], fleet.throttled[0]]).toEqual([0, 0]);
  });

  it('are throttled five minutes after the hidden period that is current, not by a timer of an earlier one (regression)', () => {
    const { fleet, clock } = hiddenFleet();
    fleet.hide(0);
    clock.runUntil(2 * 60_000);
    fleet.unhide(0);
    clock.runUntil(4 * 60_000);
    fleet.hide(0);
    clock.runUntil(THROTTLE_AFTER_HIDDEN_MS + 1);
    expect(fleet.throttled[0]).toBe(0);
    clock.runUntil(4 * 60_000 + THROTTLE_AFTER_HIDDEN_MS);
    expect(fleet.throttled[0]).toBe(1);
  });

  it('start their five minutes over when the agent brings the tab to the front to log in again', () => {
    const { fleet, clock } = hiddenFleet();
    fleet.hide(0);
    clock.runUntil(3 * 60_000);
    fleet.refocus(0);
    clock.runUntil(THROTTLE_AFTER_HIDDEN_MS + 1);
    expect([fleet.hidden[0], fleet.throttled[0]]).toEqual([1, 0]);
    clock.runUntil(3 * 60_000 + THROTTLE_AFTER_HIDDEN_MS);
    expect(fleet.throttled[0]).toBe(1);
  });
});
