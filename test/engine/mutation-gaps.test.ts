// CMS-check and shared-memory rules that no other engine test pinned (found by `npm run mutation`).
// They use today's SharedMemory API; they move with memory.ts when it becomes the store port.
import { describe, expect, it } from 'vitest';
import { CmsCheck } from '../../src/engine/cms-check.js';
import { InProcessSharedMemory } from '../../src/engine/memory.js';
import { VirtualClock } from '../../src/sim/virtual-clock.js';
import { FakeCms, SECOND_MS, settings, world } from './helpers.js';

const opts = { cmsPingIntervalMs: 30 * SECOND_MS, ackTimeoutMs: 5 * SECOND_MS };

describe('CMS availability check (SPEC §1), more', () => {
  it('a watchdog that reads "unavailable" pings again even when the last ack is recent (another node found the outage)', () => {
    const { clock, memory, recorder, session } = world();
    const agent = session(0, settings({ watchdogEnabled: true, cmsPingIntervalMs: opts.cmsPingIntervalMs }));
    agent.login();
    const cms = new FakeCms(clock);
    const check = new CmsCheck(clock, memory, cms, opts);
    memory.recordCmsAck('cms', 0);
    clock.tick(SECOND_MS);
    memory.markCmsUnavailable('cms', clock.now());
    clock.tick(SECOND_MS);
    check.onWake(agent, 'cms');
    expect(cms.pings).toEqual([{ cms: 'cms', atMs: 2 * SECOND_MS }]);
    // Told of the outage at once, then of the recovery by the immediate ack.
    expect(recorder.told.map((t) => [t.available, t.atMs])).toEqual([
      [false, 2 * SECOND_MS],
      [true, 2 * SECOND_MS],
    ]);
    expect(memory.cmsEntry('cms')).toEqual(expect.objectContaining({ available: true, lastAckMs: 2 * SECOND_MS }));
  });

  it('a check without a listener, or with a listener lacking callbacks, goes through an outage and a recovery', () => {
    for (const listener of [undefined, {}, { pingSent: () => {} }]) {
      const { clock, memory, recorder, session } = world();
      const agent = session(0, settings({ watchdogEnabled: true, cmsPingIntervalMs: opts.cmsPingIntervalMs }));
      agent.login();
      const cms = new FakeCms(clock);
      const check = new CmsCheck(clock, memory, cms, opts, listener);
      cms.down.add('cms');
      check.onWake(agent, 'cms');
      clock.tick(opts.ackTimeoutMs);
      expect(memory.cmsEntry('cms').available).toBe(false);
      cms.down.delete('cms');
      clock.tick(SECOND_MS);
      check.onWake(agent, 'cms');
      expect(memory.cmsEntry('cms').available).toBe(true);
      expect(recorder.told.map((t) => t.available)).toEqual([false, true]);
    }
  });
});

describe('in-process shared memory, heartbeat table bounds', () => {
  it('grows when an agent number equals the table size', () => {
    const memory = new InProcessSharedMemory(new VirtualClock(), 4);
    memory.recordBrowserPing(4, 40);
    expect(memory.lastBrowserPing(4)).toBe(40);
  });

  it('grows when an agent number is exactly twice the table size', () => {
    const memory = new InProcessSharedMemory(new VirtualClock(), 4);
    memory.recordBrowserPing(8, 80);
    expect(memory.lastBrowserPing(8)).toBe(80);
  });

  it('a table sized for no agents still records pings', () => {
    const memory = new InProcessSharedMemory(new VirtualClock(), 0);
    memory.recordBrowserPing(0, 5);
    memory.recordBrowserPing(1, 6);
    expect([memory.lastBrowserPing(0), memory.lastBrowserPing(1)]).toEqual([5, 6]);
  });
});
