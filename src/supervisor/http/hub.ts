import { randomBytes } from 'node:crypto';
import type { SupervisorLogger } from '../log.js';
import type { SupervisorMetrics } from '../metrics.js';
import type { AgentEvents, AgentSessions, CallOffer, LogoffReason, SessionProfile } from './agent-sessions.js';
import { CLOSE, PROTOCOL_VERSION, cmsStatusText, type ErrorCode, type ServerMessage } from './protocol.js';

/** What the hub needs of a connection; `AgentConnection` implements it. */
export interface SessionChannel {
  session: Session | null;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
  /** The runtime ended the session; the connection may log in again within the hello timeout. */
  unbound(): void;
}

export interface Session {
  readonly token: string;
  readonly agentId: string;
  readonly role: string;
  readonly profile: SessionProfile;
  readonly loggedInAtMs: number;
  lastPingAtMs: number;
  channel: SessionChannel | null;
  /** Calls offered and not yet answered: a browser may only answer these (bounded). */
  readonly offeredCalls: Set<string>;
}

const MAX_OPEN_OFFERS = 32;
const CLOSE_FOR: Readonly<Record<'client' | 'replaced' | 'shutdown', [number, string]>> = {
  client: [CLOSE.normal, 'goodbye'],
  replaced: [CLOSE.replaced, 'replaced by a new login'],
  shutdown: [CLOSE.goingAway, 'server shutting down'],
};

/**
 * The sessions of the agents logged in through this server, by agent id and
 * by session token, and the `AgentEvents` the runtime calls. A session
 * outlives its connection: a drop leaves it to the watchdog, and `resume`
 * with its token binds a new connection to it.
 */
export class SessionHub implements AgentEvents {
  private readonly byAgent = new Map<string, Session>();
  private readonly byToken = new Map<string, Session>();
  /** Channels whose hello waits for the store's answer (takeover from another node). */
  private readonly lookingUp = new Set<SessionChannel>();
  draining = false;

  constructor(
    private readonly sessions: AgentSessions,
    private readonly metrics: SupervisorMetrics,
    private readonly log: SupervisorLogger,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.byAgent.size;
  }

  byTokenOf(token: string): Session | undefined {
    return this.byToken.get(token);
  }

  all(): IterableIterator<Session> {
    return this.byAgent.values();
  }

  login(channel: SessionChannel, agentId: string, role: string): void {
    if (this.draining) return this.refuse(channel, 'draining', 'the server is shutting down', CLOSE.tryAgainLater);
    // Takeover from another node (docs/redis.md#several-nodes): ask the store first.
    if (this.lookingUp.has(channel)) return channel.send({ type: 'error', code: 'already-logged-in', message: 'a login on this connection is in progress' });
    const findElsewhere = this.sessions.findElsewhere;
    if (findElsewhere !== undefined && !this.byAgent.has(agentId)) {
      this.lookingUp.add(channel);
      return findElsewhere.call(this.sessions, agentId, role, (lastPingMs) => {
        if (!this.lookingUp.delete(channel)) return; // the connection closed meanwhile
        if (this.draining) return this.refuse(channel, 'draining', 'the server is shutting down', CLOSE.tryAgainLater);
        try {
          this.loginNow(channel, agentId, role, lastPingMs);
        } catch (err) {
          // Called back by the store, outside the connection's own guard: a fault must not take the process down.
          this.log.error({ event: 'internal-error', agent: agentId, err: String(err) }, 'internal error during a login');
          channel.close(CLOSE.internalError, 'internal error');
        }
      });
    }
    this.loginNow(channel, agentId, role, undefined);
  }

  private loginNow(channel: SessionChannel, agentId: string, role: string, takeOverLastPingMs: number | undefined): void {
    const previous = this.byAgent.get(agentId);
    if (previous !== undefined) this.endByFace(previous, 'replaced');
    const takeOver = previous === undefined ? takeOverLastPingMs : undefined;
    const outcome = takeOver === undefined ? this.sessions.login(agentId, role) : this.sessions.login(agentId, role, takeOver);
    if (!outcome.ok) {
      this.log.info({ event: 'login-refused', agent: agentId, role, error: outcome.error }, outcome.message);
      return channel.send({ type: 'error', code: outcome.error, message: outcome.message });
    }
    const nowMs = this.now();
    const session: Session = {
      token: randomBytes(16).toString('base64url'),
      agentId,
      role,
      profile: outcome.profile,
      loggedInAtMs: nowMs,
      lastPingAtMs: takeOver ?? nowMs,
      channel,
      offeredCalls: new Set(),
    };
    this.byAgent.set(agentId, session);
    this.byToken.set(session.token, session);
    channel.session = session;
    this.metrics.agentLoggedIn(role);
    if (takeOver === undefined) this.log.info({ event: 'login', agent: agentId, role, mode: outcome.profile.mode }, 'agent logged in');
    else this.log.info({ event: 'takeover', agent: agentId, role, mode: outcome.profile.mode, lastPingMs: takeOver, gapMs: nowMs - takeOver }, 'session taken over from another node');
    // A session taken over goes on: `resumed` tells the browser to ping at once, as after a resume.
    channel.send(this.welcome(session, takeOver !== undefined));
  }

  resume(channel: SessionChannel, token: string): void {
    if (this.draining) return this.refuse(channel, 'draining', 'the server is shutting down', CLOSE.tryAgainLater);
    if (this.lookingUp.has(channel)) return channel.send({ type: 'error', code: 'already-logged-in', message: 'a login on this connection is in progress' });
    const session = this.byToken.get(token);
    if (session === undefined) {
      return channel.send({ type: 'error', code: 'unknown-session', message: 'no session has this token (logged off?): log in again' });
    }
    const old = session.channel;
    if (old !== null && old !== channel) {
      old.session = null;
      old.close(CLOSE.replaced, 'session resumed on another connection');
    }
    session.channel = channel;
    channel.session = session;
    this.sessions.channelActivity(session.agentId);
    this.log.info({ event: 'resume', agent: session.agentId, role: session.role }, 'session resumed');
    channel.send(this.welcome(session, true));
  }

  /** Any frame of the session's browser. */
  activity(session: Session): void {
    this.sessions.channelActivity(session.agentId);
  }

  /** An acknowledged ping: false when the runtime no longer has the session. */
  ping(session: Session): boolean {
    if (!this.sessions.ping(session.agentId)) return false;
    session.lastPingAtMs = this.now();
    this.metrics.browserPing();
    return true;
  }

  answer(session: Session, action: 'accept' | 'reject', callId: string): ServerMessage {
    if (!session.offeredCalls.delete(callId)) return { type: 'callResult', callId, action, outcome: 'unknown-call' };
    const outcome = action === 'accept' ? this.sessions.accept(session.agentId, callId) : this.sessions.reject(session.agentId, callId);
    this.log.info({ event: `call-${action}`, agent: session.agentId, role: session.role, callId, outcome }, `call ${action}ed`);
    return { type: 'callResult', callId, action, outcome };
  }

  goodbye(session: Session): void {
    this.endByFace(session, 'client');
  }

  /** The connection closed: the session stays for the watchdog to judge. */
  detached(channel: SessionChannel): void {
    this.lookingUp.delete(channel);
    const session = channel.session;
    channel.session = null;
    if (session === null || session.channel !== channel) return;
    session.channel = null;
    this.log.info({ event: 'disconnected', agent: session.agentId, role: session.role }, 'connection dropped without goodbye');
    this.sessions.disconnected(session.agentId);
  }

  /** Graceful stop: every session is logged off with reason `shutdown`. */
  shutdown(): void {
    this.draining = true;
    for (const session of [...this.byAgent.values()]) this.endByFace(session, 'shutdown');
  }

  // AgentEvents: called by the runtime.

  loggedOff(agentId: string, reason: LogoffReason, atMs: number): void {
    // A session the face ended itself is forgotten before the runtime hears of it, so this is the runtime's own
    // log-off: the watchdog, the mode-A check, or `replaced` when the CMS took the agent's login elsewhere.
    const session = this.byAgent.get(agentId);
    if (session === undefined) return;
    this.forget(session);
    const detectionMs = atMs - session.lastPingAtMs;
    this.metrics.agentLoggedOff(session.role, reason, detectionMs);
    this.log.info({ event: 'logoff', agent: agentId, role: session.role, reason, detectionMs }, 'agent logged off');
    const channel = session.channel;
    if (channel !== null) {
      channel.session = null;
      channel.send({ type: 'loggedOff', reason, serverTimeMs: atMs });
      channel.unbound();
    }
  }

  cmsStatus(agentId: string, cms: string, available: boolean, atMs: number): void {
    const session = this.byAgent.get(agentId);
    if (session === undefined) return;
    this.log.info({ event: 'cms-status', agent: agentId, role: session.role, cms, available }, available ? 'CMS recovery notice' : 'CMS error message');
    session.channel?.send({ type: 'cmsStatus', cms, available, message: cmsStatusText(cms, available), serverTimeMs: atMs });
  }

  callOffered(agentId: string, call: CallOffer, atMs: number): void {
    const session = this.byAgent.get(agentId);
    if (session === undefined) return;
    if (session.offeredCalls.size >= MAX_OPEN_OFFERS) {
      const oldest = session.offeredCalls.values().next().value;
      if (oldest !== undefined) session.offeredCalls.delete(oldest);
    }
    session.offeredCalls.add(call.callId);
    this.log.info({ event: 'call-offered', agent: agentId, role: session.role, callId: call.callId }, 'call offered');
    session.channel?.send({ type: 'callOffer', callId: call.callId, from: call.from, serverTimeMs: atMs });
  }

  pushKeepAlive(agentId: string, atMs: number): void {
    const channel = this.byAgent.get(agentId)?.channel;
    if (channel === null || channel === undefined) return;
    channel.send({ type: 'keepAlive', serverTimeMs: atMs });
    this.metrics.pushKeepAliveMessages();
  }

  channelCleaned(agentId: string): void {
    const session = this.byAgent.get(agentId);
    this.metrics.channelCleaned();
    this.log.info({ event: 'channel-cleaned', agent: agentId, role: session?.role }, 'push channel cleaned up after ChannelCleanupTimer of silence');
    const channel = session?.channel;
    if (session === undefined || channel === null || channel === undefined) return;
    session.channel = null;
    channel.session = null;
    channel.close(CLOSE.channelCleaned, 'channel cleaned up');
  }

  private endByFace(session: Session, reason: 'client' | 'replaced' | 'shutdown'): void {
    this.forget(session);
    this.metrics.agentLoggedOff(session.role, reason, null);
    this.log.info({ event: 'logoff', agent: session.agentId, role: session.role, reason }, 'agent logged off');
    const channel = session.channel;
    if (channel !== null) {
      channel.session = null;
      channel.send({ type: 'loggedOff', reason, serverTimeMs: this.now() });
      channel.close(...CLOSE_FOR[reason]);
    }
    this.sessions.logOff(session.agentId, reason);
  }

  private forget(session: Session): void {
    this.byAgent.delete(session.agentId);
    this.byToken.delete(session.token);
  }

  private refuse(channel: SessionChannel, code: ErrorCode, message: string, closeCode: number): void {
    channel.send({ type: 'error', code, message });
    channel.close(closeCode, message);
  }

  private welcome(session: Session, resumed: boolean): ServerMessage {
    return {
      type: 'welcome',
      version: PROTOCOL_VERSION,
      session: session.token,
      agent: session.agentId,
      role: session.role,
      resumed,
      serverTimeMs: this.now(),
      browserPingIntervalMs: session.profile.browserPingIntervalMs,
      mode: session.profile.mode,
      pushKeepAliveTimerMs: session.profile.pushKeepAliveTimerMs,
      channelCleanupTimerMs: session.profile.channelCleanupTimerMs,
    };
  }
}
