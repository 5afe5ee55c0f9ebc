import type { HeartbeatValues } from './compiled/types.js';
import { HEARTBEAT_FIELDS } from './heartbeat-fields.js';

/**
 * Built-in program defaults: what applies when neither a role's own heartbeat
 * profile nor the `DEFAULT` profile sets a value (SAP calls this "SAP program
 * logic"). Every number here is part of the documented contract (README,
 * "Built-in defaults"); changing one changes compiled output and hashes.
 */

export type BuiltinHeartbeat = HeartbeatValues;

/** The heartbeat built-ins, from the `builtin` column of `HEARTBEAT_FIELDS` (where each one's reason is written). */
export const BUILTIN_HEARTBEAT: Readonly<BuiltinHeartbeat> = Object.freeze(
  Object.fromEntries(HEARTBEAT_FIELDS.map((f) => [f.key, f.builtin])) as unknown as BuiltinHeartbeat,
);

/** "The CMS acknowledges the ping immediately": 5 s is generous for a LAN round trip yet bounds the outage detection. */
export const BUILTIN_CMS_ACK_TIMEOUT_MS = 5_000;

export interface BuiltinKeepAlive {
  idleTimeMs: number;
  probeIntervalMs: number;
  probeCount: number;
}

/**
 * Workstation keep-alive timing when no `KeepAliveSettings` document exists.
 * The operating system's own default (Linux `tcp_keepalive_time` 7200 s)
 * would leave a vanished client holding its `-x` slot for two hours; these
 * values find it within idle + interval × count = 300 + 30 × 4 = 420 s.
 */
export const BUILTIN_KEEPALIVE: Readonly<BuiltinKeepAlive> = Object.freeze({
  idleTimeMs: 300_000,
  probeIntervalMs: 30_000,
  probeCount: 4,
});

/**
 * Since Chrome 86 a tab hidden for 5 minutes runs chained timers at most once
 * a minute; 10 s on top allows for network latency. A lag below this logs off
 * agents whose toolbar sits in a background tab.
 */
export const BACKGROUND_TAB_PING_GAP_MS = 60_000;
export const LATENCY_ALLOWANCE_MS = 10_000;
export const BACKGROUND_TAB_MIN_LAG_MS = BACKGROUND_TAB_PING_GAP_MS + LATENCY_ALLOWANCE_MS;

/** Siebel's Push Keep Alive channel type and its parameters. */
export const PUSH_KEEP_ALIVE_CHANNEL_TYPE = 'Push Keep Alive';
export const PUSH_KEEP_ALIVE_TIMER = 'PushKeepAliveTimer';
export const CHANNEL_CLEANUP_TIMER = 'ChannelCleanupTimer';

/** Channel types are compared loosely ("push keep-alive" is the same driver). */
export function isPushKeepAliveChannel(channelType: string): boolean {
  return channelType.toLowerCase().replace(/[\s_-]+/g, '') === 'pushkeepalive';
}

/** Workstation keep-alive works only over TCP/IP. */
export const TCP_DEVICE = '/dev/tcp';
