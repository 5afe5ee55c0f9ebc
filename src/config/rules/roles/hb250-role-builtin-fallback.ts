import { BUILTIN_HEARTBEAT } from '../../builtin.js';
import { DEFAULT_PROFILE_NAME } from '../../model.js';
import { findByName } from '../../compiled/resolve.js';
import { seconds } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';

/** Built-in defaults are legal but invisible in the files: the admin should choose them on purpose. */
export const hb250 = defineRule(
  {
    id: 'HB250',
    name: 'role-builtin-fallback',
    severity: 'warning',
    summary: 'A business role has no heartbeat profile and there is no DEFAULT profile, so only built-in defaults apply.',
  },
  (landscape, report) => {
    if (findByName(landscape.heartbeatProfiles, DEFAULT_PROFILE_NAME)) return;
    const b = BUILTIN_HEARTBEAT;
    for (const role of landscape.businessRoles) {
      if (role.spec.heartbeatProfile !== undefined) continue;
      report(
        role.doc,
        ['metadata', 'name'],
        `BusinessRole ${role.name} has no heartbeatProfile and there is no HeartbeatProfile named ${DEFAULT_PROFILE_NAME}: ` +
          `it runs on built-in defaults (mode A, browserPingInterval ${seconds(b.browserPingIntervalMs)}, heartbeatLag ${seconds(b.heartbeatLagMs)}, no watchdog); ` +
          `assign a heartbeatProfile or define a ${DEFAULT_PROFILE_NAME} profile`,
      );
    }
  },
);
