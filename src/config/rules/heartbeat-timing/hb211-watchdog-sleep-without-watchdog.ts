import { profileValues } from '../shared/heartbeat-profiles.js';
import { watchdogState } from './hb210-watchdog-setting-without-watchdog.js';
import { defineRule } from '../types.js';

/** A sleep time alone is harmless but suggests the admin believes a watchdog runs. */
export const hb211 = defineRule(
  {
    id: 'HB211',
    name: 'watchdog-sleep-without-watchdog',
    severity: 'warning',
    summary: 'watchdogSleepTime is the only watchdog setting of a profile whose watchdog is off.',
  },
  (landscape, report) => {
    for (const { profile, values } of profileValues(landscape)) {
      const { spec } = profile;
      // With heartbeatWatchdogLag or cmsPingInterval also set, HB210 already says the watchdog is off.
      if (spec.watchdogSleepTimeMs === undefined || spec.heartbeatWatchdogLagMs !== undefined || (spec.cmsPingIntervalMs ?? 0) > 0) {
        continue;
      }
      if (values.watchdogEnabled.value) continue;
      report(
        profile.doc,
        ['spec', 'watchdogSleepTime'],
        `watchdogSleepTime is set but ${watchdogState(values)}: no watchdog wakes up, browsers are only checked when a CMS event arrives (mode A); ` +
          `set watchdogEnabled: true to use the watchdog, or remove watchdogSleepTime`,
      );
    }
  },
);
