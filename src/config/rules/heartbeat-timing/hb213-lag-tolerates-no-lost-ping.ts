import { yamlKeyOf } from '../../heartbeat-fields.js';
import { activeLagKey, checkProfiles, seconds } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';

/** Below two ping intervals, one ping lost or delayed by the network is enough for a false log-off. */
export const hb213 = defineRule(
  {
    id: 'HB213',
    name: 'lag-tolerates-no-lost-ping',
    severity: 'warning',
    summary: 'The active lag is shorter than 2 × browserPingInterval, so a single lost ping logs the agent off.',
  },
  (landscape, report) =>
    checkProfiles(landscape, report, (values) => {
      const lagKey = activeLagKey(values);
      const lagMs = values[lagKey].value;
      const pingMs = values.browserPingIntervalMs.value;
      // Not longer than one interval at all is HB212's error.
      if (lagMs <= pingMs || lagMs >= 2 * pingMs) return undefined;
      return {
        fields: [lagKey, 'browserPingIntervalMs'],
        selector: 'watchdogEnabled',
        message: (show) =>
          `${show(lagKey)} is shorter than 2 × ${show('browserPingIntervalMs')}: a single lost or late ping logs a working agent off; ` +
          `make ${yamlKeyOf(lagKey)} at least ${seconds(2 * pingMs)}`,
      };
    }),
);
