export { isLoopback, parseListenerAddress, type ListenAddress } from './address.js';
export type { LogLine, WorkstationListenerMetrics } from './events.js';
export { DEFAULT_LIMITS, type WorkstationLimits } from './limits.js';
export { WorkstationListenerServer, type WorkstationListenerStats, type WorkstationServerOptions } from './listener.js';
export { WorkstationListeners, WorkstationSetupError, type WorkstationListenersOptions } from './listeners.js';
export * from './protocol.js';
export {
  WorkstationClient,
  WorkstationConnectError,
  type WorkstationClientEvent,
  type WorkstationClientOptions,
  type WorkstationClientSummary,
} from './client.js';
