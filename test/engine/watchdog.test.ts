import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CmsCheck } from '../../src/engine/cms-check.js';
import { Watchdog } from '../../src/engine/watchdog.js';
import type { HeartbeatSettings } from '../../src/engine/settings.js';
import type { VirtualClock } from '../../src/sim/world/virtual-clock.js';
import { FakeCms, SECOND_MS, settings, world } from './helpers.js';

const modeB = settings({ watchdogEnabled: true, watchdogSleepTimeMs: 120 * SECOND_MS, heartbeatWatchdogLagMs: 150 * SECOND_MS });

/** A browser that pings every interval until it crashes at `crashAtMs`. */
function pingUntil(clock: VirtualClock, ping: () => void, intervalMs: number, crashAtMs: number): void {
  const next = (): void => {
    if (clock.now() >= crashAtMs) return;
    ping();
    clock.schedule(intervalMs, next);
  };
  clock.schedule(intervalMs, next);
}

describe('watchdog (SPEC §1, mode B)', () => {
  it('wakes every watchdogSleepTime, first one sleep after start', () => {
    const { clock, memory, session } = world();
    const s = session(0, modeB);
    s.login();
    const reads: number[] = [];
    const read = memory.lastBrowserPing.bind(memory);
    memory.lastBrowserPing = (agent) => {
      reads.push(clock.now());
      return read(agent);
    };
    pingUntil(clock, () => s.receivePing(), modeB.browserPingIntervalMs, Number.POSITIVE_INFINITY);
    new Watchdog(s, modeB, clock, memory).start();
    clock.runUntil(600 * SECOND_MS);
    expect(reads).toEqual([120, 240, 360, 480, 600].map((t) => t * SECOND_MS));
  });

  it('sleeps again while the last ping is within heartbeatWatchdogLag', () => {
    const { clock, memory, recorder, session } = world();
    const s = session(0, modeB);
    s.login();
    const dog = new Watchdog(s, modeB, clock, memory);
    dog.start();
    clock.runUntil(150 * SECOND_MS); // The wake at 120 s finds the login ping 120 s old: within 150 s.
    expect(dog.running).toBe(true);
    expect(clock.pending).toBe(1);
    expect(recorder.logoffs).toEqual([]);
  });

  it('logs the agent off and terminates once the last ping is older than heartbeatWatchdogLag', () => {
    const { clock, memory, recorder, session } = world();
    const s = session(5, modeB);
    s.login();
    const dog = new Watchdog(s, modeB, clock, memory);
    dog.start();
    clock.runUntil(3600 * SECOND_MS);
    // Wake at 120 s: 120 s old, fine. Wake at 240 s: 240 s > 150 s.
    expect(recorder.logoffs).toEqual([{ agent: 5, reason: 'watchdog', atMs: 240 * SECOND_MS }]);
    expect(dog.running).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('a crashed browser is logged off more than heartbeatWatchdogLag and at most heartbeatWatchdogLag + watchdogSleepTime after its last ack', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 300 }),
        (pingS, sleepS, lagExtraS, crashS, startS) => {
          const s: HeartbeatSettings = settings({
            watchdogEnabled: true,
            browserPingIntervalMs: pingS * SECOND_MS,
            watchdogSleepTimeMs: sleepS * SECOND_MS,
            heartbeatWatchdogLagMs: (pingS + lagExtraS) * SECOND_MS,
          });
          const { clock, memory, recorder, session } = world();
          const agent = session(0, s);
          clock.runUntil(startS * SECOND_MS);
          agent.login();
          pingUntil(clock, () => agent.receivePing(), s.browserPingIntervalMs, (startS + crashS) * SECOND_MS);
          const dog = new Watchdog(agent, s, clock, memory);
          dog.start();
          let lastAckMs = clock.now();
          const record = memory.recordBrowserPing.bind(memory);
          memory.recordBrowserPing = (a, atMs) => {
            lastAckMs = atMs;
            record(a, atMs);
          };
          clock.runUntil((startS + crashS + 2000) * SECOND_MS);
          const [logoff] = recorder.logoffs;
          expect(logoff?.reason).toBe('watchdog');
          const afterMs = (logoff?.atMs ?? 0) - lastAckMs;
          expect(afterMs).toBeGreaterThan(s.heartbeatWatchdogLagMs);
          expect(afterMs).toBeLessThanOrEqual(s.heartbeatWatchdogLagMs + s.watchdogSleepTimeMs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with no faults nobody is logged off over a long run', () => {
    const { clock, memory, recorder, session } = world();
    const s = settings({ watchdogEnabled: true, browserPingIntervalMs: 30 * SECOND_MS, watchdogSleepTimeMs: 120 * SECOND_MS, heartbeatWatchdogLagMs: 70 * SECOND_MS });
    for (let agent = 0; agent < 200; agent++) {
      const a = session(agent, s);
      clock.schedule(agent * 997, () => {
        a.login();
        pingUntil(clock, () => a.receivePing(), s.browserPingIntervalMs, Number.POSITIVE_INFINITY);
        new Watchdog(a, s, clock, memory).start();
      });
    }
    clock.runUntil(24 * 3600 * SECOND_MS);
    expect(recorder.logoffs).toEqual([]);
  });

  it('stop() cancels the next wake; a watchdog of a session logged off elsewhere terminates quietly', () => {
    const { clock, memory, recorder, session } = world();
    const a = session(0, modeB);
    a.login();
    const dog = new Watchdog(a, modeB, clock, memory);
    dog.start();
    dog.stop();
    expect(clock.pending).toBe(0);
    dog.start();
    a.logOff('heartbeat-lag');
    clock.runUntil(1000 * SECOND_MS);
    expect(dog.running).toBe(false);
    expect(recorder.logoffs.map((l) => l.reason)).toEqual(['heartbeat-lag']);
  });
  it('stop() then start() wakes again one sleep time after the restart', () => {
    const { clock, memory, recorder, session } = world();
    const s = session(0, modeB);
    s.login();
    const wakes = wakeTimes(clock, memory);
    pingUntil(clock, () => s.receivePing(), modeB.browserPingIntervalMs, Number.POSITIVE_INFINITY);
    const dog = new Watchdog(s, modeB, clock, memory);
    dog.start();
    clock.runUntil(150 * SECOND_MS);
    dog.stop();
    clock.runUntil(200 * SECOND_MS);
    dog.start();
    expect(dog.running).toBe(true);
    clock.runUntil(600 * SECOND_MS);
    expect(wakes).toEqual([120, 320, 440, 560].map((t) => t * SECOND_MS));
    expect(recorder.logoffs).toEqual([]);
  });

  it('start() on a running watchdog adds no second wake', () => {
    const { clock, memory, session } = world();
    const s = session(0, modeB);
    s.login();
    const wakes = wakeTimes(clock, memory);
    pingUntil(clock, () => s.receivePing(), modeB.browserPingIntervalMs, Number.POSITIVE_INFINITY);
    const dog = new Watchdog(s, modeB, clock, memory);
    dog.start();
    clock.runUntil(60 * SECOND_MS);
    dog.start();
    clock.runUntil(360 * SECOND_MS);
    expect(wakes).toEqual([120, 240, 360].map((t) => t * SECOND_MS));
  });

  it('logs off a logged-in agent with no acknowledged ping in shared memory at its next wake', () => {
    const { clock, memory, recorder, session } = world();
    const s = session(3, modeB);
    s.login();
    const dog = new Watchdog(s, modeB, clock, memory);
    dog.start();
    memory.clearAgent(3);
    clock.runUntil(600 * SECOND_MS);
    expect(recorder.logoffs).toEqual([{ agent: 3, reason: 'watchdog', atMs: 120 * SECOND_MS }]);
    expect(dog.running).toBe(false);
  });

  it('the watchdog of a logged-off session terminates at its next wake, even while a new session of the same agent pings', () => {
    const { clock, memory, recorder, session } = world();
    const old = session(0, modeB);
    old.login();
    const oldDog = new Watchdog(old, modeB, clock, memory);
    oldDog.start();
    clock.runUntil(10 * SECOND_MS);
    old.logOff('heartbeat-lag');
    // The agent logs in again through a new session; its pings land in the same heartbeat table entry.
    const fresh = session(0, modeB);
    fresh.login();
    pingUntil(clock, () => fresh.receivePing(), modeB.browserPingIntervalMs, Number.POSITIVE_INFINITY);
    clock.runUntil(121 * SECOND_MS);
    expect(oldDog.running).toBe(false);
    expect(recorder.logoffs.map((l) => l.reason)).toEqual(['heartbeat-lag']);
  });

  it('a watchdog given a CMS check without a CMS name, or a CMS name without a check, only watches the browser', () => {
    const { clock, memory, cmsTable, recorder, session } = world();
    const s = settings({ ...modeB, cmsPingIntervalMs: 30 * SECOND_MS });
    const cms = new FakeCms(clock);
    const check = new CmsCheck(clock, cmsTable, cms, { cmsPingIntervalMs: s.cmsPingIntervalMs, ackTimeoutMs: 5 * SECOND_MS });
    const a = session(0, s);
    const b = session(1, s);
    for (const agent of [a, b]) {
      agent.login();
      pingUntil(clock, () => agent.receivePing(), s.browserPingIntervalMs, Number.POSITIVE_INFINITY);
    }
    const dogs = [new Watchdog(a, s, clock, memory, check), new Watchdog(b, s, clock, memory, undefined, 'cms')];
    for (const dog of dogs) dog.start();
    clock.runUntil(600 * SECOND_MS);
    expect(cms.pings).toEqual([]);
    expect(dogs.map((d) => d.running)).toEqual([true, true]);
    expect(recorder.logoffs).toEqual([]);
  });
});

/** Records the time of every watchdog wake that reads the heartbeat table. */
function wakeTimes(clock: VirtualClock, memory: { lastBrowserPing(agent: number): number | undefined }): number[] {
  const wakes: number[] = [];
  const read = memory.lastBrowserPing.bind(memory);
  memory.lastBrowserPing = (agent) => {
    wakes.push(clock.now());
    return read(agent);
  };
  return wakes;
}
