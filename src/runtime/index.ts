/**
 * The runtime: which engines exist for a compiled configuration, driven by
 * the simulator and by the live supervisor alike (SPEC §4).
 */
export { Runtime, type RuntimeListener, type RuntimeOptions, type RuntimeProblem } from './runtime.js';
export { cmsOfRole, cmsSystemsOf, IMPLICIT_CMS, IMPLICIT_CMS_ACK_TIMEOUT_MS, systemsOfCms, type CmsSystem } from './cms-systems.js';
export { heartbeatSettingsOf } from './settings.js';
// The in-process stores, for drivers that run in one process (the simulator, tests, a single supervisor).
export { InProcessCmsTable, InProcessHeartbeatTable, type InProcessCmsTableOptions } from '../store/index.js';
export type { Clock, CmsPort, CmsTable, HeartbeatTable, TimerId } from '../engine/ports.js';
export type { LogoffReason, OfferResult } from '../engine/session.js';
export type { HeartbeatSettings } from '../engine/settings.js';
