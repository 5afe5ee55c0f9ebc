import type { SessionHub } from './hub.js';

export interface StatusSnapshot {
  version: 1;
  serverTimeMs: number;
  startedAtMs: number;
  draining: boolean;
  /** Open agent WebSocket connections. */
  connections: number;
  agents: { loggedIn: number; connected: number; byRole: Record<string, number> };
  /** At most `MAX_LISTED_SESSIONS` sessions, by agent id. */
  sessions: { agent: string; role: string; mode: string; connected: boolean; loggedInAtMs: number; lastPingAtMs: number }[];
  sessionsTruncated: boolean;
}

export const MAX_LISTED_SESSIONS = 1000;

/** The body of `/status.json` (docs/protocol.md#operator-endpoints). */
export function statusSnapshot(hub: SessionHub, connections: number, startedAtMs: number, nowMs: number): StatusSnapshot {
  const byRole: Record<string, number> = Object.create(null) as Record<string, number>;
  let connected = 0;
  const sessions: StatusSnapshot['sessions'] = [];
  for (const s of hub.all()) {
    byRole[s.role] = (byRole[s.role] ?? 0) + 1;
    if (s.channel !== null) connected += 1;
    if (sessions.length < MAX_LISTED_SESSIONS) {
      sessions.push({
        agent: s.agentId,
        role: s.role,
        mode: s.profile.mode,
        connected: s.channel !== null,
        loggedInAtMs: s.loggedInAtMs,
        lastPingAtMs: s.lastPingAtMs,
      });
    }
  }
  sessions.sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));
  return {
    version: 1,
    serverTimeMs: nowMs,
    startedAtMs,
    draining: hub.draining,
    connections,
    agents: { loggedIn: hub.size, connected, byRole },
    sessions,
    sessionsTruncated: hub.size > sessions.length,
  };
}
