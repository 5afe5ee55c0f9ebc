import { CmsCheck, type CmsCheckListener } from '../../src/engine/cms-check.js';
import type { HeartbeatSettings } from '../../src/engine/settings.js';
import { Watchdog } from '../../src/engine/watchdog.js';
import type { CommunicationSession } from '../../src/engine/session.js';
import { FakeCms, SECOND_MS, settings, world } from './helpers.js';

export interface CmsWorldOptions {
  agents: number;
  cmsPingIntervalMs?: number;
  watchdogSleepTimeMs?: number;
  ackTimeoutMs?: number;
  ackDelayMs?: number;
  /** Start time of each agent; default: spread evenly over one sleep time. */
  startMs?: (agent: number) => number;
  /** CMS name of each agent; default 'cms'. */
  cmsOf?: (agent: number) => string;
  /** Supervisor processes, each with its own CmsCheck on the same CMS table; agents alternate. */
  checkInstances?: number;
  /** Model the CMS table as a store this far away (a round trip on the virtual clock); default: answers at once. */
  storeRoundTripMs?: number;
}

/**
 * Agents in mode B+CMS with live browsers (pinging every 30 s), one shared
 * CmsCheck and a fake CMS. Events are recorded for the assertions.
 */
export function cmsWorld(opts: CmsWorldOptions) {
  const w = world(0, opts.storeRoundTripMs === undefined ? {} : { roundTripMs: opts.storeRoundTripMs });
  const s: HeartbeatSettings = settings({
    watchdogEnabled: true,
    watchdogSleepTimeMs: opts.watchdogSleepTimeMs ?? 120 * SECOND_MS,
    heartbeatWatchdogLagMs: 150 * SECOND_MS,
    cmsPingIntervalMs: opts.cmsPingIntervalMs ?? 30 * SECOND_MS,
  });
  const ackTimeoutMs = opts.ackTimeoutMs ?? 5 * SECOND_MS;
  const cms = new FakeCms(w.clock, opts.ackDelayMs ?? 0, ackTimeoutMs);
  const outages: Array<{ cms: string; atMs: number }> = [];
  const recoveries: Array<{ cms: string; atMs: number }> = [];
  const listener: CmsCheckListener = {
    outageDetected: (name, atMs) => outages.push({ cms: name, atMs }),
    recovered: (name, atMs) => recoveries.push({ cms: name, atMs }),
  };
  const checks = Array.from(
    { length: opts.checkInstances ?? 1 },
    () => new CmsCheck(w.clock, w.cmsTable, cms, { cmsPingIntervalMs: s.cmsPingIntervalMs, ackTimeoutMs }, listener),
  );
  const sessions: CommunicationSession[] = [];
  const startedAtMs: number[] = [];
  for (let agent = 0; agent < opts.agents; agent++) {
    const session = w.session(agent, s);
    sessions.push(session);
    const startMs = opts.startMs?.(agent) ?? Math.floor((agent * s.watchdogSleepTimeMs) / opts.agents);
    startedAtMs.push(startMs);
    const cmsName = opts.cmsOf?.(agent) ?? 'cms';
    w.clock.schedule(startMs, () => {
      session.login();
      const ping = (): void => {
        session.receivePing();
        w.clock.schedule(s.browserPingIntervalMs, ping);
      };
      w.clock.schedule(s.browserPingIntervalMs, ping);
      new Watchdog(session, s, w.clock, w.memory, checks[agent % checks.length], cmsName).start();
    });
  }
  return { ...w, settings: s, ackTimeoutMs, cms, checks, sessions, startedAtMs, outages, recoveries };
}
