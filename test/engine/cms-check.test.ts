import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmsWorld } from './cms-harness.js';
import { SECOND_MS, type Told } from './helpers.js';

const HOUR_MS = 3600 * SECOND_MS;

function toldOf(told: Told[], agent: number, available: boolean): number[] {
  return told.filter((t) => t.agent === agent && t.available === available).map((t) => t.atMs);
}

describe('CMS availability check (SPEC §1)', () => {
  it('pings the CMS about once per cmsPingInterval however many agents there are', () => {
    const intervalMs = 30 * SECOND_MS;
    for (const agents of [1, 1000]) {
      const w = cmsWorld({ agents, cmsPingIntervalMs: intervalMs });
      w.clock.runUntil(HOUR_MS);
      expect(w.cms.pings.length).toBeLessThanOrEqual(HOUR_MS / intervalMs + 1);
      expect(w.recorder.logoffs).toEqual([]);
      if (agents === 1000) expect(w.cms.pings.length).toBeGreaterThanOrEqual(HOUR_MS / intervalMs - 3);
    }
  });

  it('the lock keeps at most one ping in flight at every moment, also across supervisors sharing memory', () => {
    const w = cmsWorld({
      agents: 300,
      cmsPingIntervalMs: 10 * SECOND_MS,
      watchdogSleepTimeMs: 20 * SECOND_MS,
      ackDelayMs: 3 * SECOND_MS,
      checkInstances: 2,
    });
    w.clock.schedule(HOUR_MS / 3, () => w.cms.down.add('cms'));
    w.clock.schedule((HOUR_MS * 2) / 3, () => w.cms.down.delete('cms'));
    w.clock.runUntil(HOUR_MS);
    expect(w.cms.pings.length).toBeGreaterThan(100);
    expect(w.cms.maxOutstanding).toBe(1);
  });

  it('no ack within ackTimeout: the CMS is marked unavailable and this agent\'s browser is told', () => {
    const w = cmsWorld({ agents: 1, startMs: () => 0 });
    w.cms.down.add('cms');
    w.clock.runUntil(121 * SECOND_MS);
    expect(w.cmsTable.snapshot('cms').available).toBe(true);
    w.clock.runUntil(125 * SECOND_MS);
    expect(w.cmsTable.snapshot('cms')).toEqual(expect.objectContaining({ available: false, locked: false }));
    expect(w.outages).toEqual([{ cms: 'cms', atMs: 125 * SECOND_MS }]);
    expect(w.recorder.told).toEqual([{ agent: 0, cms: 'cms', available: false, atMs: 125 * SECOND_MS }]);
  });

  it('later watchdogs read "unavailable", ping again, and tell their own browser when that ping fails', () => {
    const w = cmsWorld({ agents: 3, startMs: (a) => a * 10 * SECOND_MS });
    w.cms.down.add('cms');
    w.clock.runUntil(150 * SECOND_MS);
    // Agent 0 pings at 120 s and times out at 125 s; agents 1 and 2 wake at 130 s and 140 s, ping, and time out 5 s later.
    expect(w.cms.pings.map((p) => p.atMs)).toEqual([120, 130, 140].map((t) => t * SECOND_MS));
    expect(w.recorder.told.map((t) => [t.agent, t.available, t.atMs / SECOND_MS])).toEqual([
      [0, false, 125],
      [1, false, 135],
      [2, false, 145],
    ]);
    expect(w.outages).toHaveLength(1);
  });

  it('a watchdog that finds the lock taken while the CMS is unavailable tells its browser and does not ping', () => {
    const w = cmsWorld({ agents: 2, startMs: (a) => a * 2 * SECOND_MS });
    w.cms.down.add('cms');
    w.clock.runUntil(240 * SECOND_MS + 1);
    // At 240 s agent 0 re-pings (in flight until 245 s); agent 1 wakes at 242 s and sees the lock.
    w.clock.runUntil(243 * SECOND_MS);
    expect(w.cms.pings.filter((p) => p.atMs >= 240 * SECOND_MS).map((p) => p.atMs)).toEqual([240 * SECOND_MS]);
    // Agent 1 learnt nothing at 122 s (the first ping was still in flight, status available), but at 242 s it reads
    // "unavailable" under agent 0's lock: it is told without pinging.
    expect(toldOf(w.recorder.told, 1, false)).toEqual([242 * SECOND_MS]);
  });

  it('recovery: the first acknowledged ping marks the CMS available and its browser is told; the others on their next wake', () => {
    const w = cmsWorld({ agents: 3, startMs: (a) => a * 10 * SECOND_MS });
    w.cms.down.add('cms');
    w.clock.schedule(200 * SECOND_MS, () => w.cms.down.delete('cms'));
    w.clock.runUntil(400 * SECOND_MS);
    expect(w.recoveries).toEqual([{ cms: 'cms', atMs: 240 * SECOND_MS }]);
    // Agents 1 and 2 found the 240 s ack fresh (< 30 s); the next ping was due at agent 0's wake at 360 s.
    expect(w.cmsTable.snapshot('cms')).toEqual(expect.objectContaining({ available: true, lastAckMs: 360 * SECOND_MS }));
    expect([0, 1, 2].map((a) => toldOf(w.recorder.told, a, true))).toEqual([[240 * SECOND_MS], [250 * SECOND_MS], [260 * SECOND_MS]]);
  });

  it('several CMS systems have independent entries and locks', () => {
    const w = cmsWorld({ agents: 4, cmsOf: (a) => (a % 2 === 0 ? 'cms-a' : 'cms-b'), startMs: () => 0 });
    w.cms.down.add('cms-a');
    // A crashed holder of cms-b's lock must not stop cms-a's pings, and cms-a's outage must not touch cms-b.
    w.cmsTable.tryLock('cms-b', 1000 * SECOND_MS, () => {});
    w.clock.runUntil(245 * SECOND_MS);
    expect(w.cmsTable.snapshot('cms-a').available).toBe(false);
    expect(w.cmsTable.snapshot('cms-b').available).toBe(true);
    expect(w.cms.pingsTo('cms-a')).toBe(2);
    expect(w.cms.pingsTo('cms-b')).toBe(0);
    expect(new Set(w.recorder.told.map((t) => t.agent))).toEqual(new Set([0, 2]));
  });

  it('lock expiry frees the lock of a crashed holder', () => {
    const w = cmsWorld({ agents: 1, startMs: () => 0 });
    // Another supervisor took the lock at 0 s and died: its lock lasts 200 s.
    w.cmsTable.tryLock('cms', 200 * SECOND_MS, () => {});
    w.clock.runUntil(199 * SECOND_MS);
    expect(w.cms.pings).toEqual([]);
    w.clock.runUntil(240 * SECOND_MS);
    expect(w.cms.pings.map((p) => p.atMs)).toEqual([240 * SECOND_MS]);
    expect(w.cmsTable.snapshot('cms').lastAckMs).toBe(240 * SECOND_MS);
  });

  it('an ack arriving after ackTimeout is ignored', () => {
    const w = cmsWorld({ agents: 1, startMs: () => 0, ackDelayMs: 6 * SECOND_MS, ackTimeoutMs: 5 * SECOND_MS });
    w.clock.runUntil(200 * SECOND_MS);
    const entry = w.cmsTable.snapshot('cms');
    expect(entry.available).toBe(false);
    expect(entry.lastAckMs).toBeUndefined();
    expect(w.recoveries).toEqual([]);
    expect(w.recorder.told.map((t) => t.available)).toEqual([false]);
  });

  it('every logged-in agent learns of an outage, and of the recovery, within cmsPingInterval + 2 × watchdogSleepTime + ackTimeout', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 5, max: 300 }),
        fc.integer({ min: 10, max: 200 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 12, maxLength: 12 }),
        (agents, intervalS, sleepS, ackTimeoutS, outageS, outageLengthS, starts) => {
          const w = cmsWorld({
            agents,
            cmsPingIntervalMs: intervalS * SECOND_MS,
            watchdogSleepTimeMs: sleepS * SECOND_MS,
            ackTimeoutMs: ackTimeoutS * SECOND_MS,
            startMs: (a) => (starts[a] ?? 0) % (sleepS * SECOND_MS),
          });
          const outageMs = outageS * SECOND_MS;
          const recoveryMs = outageMs + outageLengthS * SECOND_MS;
          const boundMs = w.settings.cmsPingIntervalMs + 2 * w.settings.watchdogSleepTimeMs + w.ackTimeoutMs;
          w.clock.schedule(outageMs, () => w.cms.down.add('cms'));
          w.clock.schedule(recoveryMs, () => w.cms.down.delete('cms'));
          w.clock.runUntil(recoveryMs + boundMs + 1);
          for (let agent = 0; agent < agents; agent++) {
            const down = toldOf(w.recorder.told, agent, false);
            const up = toldOf(w.recorder.told, agent, true);
            const loggedInAtOutage = (w.startedAtMs[agent] ?? 0) <= outageMs;
            if (loggedInAtOutage && outageLengthS * SECOND_MS >= boundMs) {
              expect(down[0]).toBeDefined();
              expect(down[0]).toBeLessThanOrEqual(outageMs + boundMs);
            }
            for (const atMs of down) expect(atMs).toBeGreaterThanOrEqual(outageMs);
            // Whoever was told of the outage is told of the recovery in time.
            if (down.length > 0) {
              expect(up.length).toBe(down.length);
              expect(up[up.length - 1]).toBeLessThanOrEqual(recoveryMs + boundMs);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
