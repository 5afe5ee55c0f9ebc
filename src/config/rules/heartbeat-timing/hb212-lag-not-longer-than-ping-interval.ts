import { BACKGROUND_TAB_MIN_LAG_MS } from '../../builtin.js';
import { yamlKeyOf } from '../../heartbeat-fields.js';
import { activeLagKey, checkProfiles, seconds } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';

/** A lag no longer than the ping interval expires between two healthy pings: every agent is logged off. */
export const hb212 = defineRule(
  {
    id: 'HB212',
    name: 'lag-not-longer-than-ping-interval',
    severity: 'error',
    summary: 'The active lag (heartbeatLag, or heartbeatWatchdogLag with the watchdog) is not longer than browserPingInterval.',
  },
  (landscape, report) =>
    checkProfiles(landscape, report, (values) => {
      const lagKey = activeLagKey(values);
      const pingMs = values.browserPingIntervalMs.value;
      if (values[lagKey].value > pingMs) return undefined;
      const backgroundTab =
        2 * pingMs < BACKGROUND_TAB_MIN_LAG_MS
          ? `; ${seconds(BACKGROUND_TAB_MIN_LAG_MS)} or more also absorbs a background tab's one-minute ping gap`
          : '';
      return {
        fields: [lagKey, 'browserPingIntervalMs'],
        selector: 'watchdogEnabled',
        message: (show) =>
          `${show(lagKey)} is not longer than ${show('browserPingIntervalMs')}: every agent would be logged off between two pings; ` +
          `make ${yamlKeyOf(lagKey)} at least 2 × the ping interval (${seconds(2 * pingMs)})${backgroundTab}`,
      };
    }),
);
