import type { CompiledListener } from '../../src/config/compiled/types.js';

/** A compiled workstation listener with `-K handler` on /dev/tcp and no -x limit; `extra` overrides any field. */
export function compiledListener(name: string, extra: Partial<CompiledListener> = {}): CompiledListener {
  return {
    name,
    srvgrp: 'G',
    srvid: 1,
    restart: false,
    grace: null,
    address: '//127.0.0.1:5120',
    device: '/dev/tcp',
    keepAlive: 'handler',
    keepAliveApplied: true,
    maxClients: null,
    clopt: null,
    ...extra,
  };
}
