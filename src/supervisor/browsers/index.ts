export { agentSocketUrl } from './agent-url.js';
export { DEFAULT_RECONNECT_BACKOFF, backoffDelayMs, type BackoffOptions } from './backoff.js';
export { SimulatedBrowser, type BrowserOptions, type SupervisorAddress } from './browser.js';
export { MAX_BROWSERS, browserCapacity } from './capacity.js';
export type { BrowserEvent, BrowserEventSink, CallAnswer } from './events.js';
export { BrowserFleet, DEFAULT_RELOGIN_AFTER_MS, type FleetFault, type FleetOptions } from './fleet.js';
export { LatencyHistogram } from './latency-histogram.js';
export { agentId, planRoles, prefixProblem, type RolePlan } from './roles.js';
export { FleetStats, type FleetSummary } from './stats.js';
