import type { LogoffReason } from '../metrics.js';

export type { LogoffReason };

/** What a session's browser needs to know of its role's resolved profile. */
export interface SessionProfile {
  /** The browser pings every this many ms; also the base of the ping-flood policy. */
  browserPingIntervalMs: number;
  /** 'A' (heartbeat lag checked on CMS events), 'B' (watchdog) or 'B+CMS'. */
  mode: 'A' | 'B' | 'B+CMS';
  /** Push keep-alive frames on the channel, or null when the role has no Push Keep Alive driver. */
  pushKeepAliveTimerMs: number | null;
  channelCleanupTimerMs: number | null;
}

export type LoginOutcome =
  | { ok: true; profile: SessionProfile }
  | { ok: false; error: 'unknown-role' | 'refused'; message: string };

export type CallOutcome = 'done' | 'unknown-call';

/** A call the CMS offers an agent. */
export interface CallOffer {
  callId: string;
  /** Caller number or queue, for display; may be empty. */
  from: string;
}

/**
 * The seam between the HTTP/WebSocket face and the runtime (engines for a
 * compiled config). The face calls these for what browsers do; the runtime
 * answers on the `AgentEvents` the face hands back from `startHttpServer`.
 * Every method returns at once; agent ids are the strings browsers send.
 */
export interface AgentSessions {
  /**
   * Logs an agent in with a business role: a communication session, its
   * watchdog when the profile has one, its push channel. The face has already
   * logged off a previous session of the same agent (reason `replaced`).
   */
  login(agentId: string, role: string, takeOverLastPingMs?: number): LoginOutcome;
  /**
   * Optional, for nodes sharing a store: before the login of an agent this
   * face has no session of, whether another node's session of it is still
   * live (its browser failed over here). Calls back once, within the store's
   * command timeout, with that session's last ping (epoch ms) when it is
   * within the role's lag, else undefined. Given a time, the face passes it
   * to `login`, which takes the session over: the watchdog measures from
   * that ping, and the browser is told `resumed`.
   */
  findElsewhere?(agentId: string, role: string, cb: (lastPingMs: number | undefined) => void): void;
  /** An acknowledged browser ping; false when the agent has no session (logged off meanwhile). */
  ping(agentId: string): boolean;
  /** Any frame from the agent's browser: resets its push channel's clean-up timer. */
  channelActivity(agentId: string): void;
  /**
   * Logs the agent off at once: `client` (the page said goodbye), `replaced`
   * (a second login of the same agent), `shutdown` (the supervisor stops).
   * The runtime reports it back through `AgentEvents.loggedOff`.
   */
  logOff(agentId: string, reason: 'client' | 'replaced' | 'shutdown'): void;
  /**
   * The agent's connection dropped without goodbye. The session stays: its
   * watchdog (or the mode-A check) decides, so a reconnect within the lag
   * keeps it. The push channel may stop sending until the browser is back.
   */
  disconnected(agentId: string): void;
  accept(agentId: string, callId: string): CallOutcome;
  reject(agentId: string, callId: string): CallOutcome;
}

/**
 * What the runtime tells the face (the runtime's listener forwards to it).
 * `atMs` is epoch milliseconds of the runtime's clock.
 */
export interface AgentEvents {
  /** The session ended (any reason); the face tells the browser and counts the log-off. */
  loggedOff(agentId: string, reason: LogoffReason, atMs: number): void;
  /** The CMS error message (available false) or its recovery notice (true) for this agent's browser. */
  cmsStatus(agentId: string, cms: string, available: boolean, atMs: number): void;
  callOffered(agentId: string, call: CallOffer, atMs: number): void;
  /** The push keep-alive driver's heartbeat for this agent's channel. */
  pushKeepAlive(agentId: string, atMs: number): void;
  /** ChannelCleanupTimer passed without browser activity: the face drops the channel (the session stays). */
  channelCleaned(agentId: string, atMs: number): void;
}
