import { TCP_DEVICE } from '../../builtin.js';
import { cloptOptionPosition, DEVICE_OPTION, devicePath, KEEPALIVE_OPTION } from './listener-options.js';
import { defineRule } from '../types.js';

/** Tuxedo accepts -K anywhere but applies it only over TCP/IP; elsewhere it logs once and carries on without it. */
export const hb241 = defineRule(
  {
    id: 'HB241',
    name: 'keepalive-non-tcp',
    severity: 'error',
    summary: 'A workstation listener asks for keep-alive (-K other than none) on a device that is not /dev/tcp.',
  },
  (landscape, report) => {
    for (const listener of landscape.workstationListeners) {
      const { keepAlive, device } = listener.spec;
      if (keepAlive === 'none' || device === TCP_DEVICE) continue;
      const where = device === undefined ? 'names no device (-d)' : `uses device ${device}`;
      report(
        listener.doc,
        devicePath(listener),
        `WorkstationListener '${listener.name}' asks for keep-alive (-K ${keepAlive}) but ${where}; keep-alive works only over TCP/IP, ` +
          `elsewhere Tuxedo logs a message and does not apply it; use -d ${TCP_DEVICE}, or -K none`,
        false,
        cloptOptionPosition(listener, device === undefined ? KEEPALIVE_OPTION : DEVICE_OPTION),
      );
    }
  },
);
