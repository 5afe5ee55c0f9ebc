// CMS-check rules that no other engine test pinned (found by `npm run mutation`).
import { describe, expect, it } from 'vitest';
import { CmsCheck } from '../../src/engine/cms-check.js';
import { FakeCms, SECOND_MS, settings, world } from './helpers.js';

const opts = { cmsPingIntervalMs: 30 * SECOND_MS, ackTimeoutMs: 5 * SECOND_MS };

describe('CMS availability check (SPEC §1), more', () => {
  it('a watchdog that reads "unavailable" pings again even when the last ack is recent (another node found the outage)', () => {
    const { clock, cmsTable, recorder, session } = world();
    const agent = session(0, settings({ watchdogEnabled: true, cmsPingIntervalMs: opts.cmsPingIntervalMs }));
    agent.login();
    const cms = new FakeCms(clock);
    const check = new CmsCheck(clock, cmsTable, cms, opts);
    cmsTable.recordAck('cms', 0, () => {});
    clock.tick(SECOND_MS);
    cmsTable.markUnavailable('cms', clock.now(), () => {});
    clock.tick(SECOND_MS);
    check.onWake(agent, 'cms');
    expect(cms.pings).toEqual([{ cms: 'cms', atMs: 2 * SECOND_MS }]);
    // Its own ping answers at once: the browser, never told of an outage, hears nothing (no passing "unavailable").
    expect(recorder.told).toEqual([]);
    expect(cmsTable.snapshot('cms')).toEqual(expect.objectContaining({ available: true, lastAckMs: 2 * SECOND_MS }));
  });

  it('a check without a listener, or with a listener lacking callbacks, goes through an outage and a recovery', () => {
    for (const listener of [undefined, {}, { pingSent: () => {} }]) {
      const { clock, cmsTable, recorder, session } = world();
      const agent = session(0, settings({ watchdogEnabled: true, cmsPingIntervalMs: opts.cmsPingIntervalMs }));
      agent.login();
      const cms = new FakeCms(clock);
      const check = new CmsCheck(clock, cmsTable, cms, opts, listener);
      cms.down.add('cms');
      check.onWake(agent, 'cms');
      clock.tick(opts.ackTimeoutMs);
      expect(cmsTable.snapshot('cms').available).toBe(false);
      cms.down.delete('cms');
      clock.tick(SECOND_MS);
      check.onWake(agent, 'cms');
      expect(cmsTable.snapshot('cms').available).toBe(true);
      expect(recorder.told.map((t) => t.available)).toEqual([false, true]);
    }
  });
});
