import type { AgentEvents, AgentSessions, CallOutcome, LoginOutcome, SessionProfile } from '../../../src/supervisor/http/index.js';

export interface FakeRole extends SessionProfile {
  /** Watchdog: log off when no ping for this long (mode B). */
  watchdogLagMs: number;
}

interface FakeSession {
  role: string;
  lastPingAtMs: number;
  watchdog: NodeJS.Timeout | null;
  keepAlive: NodeJS.Timeout | null;
  cleanup: NodeJS.Timeout | null;
}

/**
 * A small runtime on real timers for the face's tests: a watchdog per agent
 * (log-off `watchdog` after `watchdogLagMs` without a ping), a push channel
 * per agent (keep-alive frames every `pushKeepAliveTimerMs`, clean-up after
 * `channelCleanupTimerMs` without browser activity). Records every call.
 */
export class FakeSessions implements AgentSessions {
  events: AgentEvents | null = null;
  readonly calls: string[] = [];
  readonly pings = new Map<string, number>();
  private readonly live = new Map<string, FakeSession>();

  constructor(private readonly roles: ReadonlyMap<string, FakeRole>) {}

  isLoggedIn(agentId: string): boolean {
    return this.live.has(agentId);
  }

  login(agentId: string, role: string): LoginOutcome {
    this.calls.push(`login ${agentId} ${role}`);
    const profile = this.roles.get(role);
    if (profile === undefined) return { ok: false, error: 'unknown-role', message: `no business role ${role}` };
    const s: FakeSession = { role, lastPingAtMs: Date.now(), watchdog: null, keepAlive: null, cleanup: null };
    this.live.set(agentId, s);
    this.armWatchdog(agentId, s, profile);
    this.openChannel(agentId, s, profile);
    const { watchdogLagMs: _lag, ...sessionProfile } = profile;
    return { ok: true, profile: sessionProfile };
  }

  ping(agentId: string): boolean {
    const s = this.live.get(agentId);
    if (s === undefined) return false;
    this.pings.set(agentId, (this.pings.get(agentId) ?? 0) + 1);
    s.lastPingAtMs = Date.now();
    this.armWatchdog(agentId, s, this.roles.get(s.role)!);
    return true;
  }

  channelActivity(agentId: string): void {
    const s = this.live.get(agentId);
    if (s === undefined) return;
    const profile = this.roles.get(s.role)!;
    if (s.keepAlive === null) this.openChannel(agentId, s, profile);
    else this.armCleanup(agentId, s, profile);
  }

  logOff(agentId: string, reason: 'client' | 'replaced' | 'shutdown'): void {
    this.calls.push(`logOff ${agentId} ${reason}`);
    this.end(agentId);
    // Echo like a runtime listener would: the face must ignore it.
    this.events?.loggedOff(agentId, reason, Date.now());
  }

  disconnected(agentId: string): void {
    this.calls.push(`disconnected ${agentId}`);
  }

  accept(agentId: string, callId: string): CallOutcome {
    this.calls.push(`accept ${agentId} ${callId}`);
    return 'done';
  }

  reject(agentId: string, callId: string): CallOutcome {
    this.calls.push(`reject ${agentId} ${callId}`);
    return 'done';
  }

  stop(): void {
    for (const id of [...this.live.keys()]) this.end(id);
  }

  private end(agentId: string): void {
    const s = this.live.get(agentId);
    if (s === undefined) return;
    for (const t of [s.watchdog, s.keepAlive, s.cleanup]) if (t !== null) clearTimeout(t);
    this.live.delete(agentId);
  }

  private armWatchdog(agentId: string, s: FakeSession, profile: FakeRole): void {
    if (s.watchdog !== null) clearTimeout(s.watchdog);
    s.watchdog = setTimeout(() => {
      this.end(agentId);
      this.events?.loggedOff(agentId, 'watchdog', Date.now());
    }, profile.watchdogLagMs);
  }

  private openChannel(agentId: string, s: FakeSession, profile: FakeRole): void {
    if (profile.pushKeepAliveTimerMs === null) return;
    s.keepAlive = setInterval(() => this.events?.pushKeepAlive(agentId, Date.now()), profile.pushKeepAliveTimerMs);
    this.armCleanup(agentId, s, profile);
  }

  private armCleanup(agentId: string, s: FakeSession, profile: FakeRole): void {
    if (profile.channelCleanupTimerMs === null) return;
    if (s.cleanup !== null) clearTimeout(s.cleanup);
    s.cleanup = setTimeout(() => {
      if (s.keepAlive !== null) clearInterval(s.keepAlive);
      s.keepAlive = null;
      s.cleanup = null;
      this.events?.channelCleaned(agentId, Date.now());
    }, profile.channelCleanupTimerMs);
  }
}

export const ROLES: ReadonlyMap<string, FakeRole> = new Map([
  ['AGENT', { browserPingIntervalMs: 400, mode: 'B', pushKeepAliveTimerMs: null, channelCleanupTimerMs: null, watchdogLagMs: 1500 }],
  ['PUSH', { browserPingIntervalMs: 400, mode: 'B', pushKeepAliveTimerMs: 150, channelCleanupTimerMs: 700, watchdogLagMs: 5000 }],
]);
