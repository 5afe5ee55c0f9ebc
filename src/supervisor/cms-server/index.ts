export { CallRouter, type CallRouterOptions, type CallRouterStats, type CmsEventLog, type ConnectionId } from './call-router.js';
export { exponentialGapMs, seededRandom } from './random.js';
export { CmsServer, DEFAULT_CMS_SERVER_LIMITS, type CmsServerLimits, type CmsServerOptions } from './server.js';
