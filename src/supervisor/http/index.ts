/**
 * The supervisor's HTTP and WebSocket face (docs/protocol.md). Wiring, for
 * `hbctl start`:
 *
 *   const metrics = new SupervisorMetrics({ version });
 *   const log = createSupervisorLogger({ format });
 *   let events: AgentEvents | null = null;            // the runtime's listener forwards here
 *   const sessions: AgentSessions = adapt(runtime);  // agent ids are strings on the wire
 *   const server = await startHttpServer({ sessions, metrics, log, listen, authToken });
 *   events = server.events;
 *   ...
 *   await server.close();                            // drains, logs off with reason `shutdown`
 *
 * The face records the agent metrics itself (log-ins, pings, log-offs and
 * detection time, keep-alive frames, cleaned channels); the CMS client, the
 * workstation listeners and the reloader call the other `SupervisorMetrics`
 * methods.
 */
export type { AgentEvents, AgentSessions, CallOffer, CallOutcome, LoginOutcome, LogoffReason, SessionProfile } from './agent-sessions.js';
export { readTokenFile, isLoopback } from './auth.js';
export { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
export { DEFAULT_LISTEN, parseListenAddress } from './listen-address.js';
export { AGENT_PATH, CLOSE, PROTOCOL_VERSION, decodeClientMessage, type ClientMessage, type ServerMessage } from './protocol.js';
export { HttpStartRefused, startHttpServer, type HttpServer, type HttpServerOptions } from './server.js';
export type { StatusSnapshot, StoreStatusView } from './status.js';
