import { describe, expect, it } from 'vitest';
import { InProcessSharedMemory } from '../../src/engine/memory.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';

describe('in-process shared memory', () => {
  it('grows the browser table on demand and reports no ping as undefined', () => {
    const memory = new InProcessSharedMemory(new VirtualClock(), 4);
    expect(memory.lastBrowserPing(100_000)).toBeUndefined();
    memory.recordBrowserPing(100_000, 0);
    memory.recordBrowserPing(3, 42);
    expect(memory.lastBrowserPing(100_000)).toBe(0);
    expect(memory.lastBrowserPing(3)).toBe(42);
    expect(memory.lastBrowserPing(99_999)).toBeUndefined();
    memory.clearAgent(3);
    expect(memory.lastBrowserPing(3)).toBeUndefined();
  });

  it('a CMS entry starts available and never acknowledged', () => {
    const memory = new InProcessSharedMemory(new VirtualClock());
    expect(memory.cmsEntry('c')).toEqual(expect.objectContaining({ lastAckMs: undefined, available: true, locked: false }));
  });

  it('an acknowledged ping records its time and marks the CMS available again', () => {
    const memory = new InProcessSharedMemory(new VirtualClock());
    memory.markCmsUnavailable('c', 10);
    expect(memory.cmsEntry('c').available).toBe(false);
    memory.recordCmsAck('c', 20);
    expect(memory.cmsEntry('c')).toEqual(expect.objectContaining({ lastAckMs: 20, available: true }));
  });

  it('the lock excludes a second holder until unlocked or expired on the injected clock', () => {
    const clock = new VirtualClock();
    const memory = new InProcessSharedMemory(clock);
    expect(memory.tryLockCms('c', 1000)).toBe(true);
    expect(memory.tryLockCms('c', 1000)).toBe(false);
    expect(memory.tryLockCms('other', 1000)).toBe(true);
    clock.tick(999);
    expect(memory.cmsEntry('c').locked).toBe(true);
    clock.tick(1);
    expect(memory.cmsEntry('c').locked).toBe(false);
    expect(memory.tryLockCms('c', 1000)).toBe(true);
    memory.unlockCms('c');
    expect(memory.tryLockCms('c', 1000)).toBe(true);
  });
});
