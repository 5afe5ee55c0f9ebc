import { CHANNEL_CLEANUP_TIMER } from '../../builtin.js';
import { secondsValueMs } from '../../compiled/resolve.js';
import { seconds } from '../shared/heartbeat-profiles.js';
import { parameterOriginText, pushUses } from './push-uses.js';
import { defineRule } from '../types.js';

/** A cleanup timer that expires before the next keep-alive heartbeat drops channels whose browsers are still there. */
export const hb231 = defineRule(
  {
    id: 'HB231',
    name: 'cleanup-not-longer-than-keepalive',
    severity: 'error',
    summary: 'ChannelCleanupTimer is not longer than the PushKeepAliveTimer of a Push Keep Alive profile of the configuration.',
  },
  (landscape, report) => {
    for (const config of landscape.communicationsConfigurations) {
      const raw = config.spec.parameters[CHANNEL_CLEANUP_TIMER];
      const cleanupMs = raw === undefined ? undefined : secondsValueMs(raw);
      if (cleanupMs === undefined) continue;
      for (const use of pushUses(landscape, config)) {
        if (use.timerMs === undefined || cleanupMs > use.timerMs) continue;
        report(
          config.doc,
          ['spec', 'parameters', CHANNEL_CLEANUP_TIMER],
          `${CHANNEL_CLEANUP_TIMER} (${seconds(cleanupMs)}) is not longer than PushKeepAliveTimer (${seconds(use.timerMs)}, ` +
            `${parameterOriginText(use.timerOrigin)}): live channels are dropped between two keep-alive heartbeats; ` +
            `set ${CHANNEL_CLEANUP_TIMER} above ${seconds(use.timerMs)}, e.g. ${(2 * use.timerMs) / 1000}`,
        );
      }
    }
  },
);
