import type { HeartbeatValues, ResolvedHeartbeat } from '../config/compiled.js';

/** The heartbeat settings an engine runs with: plain milliseconds, no origins. */
export type HeartbeatSettings = HeartbeatValues;

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
