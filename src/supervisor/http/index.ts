export type { AgentEvents, AgentSessions, CallOffer, CallOutcome, LoginOutcome, LogoffReason, SessionProfile } from './agent-sessions.js';
export { readTokenFile, isLoopback } from './auth.js';
export { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
export { DEFAULT_LISTEN, parseListenAddress } from './listen-address.js';
export { AGENT_PATH, CLOSE, PROTOCOL_VERSION, decodeClientMessage, type ClientMessage, type ServerMessage } from './protocol.js';
export { HttpStartRefused, startHttpServer, type HttpServer, type HttpServerOptions } from './server.js';
export type { StatusSnapshot, StoreStatusView } from './status.js';
