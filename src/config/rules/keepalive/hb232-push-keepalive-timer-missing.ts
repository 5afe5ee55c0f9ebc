import { isPushKeepAliveChannel, PUSH_KEEP_ALIVE_TIMER } from '../../builtin.js';
import { findByName } from '../../compiled/resolve.js';
import { defineRule } from '../types.js';

/** The Push Keep Alive driver's heartbeat interval is its PushKeepAliveTimer: without it nothing is sent. */
export const hb232 = defineRule(
  {
    id: 'HB232',
    name: 'push-keepalive-timer-missing',
    severity: 'error',
    summary: 'A Push Keep Alive driver does not declare PushKeepAliveTimer, or a profile of it has no value for it.',
  },
  (landscape, report) => {
    for (const driver of landscape.communicationsDrivers) {
      if (!isPushKeepAliveChannel(driver.spec.channelType) || Object.hasOwn(driver.spec.parameters, PUSH_KEEP_ALIVE_TIMER)) continue;
      const path = Object.keys(driver.spec.parameters).length > 0 ? ['spec', 'parameters'] : ['spec', 'channelType'];
      report(
        driver.doc,
        path,
        `CommunicationsDriver '${driver.name}' has channel type Push Keep Alive but declares no ${PUSH_KEEP_ALIVE_TIMER}: ` +
          `nothing says how often to send the heartbeat; add parameters: { ${PUSH_KEEP_ALIVE_TIMER}: { type: seconds, default: 180 } }`,
      );
    }
    for (const profile of landscape.communicationsProfiles) {
      const driver = findByName(landscape.communicationsDrivers, profile.spec.driver);
      if (!driver || !isPushKeepAliveChannel(driver.spec.channelType)) continue;
      const declared = driver.spec.parameters[PUSH_KEEP_ALIVE_TIMER];
      if (!declared || declared.default !== undefined || Object.hasOwn(profile.spec.parameterOverrides, PUSH_KEEP_ALIVE_TIMER)) continue;
      report(
        profile.doc,
        ['spec', 'driver'],
        `CommunicationsProfile '${profile.name}' uses Push Keep Alive driver '${driver.name}', which has no default ${PUSH_KEEP_ALIVE_TIMER}, ` +
          `and does not override it; add parameterOverrides: { ${PUSH_KEEP_ALIVE_TIMER}: 180 }`,
      );
    }
  },
);
