import type { Clock, HeartbeatTable } from './ports.js';
import type { HeartbeatSettings } from './settings.js';

/**
 * Why a session ended: the engines' own checks (`heartbeat-lag` in mode A,
 * `watchdog` in mode B), or the supervisor's: the browser logged off
 * (`client`), the supervisor stops (`shutdown`), a new login of the same agent
 * takes the session's place (`replaced`).
 */
export type LogoffReason = 'heartbeat-lag' | 'watchdog' | 'client' | 'shutdown' | 'replaced';

export interface SessionListener {
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void;
  /** The session sends a CMS status message to its browser (an error message when unavailable). */
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void;
}

export type OfferResult = 'delivered' | 'rejected' | 'not-logged-in';

/**
 * An agent's communication session: it acknowledges browser pings (recording
 * them in the heartbeat table) and receives CMS events. In mode A it checks the
 * heartbeat itself when an event arrives; in mode B the watchdog checks.
 */
export class CommunicationSession {
  loggedIn = false;
  /** CMS systems this browser has been told are unavailable (null until the first). */
  private toldUnavailable: Set<string> | null = null;

  constructor(
    readonly agent: number,
    readonly settings: HeartbeatSettings,
    private readonly clock: Clock,
    private readonly heartbeats: HeartbeatTable,
    private readonly listener: SessionListener,
  ) {}

  /** Logs the agent in; the login counts as a ping now. */
  login(): void {
    this.loggedIn = true;
    this.toldUnavailable = null;
    this.heartbeats.recordBrowserPing(this.agent, this.clock.now());
  }

  /** Acknowledges a browser ping. A logged-off session has nothing to acknowledge. */
  receivePing(arrivedAtMs: number = this.clock.now()): void {
    if (!this.loggedIn) return;
    this.heartbeats.recordBrowserPing(this.agent, arrivedAtMs);
  }

  /** A CMS event (an inbound call) for this agent. */
  offerEvent(): OfferResult {
    if (!this.loggedIn) return 'not-logged-in';
    if (this.settings.watchdogEnabled) return 'delivered';
    const lastPingMs = this.heartbeats.lastBrowserPing(this.agent);
    if (lastPingMs === undefined || this.clock.now() - lastPingMs > this.settings.heartbeatLagMs) {
      this.logOff('heartbeat-lag');
      return 'rejected';
    }
    return 'delivered';
  }

  /** Logs the agent off the CMS. Idempotent: only the first log-off is reported. */
  logOff(reason: LogoffReason): void {
    if (!this.loggedIn) return;
    this.loggedIn = false;
    this.heartbeats.clearAgent(this.agent);
    this.listener.loggedOff(this.agent, reason, this.clock.now());
  }

  /** Tells the browser the CMS status, but only when it differs from what the browser was last told. */
  tellCmsStatus(cms: string, available: boolean): void {
    if (!this.loggedIn) return;
    const told = this.toldUnavailable;
    if (available) {
      if (told === null || !told.delete(cms)) return;
    } else {
      if (told?.has(cms)) return;
      (this.toldUnavailable ??= new Set()).add(cms);
    }
    this.listener.cmsStatusToBrowser(this.agent, cms, available, this.clock.now());
  }
}
