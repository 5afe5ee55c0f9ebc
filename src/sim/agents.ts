import { CommunicationSession, type LogoffReason, type SessionListener } from '../engine/session.js';
import { Watchdog } from '../engine/watchdog.js';
import type { World } from './world.js';

/**
 * The agents: one communication session per agent (the engine's), a watchdog
 * per logged-in agent in mode B, and the people behind them, who log in
 * again after a false log-off or (when the scenario says so) after a crash.
 */
export class AgentPool implements SessionListener {
  readonly sessions: CommunicationSession[] = [];
  readonly roleOf: Uint16Array;
  /** Index into `world.cms.systems` of the CMS system each agent is logged in to. */
  readonly systemOf: Int32Array;
  /** When the browser crashed (NaN while it runs): detection latency starts here. */
  readonly crashedAtMs: Float64Array;
  loggedIn = 0;
  private readonly watchdogs: (Watchdog | undefined)[] = [];
  private readonly told: Uint8Array;

  constructor(private readonly world: World) {
    const n = world.scenario.totalAgents;
    this.roleOf = new Uint16Array(n);
    this.systemOf = new Int32Array(n);
    this.crashedAtMs = new Float64Array(n).fill(Number.NaN);
    this.told = new Uint8Array(n);
    world.roles.forEach((role, r) => {
      for (let i = 0; i < role.count; i++) {
        const agent = role.firstAgent + i;
        this.roleOf[agent] = r;
        // A load balancer spreads the role's agents over the CMS systems round-robin.
        const system = role.systems[i % role.systems.length];
        this.systemOf[agent] = system === undefined ? 0 : world.cms.indexOf(system.name);
        this.sessions.push(new CommunicationSession(agent, role.settings, world.clock, world.memory, this));
      }
    });
  }

  /** The agent logs in (again): the browser's ping timer starts, mode B starts the watchdog. */
  login(agent: number): void {
    const w = this.world;
    const session = this.sessions[agent] as CommunicationSession;
    if (w.fleet.crashed[agent] === 1) return;
    w.fleet.login(agent);
    const wasLoggedIn = session.loggedIn;
    session.login();
    if (!wasLoggedIn) this.loggedIn++;
    const settings = session.settings;
    if (settings.watchdogEnabled) {
      let watchdog = this.watchdogs[agent];
      if (watchdog === undefined) {
        const system = w.cms.systems[this.systemOf[agent] as number];
        const check = system === undefined ? undefined : w.cms.checkFor(settings, system);
        watchdog = new Watchdog(session, settings, w.clock, w.memory, check, check === undefined ? undefined : system?.name);
        this.watchdogs[agent] = watchdog;
      }
      watchdog.start();
    }
    w.push.browserUp(agent);
    if (!wasLoggedIn) w.calls.agentAvailable(agent);
    else w.calls.pageRecovered(agent);
  }

  /** The browser crashes; with `reloginAfterMs` the agent starts a new one and logs in then. */
  crash(agent: number, reloginAfterMs: number | null): void {
    const w = this.world;
    if (w.fleet.crashed[agent] === 1) return;
    w.fleet.crash(agent);
    this.crashedAtMs[agent] = w.clock.now();
    w.push.browserGone(agent);
    if (reloginAfterMs === null) return;
    w.clock.schedule(reloginAfterMs, () => {
      w.fleet.restart(agent);
      this.crashedAtMs[agent] = Number.NaN;
      this.login(agent);
    });
  }

  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    const w = this.world;
    this.loggedIn--;
    const browserDead = w.fleet.crashed[agent] === 1;
    const crashedAtMs = this.crashedAtMs[agent] as number;
    if (browserDead) {
      w.metrics.trueLogoffs++;
      w.metrics.detectionMs.push(atMs - crashedAtMs);
    } else {
      w.metrics.falseLogoffs++;
      this.scheduleRelogin(agent, atMs + w.scenario.reloginAfterFalseLogoffMs);
    }
    w.faults.loggedOff(agent, atMs);
    w.calls.agentGone(agent);
    w.trace.loggedOff?.({
      agent,
      reason,
      atMs,
      browserDead,
      lastPingMs: w.fleet.lastArrivalMs[agent] as number,
      deadSinceMs: browserDead ? crashedAtMs : null,
    });
  }

  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    const w = this.world;
    w.trace.cmsStatus?.({ agent, cms, available, atMs });
    // A crashed browser shows no error message: only live browsers count as told.
    if (available || w.fleet.crashed[agent] === 1) return;
    if (this.told[agent] === 0) {
      this.told[agent] = 1;
      w.metrics.agentsToldOfCmsOutage++;
    }
    w.cms.agentTold(agent, cms, atMs);
  }

  /**
   * Logging in again brings a hidden toolbar tab to the front; the agent then
   * hides it again, and Chrome throttles it again five minutes later.
   */
  private refocus(agent: number): void {
    this.world.fleet.refocus(agent);
  }

  /** A person logs in again only with a running page: after a freeze ends, never with a crashed browser. */
  private scheduleRelogin(agent: number, atMs: number): void {
    const w = this.world;
    const dueMs = Math.max(atMs, w.fleet.frozen[agent] === 1 ? (w.fleet.frozenUntilMs[agent] as number) : atMs);
    w.clock.schedule(dueMs - w.clock.now(), () => {
      const session = this.sessions[agent] as CommunicationSession;
      if (session.loggedIn || w.fleet.crashed[agent] === 1) return;
      if (w.fleet.frozen[agent] === 1) {
        return this.scheduleRelogin(agent, Math.max(w.fleet.frozenUntilMs[agent] as number, w.clock.now() + 1000));
      }
      this.refocus(agent);
      this.login(agent);
    });
  }
}
