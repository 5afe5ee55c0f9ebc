import { BACKGROUND_TAB_MIN_LAG_MS } from '../../builtin.js';
import { yamlKeyOf } from '../../heartbeat-fields.js';
import { activeLagKey, checkProfiles, seconds } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';

/**
 * Chrome (since 86) runs a hidden tab's chained timers at most once a minute,
 * so an agent with the toolbar in a background tab pings about every 60 s
 * whatever browserPingInterval says; 10 s more allows for latency.
 */
export const hb214 = defineRule(
  {
    id: 'HB214',
    name: 'background-tab-gap',
    severity: 'warning',
    summary: "The active lag is under 70s and cannot absorb Chrome's one-minute throttled ping gap plus 10s of latency.",
  },
  (landscape, report) =>
    checkProfiles(landscape, report, (values) => {
      const lagKey = activeLagKey(values);
      const lagMs = values[lagKey].value;
      // Not longer than one interval at all is HB212's error.
      if (lagMs <= values.browserPingIntervalMs.value || lagMs >= BACKGROUND_TAB_MIN_LAG_MS) return undefined;
      return {
        fields: [lagKey],
        selector: 'watchdogEnabled',
        message: (show) =>
          `${show(lagKey)} cannot absorb the one-minute ping gap of a toolbar in a background tab (Chrome throttles hidden tabs' timers to once a minute) ` +
          `plus 10s of latency: such agents are logged off although they are at their desk; ` +
          `make ${yamlKeyOf(lagKey)} at least ${seconds(BACKGROUND_TAB_MIN_LAG_MS)}`,
      };
    }),
);
