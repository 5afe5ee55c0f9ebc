import { describe, expect, it } from 'vitest';
import { CMS_LOCK_MARGIN_MS, CmsCheck } from '../../src/engine/cms-check.js';
import type { CmsLockToken, CmsSnapshot, CmsStatusListener, CmsTable } from '../../src/engine/ports.js';
import { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { InProcessCmsTable } from '../../src/store/in-process.js';
import { cmsWorld } from './cms-harness.js';
import { FakeCms, SECOND_MS, settings, world } from './helpers.js';

const HOUR_MS = 3600 * SECOND_MS;
const ACK_TIMEOUT_MS = 5 * SECOND_MS;
const LOCK_TTL_MS = ACK_TIMEOUT_MS + CMS_LOCK_MARGIN_MS;

/**
 * A CMS table whose lock requests wait in the network until the test lets
 * them through (`deliver`), the way a store's answers can come late. A
 * request takes effect only when delivered; everything else answers at once.
 */
class GatedCmsTable implements CmsTable {
  readonly held: Array<() => void> = [];
  readonly released: CmsLockToken[] = [];
  lockRequests = 0;
  gated = true;

  constructor(readonly inner: InProcessCmsTable) {}

  snapshot(cms: string): CmsSnapshot {
    return this.inner.snapshot(cms);
  }
  tryLock(cms: string, ttlMs: number, cb: (token: CmsLockToken | null) => void): void {
    this.lockRequests++;
    if (this.gated) this.held.push(() => this.inner.tryLock(cms, ttlMs, cb));
    else this.inner.tryLock(cms, ttlMs, cb);
  }
  release(cms: string, token: CmsLockToken): void {
    this.released.push(token);
    this.inner.release(cms, token);
  }
  recordAck(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.inner.recordAck(cms, atMs, cb);
  }
  markUnavailable(cms: string, atMs: number, cb: (previousAvailable: boolean) => void): void {
    this.inner.markUnavailable(cms, atMs, cb);
  }
  subscribe(listener: CmsStatusListener): () => void {
    return this.inner.subscribe(listener);
  }
  /** Lets the i-th held lock request reach the store now. */
  deliver(i: number): void {
    (this.held[i] as () => void)();
  }
}

/** One logged-in agent (its watchdog's wakes are driven by hand) and a CmsCheck on `table`. */
function oneAgent(makeTable: (clock: VirtualClock) => CmsTable) {
  const w = world();
  const table = makeTable(w.clock);
  const cms = new FakeCms(w.clock, 0, ACK_TIMEOUT_MS);
  const events: string[] = [];
  const check = new CmsCheck(w.clock, table, cms, { cmsPingIntervalMs: 30 * SECOND_MS, ackTimeoutMs: ACK_TIMEOUT_MS }, {
    pingSent: (_c, atMs) => events.push(`ping@${atMs}`),
    outageDetected: (_c, atMs) => events.push(`outage@${atMs}`),
    recovered: (_c, atMs) => events.push(`recovered@${atMs}`),
  });
  const session = w.session(0, settings({ watchdogEnabled: true }));
  session.login();
  return { ...w, table, cms, check, session, events };
}

describe('CMS check over a CMS table that answers by callback (SPEC §1, §4)', () => {
  it('with the table a store round trip away, two supervisors waking together still send one ping at a time', () => {
    // Both read the lock free (the first request has not reached the store yet) and both ask for it.
    const w = cmsWorld({ agents: 2, checkInstances: 2, startMs: () => 0, storeRoundTripMs: 40, ackDelayMs: 2 * SECOND_MS });
    w.clock.runUntil(121 * SECOND_MS);
    expect(w.cms.pings.map((p) => p.atMs)).toEqual([120 * SECOND_MS + 40]);
    expect(w.cms.maxOutstanding).toBe(1);
  });

  it('the lock keeps at most one ping in flight with a store round trip, across supervisors, through an outage', () => {
    const w = cmsWorld({
      agents: 300,
      cmsPingIntervalMs: 10 * SECOND_MS,
      watchdogSleepTimeMs: 20 * SECOND_MS,
      ackDelayMs: 3 * SECOND_MS,
      checkInstances: 3,
      storeRoundTripMs: 30,
      startMs: (a) => Math.floor(a / 3) * 200,
    });
    w.clock.schedule(HOUR_MS / 3, () => w.cms.down.add('cms'));
    w.clock.schedule((HOUR_MS * 2) / 3, () => w.cms.down.delete('cms'));
    w.clock.runUntil(HOUR_MS);
    expect(w.cms.pings.length).toBeGreaterThan(100);
    expect(w.cms.maxOutstanding).toBe(1);
    expect(w.outages).toHaveLength(1);
    expect(w.recoveries).toHaveLength(1);
  });

  it('a status change reaches the table\'s subscribers once, however many supervisors see it', () => {
    const w = cmsWorld({ agents: 50, checkInstances: 3, storeRoundTripMs: 20, cmsPingIntervalMs: 10 * SECOND_MS });
    const heard: string[] = [];
    w.cmsTable.subscribe((cms, available, atMs) => heard.push(`${cms} ${available ? 'up' : 'down'} ${atMs > HOUR_MS / 3}`));
    w.clock.schedule(HOUR_MS / 3, () => w.cms.down.add('cms'));
    w.clock.schedule((HOUR_MS * 2) / 3, () => w.cms.down.delete('cms'));
    w.clock.runUntil(HOUR_MS);
    expect(heard).toEqual(['cms down true', 'cms up true']);
  });

  it('a watchdog that reads "unavailable" and loses the race for the lock tells its browser when the refusal comes, and does not ping', () => {
    const w = oneAgent((clock) => new GatedCmsTable(new InProcessCmsTable(clock)));
    const table = w.table as GatedCmsTable;
    table.gated = false;
    table.markUnavailable('cms', 0, () => {});
    // Another supervisor holds the lock, taken after this watchdog read the table as free.
    table.gated = true;
    w.check.onWake(w.session, 'cms');
    expect(w.recorder.told).toEqual([]);
    table.inner.tryLock('cms', LOCK_TTL_MS, () => {});
    w.clock.runUntil(SECOND_MS);
    table.deliver(0);
    expect(w.recorder.told.map((t) => `${t.available}@${t.atMs}`)).toEqual([`false@${SECOND_MS}`]);
    expect(w.cms.pings).toEqual([]);
  });

  it('the check releases the lock it took with its own token, after an ack and after a timeout', () => {
    const w = oneAgent((clock) => new GatedCmsTable(new InProcessCmsTable(clock)));
    const table = w.table as GatedCmsTable;
    table.gated = false;
    const granted: Array<CmsLockToken | null> = [];
    const tryLock = table.inner.tryLock.bind(table.inner);
    table.inner.tryLock = (cms, ttlMs, cb) => tryLock(cms, ttlMs, (token) => (granted.push(token), cb(token)));
    w.check.onWake(w.session, 'cms');
    expect(table.snapshot('cms').locked).toBe(false);
    w.cms.down.add('cms');
    w.clock.runUntil(40 * SECOND_MS);
    w.check.onWake(w.session, 'cms');
    w.clock.runUntil(50 * SECOND_MS);
    expect(table.snapshot('cms')).toEqual(expect.objectContaining({ locked: false, available: false }));
    expect(granted).toHaveLength(2);
    expect(table.released).toEqual(granted);
  });

  it('a lock grant that arrives after the check was stopped is ignored and handed back at once', () => {
    const w = oneAgent((clock) => new GatedCmsTable(new InProcessCmsTable(clock)));
    const table = w.table as GatedCmsTable;
    w.check.onWake(w.session, 'cms');
    w.check.stop();
    table.deliver(0);
    expect(w.events).toEqual([]);
    expect(w.cms.pings).toEqual([]);
    // Not held until it expires: every other node may ping again right away.
    expect(table.snapshot('cms').locked).toBe(false);
    w.check.onWake(w.session, 'cms');
    expect(table.lockRequests).toBe(1);
  });

  it('a lock request under way is not repeated; one lost for the lock\'s lifetime gives way to a new one, and its late grant is ignored', () => {
    const w = oneAgent((clock) => new GatedCmsTable(new InProcessCmsTable(clock)));
    const table = w.table as GatedCmsTable;
    w.check.onWake(w.session, 'cms');
    w.clock.runUntil(LOCK_TTL_MS - 1);
    w.check.onWake(w.session, 'cms');
    expect(table.lockRequests).toBe(1);
    w.clock.runUntil(LOCK_TTL_MS);
    table.gated = false;
    w.check.onWake(w.session, 'cms');
    expect(table.lockRequests).toBe(2);
    expect(w.events).toEqual([`ping@${LOCK_TTL_MS}`]);
    // The first request finally reaches the store, after the new attempt's ping was acknowledged.
    table.deliver(0);
    expect(w.events).toEqual([`ping@${LOCK_TTL_MS}`]);
    expect(w.cms.pings).toHaveLength(1);
    expect(table.snapshot('cms')).toEqual(expect.objectContaining({ locked: false, lastAckMs: LOCK_TTL_MS }));
  });

  /** One agent whose check pings at 40.1 s (the lock granted a store round trip after the wake at 40 s). */
  function pingThroughSlowStore(cmsDown: boolean) {
    const w = oneAgent((clock) => new InProcessCmsTable(clock, { roundTripMs: 100 }));
    // Before: unavailable (so an ack is a recovery) or available (so a timeout is an outage), acknowledged at 0 s.
    if (cmsDown) w.table.recordAck('cms', 0, () => {});
    else w.table.markUnavailable('cms', 0, () => {});
    if (cmsDown) w.cms.down.add('cms');
    w.clock.runUntil(40 * SECOND_MS);
    w.check.onWake(w.session, 'cms');
    return w;
  }

  it('an ack or a timeout whose store write answers after the check was stopped reports nothing', () => {
    for (const cmsDown of [false, true]) {
      const w = pingThroughSlowStore(cmsDown);
      // Acked at once at 40.1 s or timed out at 45.1 s; the store write answers 100 ms later.
      w.clock.runUntil(cmsDown ? 45_150 : 40_150);
      const toldBefore = [...w.recorder.told];
      w.check.stop();
      w.clock.runUntil(60 * SECOND_MS);
      expect(w.events).toEqual(['ping@40100']);
      expect(w.recorder.told).toEqual(toldBefore);
      expect(w.table.snapshot('cms')).toEqual(expect.objectContaining({ available: !cmsDown, locked: false }));
    }
  });

  it('the same ack or timeout, without the stop, is reported once the write answers', () => {
    for (const cmsDown of [false, true]) {
      const w = pingThroughSlowStore(cmsDown);
      w.clock.runUntil(60 * SECOND_MS);
      expect(w.events).toEqual(['ping@40100', cmsDown ? 'outage@45100' : 'recovered@40100']);
      expect(w.recorder.told.map((t) => `${t.available}@${t.atMs}`)).toEqual(cmsDown ? ['false@45200'] : []);
    }
  });

  it('stopping with a ping in flight hands the lock back at once and forgets the ping', () => {
    const w = oneAgent((clock) => new InProcessCmsTable(clock));
    w.cms.down.add('cms');
    w.check.onWake(w.session, 'cms');
    expect(w.table.snapshot('cms').locked).toBe(true);
    w.check.stop();
    expect(w.table.snapshot('cms').locked).toBe(false);
    w.clock.runUntil(HOUR_MS);
    expect(w.events).toEqual(['ping@0']);
    expect(w.table.snapshot('cms').available).toBe(true);
    expect(w.recorder.told).toEqual([]);
  });

  it('a stopped check pings no more', () => {
    const w = oneAgent((clock) => new InProcessCmsTable(clock));
    w.check.stop();
    w.check.onWake(w.session, 'cms');
    w.clock.runUntil(HOUR_MS);
    expect(w.cms.pings).toEqual([]);
  });
});
