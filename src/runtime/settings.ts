import type { HeartbeatValues, ResolvedHeartbeat } from '../config/compiled/types.js';
import type { HeartbeatSettings } from '../engine/settings.js';

/** The engine's settings of one resolved profile: the values without their origins. */
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

// The compiled values and the engine's settings are one shape: a field added to one side and not the other stops the build.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type SameShape = Assert<Same<HeartbeatValues, HeartbeatSettings>>;
