import { whereDefined } from '../shared/entities.js';
import { defineRule } from '../types.js';

/** Tuxedo keep-alive timing is system-wide, like the OS tunables: there is one setting for every listener. */
export const hb240 = defineRule(
  {
    id: 'HB240',
    name: 'second-keepalive-settings',
    severity: 'error',
    summary: 'More than one KeepAliveSettings document; keep-alive timing is system-wide.',
  },
  (landscape, report) => {
    const [first, ...others] = landscape.keepAliveSettings;
    if (!first) return;
    for (const extra of others) {
      report(
        extra.doc,
        ['kind'],
        `a second KeepAliveSettings ('${extra.name}'): keep-alive timing is system-wide, one setting for every listener, ` +
          `and '${first.name}' at ${whereDefined(first)} already sets it; merge the two into one document`,
      );
    }
  },
);
