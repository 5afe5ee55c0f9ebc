import { BUILTIN_KEEPALIVE, TCP_DEVICE } from '../../builtin.js';
import { seconds } from '../shared/heartbeat-profiles.js';
import { cloptOptionPosition, KEEPALIVE_OPTION, keepAlivePath } from './listener-options.js';
import { defineRule } from '../types.js';

/** Without stated timing the OS tunables decide: Linux waits two hours before the first probe. */
export const hb243 = defineRule(
  {
    id: 'HB243',
    name: 'keepalive-without-settings',
    severity: 'warning',
    summary: 'A listener uses keep-alive but no KeepAliveSettings document states the probe timing.',
  },
  (landscape, report) => {
    if (landscape.keepAliveSettings.length > 0) return;
    const k = BUILTIN_KEEPALIVE;
    for (const listener of landscape.workstationListeners) {
      // On a non-TCP device keep-alive is not applied at all (HB241), so its timing does not matter.
      if (listener.spec.keepAlive === 'none' || listener.spec.device !== TCP_DEVICE) continue;
      report(
        listener.doc,
        keepAlivePath(listener),
        `WorkstationListener '${listener.name}' uses keep-alive (-K ${listener.spec.keepAlive}) but no KeepAliveSettings states the timing: ` +
          `the operating system defaults apply (Linux idles 2 h before the first probe) while hbctl assumes ` +
          `${seconds(k.idleTimeMs)} idle, a probe every ${seconds(k.probeIntervalMs)}, ${k.probeCount} probes; add one KeepAliveSettings document`,
        false,
        cloptOptionPosition(listener, KEEPALIVE_OPTION),
      );
    }
  },
);
