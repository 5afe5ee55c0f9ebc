export { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { CmsClient, cmsPortOf, type CmsClientHandlers, type CmsClientOptions, type CmsClientStats } from './client.js';
export { cmsTargets, parseHostPort, type CmsTarget, type HostPort } from './endpoints.js';
export { LineSplitter, type SplitItem } from './line-splitter.js';
export * from './protocol.js';
