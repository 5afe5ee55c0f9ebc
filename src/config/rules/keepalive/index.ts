// The face of keepalive/ (HB230s push keep-alive, HB240s TCP keep-alive): timers, cleanup and listener options.
export * from './hb230-push-keepalive-without-cleanup.js';
export * from './hb231-cleanup-not-longer-than-keepalive.js';
export * from './hb232-push-keepalive-timer-missing.js';
export * from './hb240-second-keepalive-settings.js';
export * from './hb241-keepalive-non-tcp.js';
export * from './hb243-keepalive-without-settings.js';
