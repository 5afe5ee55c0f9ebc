import { describe, expect, it } from 'vitest';
import { RealClock } from '../../src/supervisor/real-clock.js';

describe('RealClock', () => {
  it('reads epoch time and fires real timers in due order, skipping cancelled ones', async () => {
    const clock = new RealClock({ unref: false });
    const before = Date.now();
    expect(clock.now()).toBeGreaterThanOrEqual(before);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      clock.schedule(30, () => {
        seen.push('c');
        resolve();
      });
    });
    clock.schedule(10, () => seen.push('a'));
    const cancelled = clock.schedule(5, () => seen.push('x'));
    clock.schedule(10, () => seen.push('b'));
    clock.cancel(cancelled);
    expect(clock.pending).toBe(3);
    await done;
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(clock.pending).toBe(0);
  });
});
