import { CHANNEL_CLEANUP_TIMER } from '../../builtin.js';
import { seconds } from '../shared/heartbeat-profiles.js';
import { pushUses } from './push-uses.js';
import { nearestName } from '../../nearest-name.js';
import { defineRule } from '../types.js';

/**
 * Siebel: "When you use the Push Keep Alive driver, you must also set the
 * ChannelCleanupTimer configuration parameter", or channels that browsers
 * abandoned are kept alive by the heartbeat itself and never dropped.
 */
export const hb230 = defineRule(
  {
    id: 'HB230',
    name: 'push-keepalive-without-cleanup',
    severity: 'error',
    summary: 'A communications configuration uses a Push Keep Alive driver but does not set ChannelCleanupTimer.',
  },
  (landscape, report) => {
    for (const config of landscape.communicationsConfigurations) {
      const uses = pushUses(landscape, config);
      const first = uses[0];
      if (!first || Object.hasOwn(config.spec.parameters, CHANNEL_CLEANUP_TIMER)) continue;
      const names = Object.keys(config.spec.parameters);
      const near = nearestName(CHANNEL_CLEANUP_TIMER, names);
      const typo = near ? ` ('${near}' is not it: parameter names are case-sensitive)` : '';
      const example = first.timerMs === undefined ? 600 : Math.max(600, (2 * first.timerMs) / 1000);
      const timer = first.timerMs === undefined ? '' : ` (PushKeepAliveTimer ${seconds(first.timerMs)})`;
      const path = names.length > 0 ? ['spec', 'parameters'] : ['spec', 'profiles', first.index];
      report(
        config.doc,
        path,
        `CommunicationsConfiguration '${config.name}' uses Push Keep Alive driver '${first.driver.name}' (profile '${first.profile.name}') ` +
          `but does not set ${CHANNEL_CLEANUP_TIMER}${typo}: abandoned push channels are never dropped; ` +
          `add parameters: { ${CHANNEL_CLEANUP_TIMER}: ${example} } — longer than the keep-alive timer${timer}`,
      );
    }
  },
);
