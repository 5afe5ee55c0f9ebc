import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockLimitError, VirtualClock } from '../../../src/sim/world/virtual-clock.js';

describe('VirtualClock', () => {
  it('runs timers in due-time order and moves now() to each due time', () => {
    const clock = new VirtualClock();
    const seen: Array<[string, number]> = [];
    clock.schedule(30, () => seen.push(['c', clock.now()]));
    clock.schedule(10, () => seen.push(['a', clock.now()]));
    clock.schedule(20, () => seen.push(['b', clock.now()]));
    clock.runAll();
    expect(seen).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
  });

  it('runs timers due at the same time in scheduling order (FIFO)', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) clock.schedule(5, () => seen.push(i));
    clock.runAll();
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('clamps negative and NaN delays to zero', () => {
    const clock = new VirtualClock(100);
    const seen: number[] = [];
    clock.schedule(-5, () => seen.push(clock.now()));
    clock.schedule(Number.NaN, () => seen.push(clock.now()));
    clock.runAll();
    expect(seen).toEqual([100, 100]);
  });

  it('never runs a cancelled timer and counts it out of pending', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const a = clock.schedule(10, () => seen.push('a'));
    clock.schedule(10, () => seen.push('b'));
    expect(clock.pending).toBe(2);
    clock.cancel(a);
    clock.cancel(a);
    expect(clock.pending).toBe(1);
    clock.runAll();
    expect(seen).toEqual(['b']);
    expect(clock.eventsRun).toBe(1);
  });

  it('ignores cancelling a timer that already ran, even after its slot is reused', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const a = clock.schedule(1, () => seen.push('a'));
    clock.runAll();
    clock.schedule(1, () => seen.push('b'));
    clock.cancel(a);
    expect(clock.pending).toBe(1);
    clock.runAll();
    expect(seen).toEqual(['a', 'b']);
  });

  it('runUntil runs everything due up to and including tMs, then sets now to tMs', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.schedule(10, () => seen.push(10));
    clock.schedule(20, () => seen.push(20));
    clock.schedule(21, () => seen.push(21));
    clock.runUntil(20);
    expect(seen).toEqual([10, 20]);
    expect(clock.now()).toBe(20);
    expect(clock.pending).toBe(1);
    clock.runUntil(15);
    expect(clock.now()).toBe(20);
    clock.tick(100);
    expect(clock.now()).toBe(120);
    expect(seen).toEqual([10, 20, 21]);
  });

  it('runs timers scheduled from a callback, in order, within the same runUntil', () => {
    const clock = new VirtualClock();
    const seen: Array<[string, number]> = [];
    clock.schedule(10, () => {
      seen.push(['outer', clock.now()]);
      clock.schedule(0, () => seen.push(['zero-delay', clock.now()]));
      clock.schedule(5, () => seen.push(['nested', clock.now()]));
    });
    clock.schedule(12, () => seen.push(['other', clock.now()]));
    clock.schedule(10, () => seen.push(['same-time', clock.now()]));
    clock.runUntil(100);
    expect(seen).toEqual([
      ['outer', 10],
      ['same-time', 10],
      ['zero-delay', 10],
      ['other', 12],
      ['nested', 15],
    ]);
  });

  it('next() runs exactly one timer and reports whether there was one', () => {
    const clock = new VirtualClock();
    const cancelled = clock.schedule(1, () => undefined);
    clock.schedule(7, () => undefined);
    clock.cancel(cancelled);
    expect(clock.next()).toBe(true);
    expect(clock.now()).toBe(7);
    expect(clock.next()).toBe(false);
  });

  it('runAll stops a runaway schedule with an error naming loopLimit', () => {
    const clock = new VirtualClock(0, { loopLimit: 100 });
    const again = (): void => {
      clock.schedule(1, again);
    };
    clock.schedule(1, again);
    expect(() => clock.runAll()).toThrow(/loopLimit/);
    expect(clock.eventsRun).toBe(100);
  });

  it('runAll stops a runaway schedule with a ClockLimitError (a caller can tell it from a bug)', () => {
    const clock = new VirtualClock(0, { loopLimit: 10 });
    const again = (): void => {
      clock.schedule(0, again);
    };
    clock.schedule(0, again);
    let caught: unknown;
    try {
      clock.runAll();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ClockLimitError);
    expect((caught as ClockLimitError).limit).toBe('loop');
  });

  it('eventLimit: runUntil throws a ClockLimitError instead of running one timer more, even in a zero-delay loop', () => {
    const clock = new VirtualClock(0, { eventLimit: 50 });
    const again = (): void => {
      clock.schedule(0, again);
    };
    clock.schedule(0, again);
    expect(() => clock.runUntil(1)).toThrow(ClockLimitError);
    expect(clock.eventsRun).toBe(50);
  });

  it('eventLimit: a schedule of exactly eventLimit timers runs to the end', () => {
    const clock = new VirtualClock(0, { eventLimit: 10 });
    for (let i = 0; i < 10; i++) clock.schedule(i, () => undefined);
    expect(() => clock.runUntil(100)).not.toThrow();
    expect(clock.eventsRun).toBe(10);
  });

  it('runAll finishes a finite schedule of exactly loopLimit timers', () => {
    const clock = new VirtualClock(0, { loopLimit: 10 });
    for (let i = 0; i < 10; i++) clock.schedule(i, () => undefined);
    expect(() => clock.runAll()).not.toThrow();
  });

  it('fires in (due time, scheduling order) order with now() never going back, for random schedules', () => {
    const op = fc.record({
      delayMs: fc.integer({ min: 0, max: 50 }),
      cancel: fc.boolean(),
      nestedDelayMs: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const clock = new VirtualClock();
        const expected: Array<{ dueMs: number; seq: number; label: string }> = [];
        const fired: string[] = [];
        const times: number[] = [];
        let seq = 0;
        const add = (delayMs: number, label: string, onFire?: () => void): number => {
          expected.push({ dueMs: clock.now() + delayMs, seq: seq++, label });
          return clock.schedule(delayMs, () => {
            fired.push(label);
            times.push(clock.now());
            onFire?.();
          });
        };
        ops.forEach((o, i) => {
          const nested = o.nestedDelayMs;
          const id = add(o.delayMs, `t${i}`, nested === undefined ? undefined : () => void add(nested, `n${i}`));
          if (o.cancel) {
            clock.cancel(id);
            expected.pop();
          }
        });
        clock.runAll();
        // Nested timers are pushed to `expected` while running, with the clock's own seq order.
        const order = [...expected].sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq).map((e) => e.label);
        expect(fired).toEqual(order);
        for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] as number);
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps (due time, scheduling order) when a few delays repeat from many times (timers of one delay share a lane)', () => {
    // Few distinct delays, each rescheduled from many different times, with cancels and zero delays:
    // the shape a million watchdogs give the clock.
    const step = fc.record({
      delayMs: fc.constantFrom(0, 3, 7, 7, 7, 12, 40),
      cancelEarlier: fc.option(fc.nat(), { nil: undefined }),
      repeats: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), (steps) => {
        const clock = new VirtualClock();
        const expected: Array<{ dueMs: number; seq: number; label: string }> = [];
        const fired: string[] = [];
        const ids: Array<{ id: number; label: string }> = [];
        let seq = 0;
        const add = (delayMs: number, label: string, repeats: number): void => {
          expected.push({ dueMs: clock.now() + delayMs, seq: seq++, label });
          const id = clock.schedule(delayMs, () => {
            fired.push(label);
            if (repeats > 0) add(delayMs, `${label}+`, repeats - 1);
          });
          ids.push({ id, label });
        };
        steps.forEach((s, i) => {
          add(s.delayMs, `t${i}`, s.repeats);
          if (s.cancelEarlier !== undefined) {
            const victim = ids[s.cancelEarlier % ids.length] as { id: number; label: string };
            if (!fired.includes(victim.label)) {
              clock.cancel(victim.id);
              const at = expected.findIndex((e) => e.label === victim.label);
              if (at >= 0) expected.splice(at, 1);
            }
          }
          clock.tick(i % 5);
        });
        clock.runAll();
        const order = [...expected].sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq).map((e) => e.label);
        expect(fired).toEqual(order);
        expect(clock.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
