import { isPushKeepAliveChannel, PUSH_KEEP_ALIVE_TIMER } from '../../builtin.js';
import { findByName } from '../../compiled/resolve.js';
import { defineRule } from '../types.js';

/** A required driver parameter with neither a default nor an override leaves the driver unable to start. */
export const hb222 = defineRule(
  {
    id: 'HB222',
    name: 'required-parameter-missing',
    severity: 'error',
    summary: 'A communications profile leaves a required driver parameter without a value (no driver default, no override).',
  },
  (landscape, report) => {
    for (const profile of landscape.communicationsProfiles) {
      const driver = findByName(landscape.communicationsDrivers, profile.spec.driver);
      if (!driver) continue;
      const overrides = profile.spec.parameterOverrides;
      for (const [name, declared] of Object.entries(driver.spec.parameters)) {
        if (!declared.required || declared.default !== undefined || Object.hasOwn(overrides, name)) continue;
        // HB232 reports a missing PushKeepAliveTimer with a message specific to that driver.
        if (name === PUSH_KEEP_ALIVE_TIMER && isPushKeepAliveChannel(driver.spec.channelType)) continue;
        const path = Object.keys(overrides).length > 0 ? ['spec', 'parameterOverrides'] : ['spec', 'driver'];
        report(
          profile.doc,
          path,
          `driver '${driver.name}' requires parameter ${name} (type ${declared.type}) and has no default for it; ` +
            `add it to parameterOverrides of CommunicationsProfile '${profile.name}', or give it a default in the driver`,
        );
      }
    }
  },
);
