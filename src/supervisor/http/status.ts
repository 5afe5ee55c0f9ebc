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
  /** The node's store (`--store`), when the supervisor gives it: `up` false while the node runs degraded. */
  store?: StoreStatusView;
}

/** What `/status.json` and `/healthz` say of the store. */
export interface StoreStatusView {
  kind: 'memory' | 'redis';
  up: boolean;
  /** Store operations that failed or were answered locally since start. */
  errors: number;
  /** Epoch ms of the last up/down change. */
  sinceMs: number;
  lastError: string | null;
}

/** The `/healthz` body: still 200 while the store is degraded (the node works on its own), but it says so. */
export function healthText(store: StoreStatusView | undefined): string {
  if (store === undefined) return 'ok\n';
  if (store.up) return `ok\nstore: ${store.kind} up\n`;
  const last = store.lastError === null ? '' : `; last: ${store.lastError}`;
  return `degraded\nstore: ${store.kind} unreachable since ${new Date(store.sinceMs).toISOString()} (${store.errors} errors${last}); pings and watchdogs run on this node's own table\n`;
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
