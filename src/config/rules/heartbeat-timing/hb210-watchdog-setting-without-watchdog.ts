import { profileValues } from '../shared/heartbeat-profiles.js';
import { defineRule } from '../types.js';
import type { ResolvedFields } from '../../compiled/resolve.js';

export function watchdogState(values: ResolvedFields): string {
  const { value, origin } = values.watchdogEnabled;
  if (origin.source === 'builtin') return `watchdogEnabled is ${value} (built-in default)`;
  return `watchdogEnabled is ${value} (from ${origin.profile})`;
}

/** Watchdog-only settings in a profile whose watchdog is off have no effect: the admin expected a check that never runs. */
export const hb210 = defineRule(
  {
    id: 'HB210',
    name: 'watchdog-setting-without-watchdog',
    severity: 'error',
    summary: 'heartbeatWatchdogLag or cmsPingInterval is set while watchdogEnabled is not true, so it has no effect.',
  },
  (landscape, report) => {
    for (const { profile, values } of profileValues(landscape)) {
      if (values.watchdogEnabled.value) continue;
      const state = watchdogState(values);
      if (profile.spec.heartbeatWatchdogLagMs !== undefined) {
        report(
          profile.doc,
          ['spec', 'heartbeatWatchdogLag'],
          `heartbeatWatchdogLag is set but ${state}: only the watchdog uses this lag, so no browser is ever checked against it; ` +
            `set watchdogEnabled: true, or remove heartbeatWatchdogLag and use heartbeatLag (mode A)`,
        );
      }
      if ((profile.spec.cmsPingIntervalMs ?? 0) > 0) {
        report(
          profile.doc,
          ['spec', 'cmsPingInterval'],
          `cmsPingInterval is set but ${state}: the CMS availability check runs inside the watchdogs, so the CMS is never pinged; ` +
            `set watchdogEnabled: true, or remove cmsPingInterval`,
        );
      }
    }
  },
);
