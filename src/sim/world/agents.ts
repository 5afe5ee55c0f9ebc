import type { CmsSystem, LogoffReason } from '../../runtime/index.js';
import type { RoleSetup, World } from './world.js';

/**
 * The people behind the agents: each logs in on a CMS system the load
 * balancer picks, logs in again after a false log-off or (when the scenario
 * says so) after a crash, and counts what the runtime's sessions tell them.
 * The sessions, watchdogs and push channels are the runtime's.
 */
export class AgentPool {
  /** Index into `world.roles` of each agent's role. */
  private readonly roleOf: Uint16Array;
  /** When the browser crashed (NaN while it runs): detection latency starts here. */
  readonly crashedAtMs: Float64Array;
  private readonly told: Uint8Array;
  /** Frozen browsers' CMS error message, held until they thaw (few at a time, so a map). */
  private readonly heldCmsMessage = new Map<number, string>();

  constructor(private readonly world: World) {
    const n = world.scenario.totalAgents;
    this.roleOf = new Uint16Array(n);
    this.crashedAtMs = new Float64Array(n).fill(Number.NaN);
    this.told = new Uint8Array(n);
    world.roles.forEach((role, r) => this.roleOf.fill(r, role.firstAgent, role.firstAgent + role.count));
  }

  /** Agents logged in now. */
  get loggedIn(): number {
    return this.world.runtime.loggedInAgents;
  }

  /** The agent logs in (again): the browser's ping timer starts, the runtime starts the session's engines. */
  login(agent: number): void {
    const w = this.world;
    if (w.fleet.crashed[agent] === 1) return;
    w.fleet.login(agent);
    const wasLoggedIn = w.runtime.isLoggedIn(agent);
    const role = w.roles[this.roleOf[agent] as number] as RoleSetup;
    // A load balancer spreads the role's agents over its CMS systems round-robin.
    const system = role.systems[(agent - role.firstAgent) % role.systems.length] as CmsSystem;
    w.runtime.login(agent, role.name, system.name);
    if (!wasLoggedIn) w.calls.agentAvailable(agent);
    else w.calls.pageRecovered(agent);
  }

  /** The browser crashes; with `reloginAfterMs` the agent starts a new one and logs in then. */
  crash(agent: number, reloginAfterMs: number | null): void {
    const w = this.world;
    if (w.fleet.crashed[agent] === 1) return;
    w.fleet.crash(agent);
    this.heldCmsMessage.delete(agent);
    this.crashedAtMs[agent] = w.clock.now();
    w.runtime.channelAbandoned(agent);
    if (reloginAfterMs === null) return;
    w.clock.schedule(reloginAfterMs, () => {
      w.fleet.restart(agent);
      this.crashedAtMs[agent] = Number.NaN;
      this.login(agent);
    });
  }

  /**
   * The agent's point of view (SPEC §5): a log-off is true when the browser
   * is gone for good (crashed), false when it would have come back (frozen,
   * hidden tab, slow network). Only true log-offs have a detection latency.
   */
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    const w = this.world;
    const trueLogoff = w.fleet.crashed[agent] === 1;
    const crashedAtMs = this.crashedAtMs[agent] as number;
    this.heldCmsMessage.delete(agent);
    if (trueLogoff) {
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
      trueLogoff,
      browserFrozen: w.fleet.frozen[agent] === 1,
      lastPingMs: w.fleet.lastArrivalMs[agent] as number,
      deadSinceMs: trueLogoff ? crashedAtMs : null,
    });
  }

  /**
   * The session sends its browser the CMS status. Only a browser that shows
   * the error message counts as told: a crashed one never does; a frozen one
   * holds the message on its push channel and shows it when it thaws, if its
   * session still says "unavailable" then (a recovery meanwhile replaces it).
   */
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    const w = this.world;
    w.trace.cmsStatus?.({ agent, cms, available, atMs });
    if (w.fleet.frozen[agent] === 1 && w.fleet.crashed[agent] === 0) {
      if (available) {
        if (this.heldCmsMessage.get(agent) === cms) this.heldCmsMessage.delete(agent);
      } else this.heldCmsMessage.set(agent, cms);
      return;
    }
    if (available || w.fleet.crashed[agent] === 1) return;
    this.tell(agent, cms, atMs);
  }

  /**
   * A frozen page runs again: the overdue ping fires, the push channel
   * answers (or, when the driver cleaned it meanwhile, the browser opens a
   * new one), a not-ready agent is ready again, and a CMS error message held
   * while it was frozen is shown.
   */
  thaw(agent: number): void {
    const w = this.world;
    if (w.fleet.frozen[agent] === 0 || w.fleet.crashed[agent] === 1) return;
    w.fleet.unfreeze(agent);
    w.runtime.channelResumed(agent);
    w.calls.pageRecovered(agent);
    const cms = this.heldCmsMessage.get(agent);
    if (cms === undefined) return;
    this.heldCmsMessage.delete(agent);
    if (w.runtime.isLoggedIn(agent)) this.tell(agent, cms, w.clock.now());
  }

  private tell(agent: number, cms: string, atMs: number): void {
    const w = this.world;
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
      if (w.runtime.isLoggedIn(agent) || w.fleet.crashed[agent] === 1) return;
      if (w.fleet.frozen[agent] === 1) {
        return this.scheduleRelogin(agent, Math.max(w.fleet.frozenUntilMs[agent] as number, w.clock.now() + 1000));
      }
      this.refocus(agent);
      this.login(agent);
    });
  }
}
