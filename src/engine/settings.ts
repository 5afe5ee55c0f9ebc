import type { ResolvedHeartbeat } from '../config/compiled.js';

/** The heartbeat settings an engine runs with: plain milliseconds, no origins. */
export interface HeartbeatSettings {
  browserPingIntervalMs: number;
  /** Mode A: the longest gap between the last ping and a CMS event that still delivers the event. */
  heartbeatLagMs: number;
  /** Mode B when true: a watchdog checks the heartbeat, events are not checked. */
  watchdogEnabled: boolean;
  watchdogSleepTimeMs: number;
  heartbeatWatchdogLagMs: number;
  /** 0 means the CMS availability check is off. */
  cmsPingIntervalMs: number;
}

export function heartbeatSettingsOf(r: ResolvedHeartbeat): HeartbeatSettings {
  return {
    browserPingIntervalMs: r.browserPingIntervalMs.value,
    heartbeatLagMs: r.heartbeatLagMs.value,
    watchdogEnabled: r.watchdogEnabled.value,
    watchdogSleepTimeMs: r.watchdogSleepTimeMs.value,
    heartbeatWatchdogLagMs: r.heartbeatWatchdogLagMs.value,
    cmsPingIntervalMs: r.cmsPingIntervalMs.value,
  };
}
