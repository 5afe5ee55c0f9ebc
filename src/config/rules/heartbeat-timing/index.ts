// The face of heartbeat-timing/ (HB210s): watchdog settings, lag against ping interval and background-tab gaps.
export * from './hb210-watchdog-setting-without-watchdog.js';
export * from './hb211-watchdog-sleep-without-watchdog.js';
export * from './hb212-lag-not-longer-than-ping-interval.js';
export * from './hb213-lag-tolerates-no-lost-ping.js';
export * from './hb214-background-tab-gap.js';
export * from './hb215-watchdog-sleep-exceeds-lag.js';
