export type {
  Clock,
  CmsLockToken,
  CmsPort,
  CmsSnapshot,
  CmsStatusListener,
  CmsTable,
  HeartbeatTable,
  HeartbeatWriteBehind,
  TimerId,
} from './ports.js';
export type { HeartbeatSettings } from './settings.js';
export { CommunicationSession, type LogoffReason, type OfferResult, type SessionListener } from './session.js';
export { Watchdog } from './watchdog.js';
export { CMS_LOCK_MARGIN_MS, CmsCheck, type CmsCheckListener, type CmsCheckOptions } from './cms-check.js';
export { PushKeepAlive, type PushKeepAliveListener, type PushKeepAliveOptions } from './push-keepalive.js';
export {
  WorkstationKeepAlive,
  type CallResult,
  type KeepAliveMode,
  type KeepAliveTiming,
  type WorkstationListenerConfig,
  type WorkstationListenerEvents,
  type WorkstationProbePort,
} from './workstation-keepalive.js';
export { KeepAliveProber } from './keepalive-prober.js';
