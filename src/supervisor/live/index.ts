export { AgentRegistry } from './agent-registry.js';
export { CmsConnections, unreachableSystems } from './cms-connections.js';
export { RuntimeSessions } from './runtime-sessions.js';
export { Supervisor, SupervisorStartError, type ReloadResult, type SupervisorOptions } from './supervisor.js';
