/**
 * The heartbeat settings an engine runs with: plain milliseconds, no origins.
 * The engine declares them itself so it depends on no configuration format;
 * the runtime maps a compiled configuration onto them.
 */
export interface HeartbeatSettings {
  browserPingIntervalMs: number;
  /** Mode A: the longest gap between the last ping and a CMS event that still delivers the event. */
  heartbeatLagMs: number;
  /** Mode B when true: a watchdog checks the heartbeat, events are not checked. */
  watchdogEnabled: boolean;
  watchdogSleepTimeMs: number;
  heartbeatWatchdogLagMs: number;
  /** 0 means the CMS availability check is off. */
  cmsPingIntervalMs: number;
}
