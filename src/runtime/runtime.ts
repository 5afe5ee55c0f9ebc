import type { CompiledConfig } from '../config/compiled/types.js';
import { CmsCheck, type CmsCheckListener } from '../engine/cms-check.js';
import type { Clock, CmsPort, CmsTable, HeartbeatTable } from '../engine/ports.js';
import { CommunicationSession, type LogoffReason, type OfferResult, type SessionListener } from '../engine/session.js';
import type { HeartbeatSettings } from '../engine/settings.js';
import { Watchdog } from '../engine/watchdog.js';
import { capacityFor, growSlots, grownInt32 } from './capacity.js';
import { cmsOfRole, cmsSystemsOf, systemsOfCms, type CmsSystem } from './cms-systems.js';
import { PushChannels } from './push-channels.js';
import { heartbeatSettingsOf } from './settings.js';

/** What the runtime tells its driver (the simulator's model, the supervisor's connections and metrics). */
export interface RuntimeListener {
  /** An agent's session ended, for any reason (the engines' own, or the driver's `logoff`). */
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void;
  /** The agent's session sends its browser the CMS status (an error message when unavailable); only changes are sent. */
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void;
  /** A CMS check pinged the CMS system `cms`. */
  cmsPingSent?(cms: string, atMs: number): void;
  /** A CMS check found `cms` unavailable after it was available (once per outage, whoever saw it first). */
  cmsOutageDetected?(cms: string, atMs: number): void;
  /** A CMS check found `cms` available again after an outage. */
  cmsRecovered?(cms: string, atMs: number): void;
  /**
   * A push keep-alive driver sent one heartbeat: `agent` is the agent whose
   * channel got it, or −1 for the heartbeat to the application server. Each
   * tick of a driver sends one to the server, then one per open channel.
   */
  keepAliveSent?(configuration: string, agent: number, atMs: number): void;
  /** A driver cleaned a push channel whose browser was silent for the cleanup timer. */
  channelCleaned?(agent: number, configuration: string, atMs: number): void;
}

export interface RuntimeOptions {
  config: CompiledConfig;
  clock: Clock;
  heartbeats: HeartbeatTable;
  cmsTable: CmsTable;
  /** How CMS checks ping a CMS system. */
  cms: CmsPort;
  listener: RuntimeListener;
  /**
   * The roles this runtime serves, in this order: push drivers are created
   * (and started) for their configurations only, in this order. Default:
   * every role of the config, by name. A name the config lacks throws.
   */
  roles?: readonly string[];
  /** Per-role settings overrides (the simulator's --set variants are applied to the compiled config before, so normally absent). */
  settings?: Readonly<Record<string, HeartbeatSettings>>;
  /** Agents to make room for at once; the per-agent arrays double past it. */
  initialAgents?: number;
}

/** Something the runtime cannot do, as a value (an unknown role, a stopped runtime). */
export interface RuntimeProblem {
  problem: string;
}

interface RoleEntry {
  name: string;
  index: number;
  settings: HeartbeatSettings;
  /** Indexes into `Runtime.cmsSystems` of the systems the role's agents spread over. */
  systems: Int32Array;
  /** Index of the push driver of its configuration, −1 without one. */
  push: number;
  /** Logins spread round-robin over `systems` when the driver names no system. */
  nextSystem: number;
}

const NONE = -1;

/** `table[name]` when it is an entry of the table itself (a compiled config may come from parsed JSON). */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Which engines exist for a compiled configuration, and the events that
 * drive them (SPEC §4): a communication session per agent, a watchdog per
 * logged-in agent in mode B, one CMS check per (cmsPingInterval,
 * ackTimeout) shared by every watchdog (so one lock per CMS system), a push
 * keep-alive driver per communications configuration with one channel per
 * logged-in browser. The simulator and the supervisor both drive it; agents
 * are dense numbers the driver chooses, and the per-agent state lives in
 * arrays that grow by doubling.
 */
export class Runtime implements SessionListener {
  /** The CMS systems of the served roles, sorted by name (their indexes are `cmsSystemIndexOf`'s). */
  readonly cmsSystems: readonly CmsSystem[];
  /** The served roles, in order. */
  readonly roles: readonly string[];
  private readonly clock: Clock;
  private readonly heartbeats: HeartbeatTable;
  private readonly cmsTable: CmsTable;
  private readonly cmsPort: CmsPort;
  private readonly listener: RuntimeListener;
  private readonly byRole = new Map<string, RoleEntry>();
  private readonly systemIndex = new Map<string, number>();
  /** By cmsPingInterval, then ackTimeout (numbers as keys: a million logins build no key strings). */
  private readonly checks = new Map<number, Map<number, CmsCheck>>();
  private readonly checkListener: CmsCheckListener;
  private readonly push: PushChannels;
  private readonly sessions: (CommunicationSession | undefined)[] = [];
  private readonly watchdogs: (Watchdog | undefined)[] = [];
  private roleOf = new Int32Array(0);
  private systemOf = new Int32Array(0);
  private loggedInCount = 0;
  private stopped = false;

  constructor(opts: RuntimeOptions) {
    this.clock = opts.clock;
    this.heartbeats = opts.heartbeats;
    this.cmsTable = opts.cmsTable;
    this.cmsPort = opts.cms;
    this.listener = opts.listener;
    const config = opts.config;
    const roles = opts.roles ?? Object.keys(config.roles).sort();
    this.roles = [...roles];
    this.cmsSystems = cmsSystemsOf(config, roles);
    this.cmsSystems.forEach((s, i) => this.systemIndex.set(s.name, i));
    const listener = this.listener;
    this.checkListener = {
      pingSent: (cms, atMs) => listener.cmsPingSent?.(cms, atMs),
      outageDetected: (cms, atMs) => listener.cmsOutageDetected?.(cms, atMs),
      recovered: (cms, atMs) => listener.cmsRecovered?.(cms, atMs),
    };
    this.push = new PushChannels(this.clock, listener);
    for (const name of roles) {
      const role = own(config.roles, name);
      if (role === undefined) throw new Error(`role '${name}' is not in the compiled configuration`);
      if (this.byRole.has(name)) throw new Error(`role '${name}' is listed twice`);
      const override = opts.settings === undefined ? undefined : own(opts.settings, name);
      this.byRole.set(name, {
        name,
        index: this.byRole.size,
        settings: { ...(override ?? heartbeatSettingsOf(role.heartbeat)) },
        systems: Int32Array.from(systemsOfCms(config, cmsOfRole(config, name)), (s) => this.systemIndex.get(s.name) as number),
        push: this.pushDriverOf(config, role.communicationsConfiguration),
        nextSystem: 0,
      });
    }
    this.grow(opts.initialAgents ?? 1024);
  }

  hasRole(role: string): boolean {
    return this.byRole.has(role);
  }

  /** The settings the role's sessions run with. Throws a plain Error for a role the runtime does not serve (check `hasRole`). */
  settingsOf(role: string): HeartbeatSettings {
    return { ...this.entryOf(role).settings };
  }

  /** The CMS systems a role's agents spread over, in the order of the Cms document's endpoints. Throws like `settingsOf`. */
  cmsSystemsOfRole(role: string): CmsSystem[] {
    return Array.from(this.entryOf(role).systems, (i) => this.cmsSystems[i] as CmsSystem);
  }

  /** Agents the per-agent arrays hold now (doubled whenever a login needs more). */
  get agentCapacity(): number {
    return this.roleOf.length;
  }

  /** Agents logged in now. */
  get loggedInAgents(): number {
    return this.loggedInCount;
  }

  /** Push keep-alive drivers (one per communications configuration of the served roles that has one). */
  get pushDrivers(): number {
    return this.push.engineCount;
  }

  /** Open push channels of a configuration's driver (0 without a driver). */
  openChannels(configuration: string): number {
    return this.push.openChannels(configuration);
  }

  /** Starts the push keep-alive drivers (their first tick is one timer period later). */
  start(): void {
    if (!this.stopped) this.push.start();
  }

  /**
   * Stops every timer the runtime started: watchdogs, push drivers, CMS
   * checks (held CMS locks are released). Final: a stopped runtime logs
   * nobody in again. Sessions stay as they are; log agents off first
   * (reason `shutdown`) to end them.
   */
  stop(): void {
    this.stopped = true;
    this.push.stop();
    for (const watchdog of this.watchdogs) watchdog?.stop();
    for (const byAckTimeout of this.checks.values()) for (const check of byAckTimeout.values()) check.stop();
  }

  /**
   * The agent logs in (again): the login counts as a ping, mode B starts its
   * watchdog, a role with a push driver opens (or refreshes) its channel. A
   * login of a logged-in agent renews its session in place. `cmsSystem` names
   * the CMS system the agent's session is on (one of the role's); without it
   * the runtime spreads the role's logins over its systems round-robin. A
   * different role or system than the agent's current session ends that
   * session first (reason `replaced`).
   */
  login(agent: number, role: string, cmsSystem?: string): RuntimeProblem | null {
    const entry = this.byRole.get(role);
    if (entry === undefined) return { problem: `no role '${role}' in the configuration` };
    if (this.stopped) return { problem: 'the runtime is stopped' };
    const system = cmsSystem === undefined ? this.nextSystemOf(entry) : (this.systemIndex.get(cmsSystem) ?? NONE);
    if (!entry.systems.includes(system)) return { problem: `CMS system '${String(cmsSystem)}' is not one of role '${role}'` };
    if (agent >= this.roleOf.length) this.grow(capacityFor(this.roleOf.length, agent));
    // A session exists exactly when the agent has a role; another role or system needs a new one.
    if (this.roleOf[agent] !== entry.index || this.systemOf[agent] !== system) {
      this.logoff(agent, 'replaced');
      this.watchdogs[agent] = undefined;
      this.sessions[agent] = new CommunicationSession(agent, entry.settings, this.clock, this.heartbeats, this);
      this.roleOf[agent] = entry.index;
      this.systemOf[agent] = system;
    }
    const session = this.sessions[agent] as CommunicationSession;
    if (!session.loggedIn) this.loggedInCount++;
    session.login();
    const settings = entry.settings;
    if (settings.watchdogEnabled) {
      let watchdog = this.watchdogs[agent];
      if (watchdog === undefined) {
        const name = (this.cmsSystems[system] as CmsSystem).name;
        watchdog = new Watchdog(session, settings, this.clock, this.heartbeats, this.checkFor(settings, system), name);
        this.watchdogs[agent] = watchdog;
      }
      watchdog.start();
    }
    if (entry.push !== NONE) this.push.loggedIn(agent, entry.push);
    return null;
  }

  /** A browser ping was acknowledged (at `arrivedAtMs`, default now); a logged-off agent's ping is ignored. */
  ping(agent: number, arrivedAtMs?: number): void {
    const session = this.sessions[agent];
    if (session !== undefined) session.receivePing(arrivedAtMs);
  }

  /**
   * The driver logs the agent off (`client`: the browser logged off;
   * `shutdown`: the supervisor stops; `replaced`: a new connection takes
   * over): the watchdog stops and the push channel closes cleanly. The
   * listener hears `loggedOff` once, as for the engines' own log-offs.
   */
  logoff(agent: number, reason: LogoffReason): void {
    this.watchdogs[agent]?.stop();
    this.push.close(agent);
    this.sessions[agent]?.logOff(reason);
  }

  /** A CMS event (an inbound call) for the agent: mode A checks the heartbeat lag here. */
  offerCall(agent: number): OfferResult {
    const session = this.sessions[agent];
    return session === undefined ? 'not-logged-in' : session.offerEvent();
  }

  isLoggedIn(agent: number): boolean {
    const session = this.sessions[agent];
    return session !== undefined && session.loggedIn;
  }

  /** The CMS system the agent's session is (or was last) on, null before its first login. */
  cmsSystemOf(agent: number): string | null {
    return this.cmsSystems[this.cmsSystemIndexOf(agent)]?.name ?? null;
  }

  /** Index into `cmsSystems` of the agent's CMS system, −1 before its first login. */
  cmsSystemIndexOf(agent: number): number {
    return agent < this.systemOf.length ? (this.systemOf[agent] as number) : NONE;
  }

  /** Traffic from the browser on its push channel (it answers again, say after a freeze). */
  channelActivity(agent: number): void {
    this.push.activity(agent);
  }

  /**
   * The browser answers again after it stopped (a frozen page thaws): its
   * channel is active again, or, when the driver cleaned it meanwhile, the
   * browser opens a new one. Nothing for an agent logged off or whose role
   * has no push driver (a login opens the channel then).
   */
  channelResumed(agent: number): void {
    if (!this.isLoggedIn(agent)) return;
    const entry = this.byRole.get(this.roles[this.roleOf[agent] as number] as string) as RoleEntry;
    if (entry.push !== NONE) this.push.resumed(agent, entry.push);
  }

  /** The browser stopped answering on its push channel for now (a frozen page). */
  channelStalled(agent: number): void {
    this.push.stalled(agent);
  }

  /** The browser went away without closing its push channel (a crash): the driver cleans it up; a new login opens a new one. */
  channelAbandoned(agent: number): void {
    this.push.abandon(agent);
  }

  /** SessionListener: a session ended. */
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    this.loggedInCount--;
    this.listener.loggedOff(agent, reason, atMs);
  }

  /** SessionListener: a session tells its browser the CMS status. */
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    this.listener.cmsStatusToBrowser(agent, cms, available, atMs);
  }

  private entryOf(role: string): RoleEntry {
    const entry = this.byRole.get(role);
    if (entry === undefined) throw new Error(`no role '${role}' in the configuration`);
    return entry;
  }

  /** The push driver of a communications configuration, −1 without one (no configuration, or one without a Push Keep Alive driver). */
  private pushDriverOf(config: CompiledConfig, configuration: string | null): number {
    if (configuration === null) return NONE;
    const timers = own(config.communicationsConfigurations, configuration)?.pushKeepAlive ?? null;
    return timers === null ? NONE : this.push.engineFor(configuration, timers);
  }

  private nextSystemOf(entry: RoleEntry): number {
    const system = entry.systems[entry.nextSystem % entry.systems.length] as number;
    entry.nextSystem++;
    return system;
  }

  /** The CMS check of a watchdog: one per (cmsPingInterval, ackTimeout), none without the check. */
  private checkFor(settings: HeartbeatSettings, system: number): CmsCheck | undefined {
    if (settings.cmsPingIntervalMs <= 0) return undefined;
    const ackTimeoutMs = (this.cmsSystems[system] as CmsSystem).ackTimeoutMs;
    let byAckTimeout = this.checks.get(settings.cmsPingIntervalMs);
    if (byAckTimeout === undefined) {
      byAckTimeout = new Map();
      this.checks.set(settings.cmsPingIntervalMs, byAckTimeout);
    }
    let check = byAckTimeout.get(ackTimeoutMs);
    if (check === undefined) {
      check = new CmsCheck(this.clock, this.cmsTable, this.cmsPort, { cmsPingIntervalMs: settings.cmsPingIntervalMs, ackTimeoutMs }, this.checkListener);
      byAckTimeout.set(ackTimeoutMs, check);
    }
    return check;
  }

  private grow(size: number): void {
    this.roleOf = grownInt32(this.roleOf, size, NONE);
    this.systemOf = grownInt32(this.systemOf, size, NONE);
    growSlots(this.sessions, size);
    growSlots(this.watchdogs, size);
    this.push.grow(size);
  }
}
