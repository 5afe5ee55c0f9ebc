import { checkProfiles, seconds } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';

/** The watchdog only looks every sleep time, so the real detection bound is lag + sleep, not the lag. */
export const hb215 = defineRule(
  {
    id: 'HB215',
    name: 'watchdog-sleep-exceeds-lag',
    severity: 'warning',
    summary: 'watchdogSleepTime is longer than heartbeatWatchdogLag, so dead browsers are detected much later than the lag suggests.',
  },
  (landscape, report) =>
    checkProfiles(landscape, report, (values) => {
      if (!values.watchdogEnabled.value) return undefined;
      const sleepMs = values.watchdogSleepTimeMs.value;
      const lagMs = values.heartbeatWatchdogLagMs.value;
      if (sleepMs <= lagMs) return undefined;
      return {
        fields: ['watchdogSleepTimeMs', 'heartbeatWatchdogLagMs'],
        selector: 'watchdogEnabled',
        message: (show) =>
          `${show('watchdogSleepTimeMs')} is longer than ${show('heartbeatWatchdogLagMs')}: a dead browser is logged off up to ` +
          `${seconds(lagMs + sleepMs)} after its last ping, not after ${seconds(lagMs)} as the lag suggests; ` +
          `make watchdogSleepTime at most ${seconds(lagMs)}`,
      };
    }),
);
