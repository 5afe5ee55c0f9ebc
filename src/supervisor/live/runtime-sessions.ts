import type { CompiledConfig } from '../../config/compiled/index.js';
import { modeOf } from '../../config/compiled/index.js';
import type { Runtime, RuntimeListener } from '../../runtime/index.js';
import type { CmsClient } from '../cms/index.js';
import type { AgentEvents, AgentSessions, CallOutcome, LoginOutcome, LogoffReason, SessionProfile } from '../http/index.js';
import type { SupervisorLogger } from '../log.js';
import type { SupervisorMetrics } from '../metrics.js';
import { AgentRegistry } from './agent-registry.js';

/** A call the CMS offered and the browser has not answered yet. */
interface PendingCall {
  agentId: string;
  system: string;
}

/** At most this many unanswered offers are remembered; the CMS rings the oldest out on its own. */
const MAX_PENDING_CALLS = 100_000;

/**
 * The browsers' sessions, kept by the runtime: what the HTTP face calls
 * (`AgentSessions`) becomes runtime events on dense agent numbers, and what
 * the runtime reports (`RuntimeListener`) goes back to the face, the CMS
 * connections and the metrics. One instance serves one runtime at a time;
 * a reload swaps the runtime under it (`adopt`).
 */
export class RuntimeSessions implements AgentSessions, RuntimeListener {
  readonly registry = new AgentRegistry();
  private runtime: Runtime | null = null;
  private config: CompiledConfig;
  private events: AgentEvents | null = null;
  private readonly roleOf = new Map<string, string>();
  private readonly pendingCalls = new Map<string, PendingCall>();
  /** Agents moving to a new runtime: their old sessions end without a log-off anyone should see. */
  private migrating = false;

  constructor(
    config: CompiledConfig,
    private cmsClients: ReadonlyMap<string, CmsClient>,
    private readonly metrics: SupervisorMetrics,
    private readonly log: SupervisorLogger,
    private readonly now: () => number,
  ) {
    this.config = config;
  }

  /** The face's events, known once the HTTP server is up. */
  attach(events: AgentEvents): void {
    this.events = events;
  }

  /** Serves `runtime` (built for `config`) from now on. */
  use(runtime: Runtime, config: CompiledConfig, cmsClients: ReadonlyMap<string, CmsClient>): void {
    this.runtime = runtime;
    this.config = config;
    this.cmsClients = cmsClients;
  }

  /** Every logged-in agent with its role, for a reload to carry over. */
  loggedIn(): { agentId: string; agent: number; role: string }[] {
    const out: { agentId: string; agent: number; role: string }[] = [];
    const runtime = this.runtime;
    if (runtime === null) return out;
    for (const [agentId, agent] of this.registry.entries()) {
      const role = this.roleOf.get(agentId);
      if (role !== undefined && runtime.isLoggedIn(agent)) out.push({ agentId, agent, role });
    }
    return out;
  }

  /** While set, log-offs of the old runtime (its sessions being carried over) are not reported. */
  setMigrating(on: boolean): void {
    this.migrating = on;
  }

  /** Another node's last ping of an agent, as the store keeps it (null: one node, nothing to take over). */
  private lookupLastPing: ((agentId: string, cb: (atMs: number | undefined, storeUp: boolean) => void) => void) | null = null;

  /** Agents that fail over from another node are looked up in this store (`Store.lookupLastPing`). */
  shareStore(lookupLastPing: (agentId: string, cb: (atMs: number | undefined, storeUp: boolean) => void) => void): void {
    this.lookupLastPing = lookupLastPing;
  }

  /**
   * The last ping another node wrote behind for `agentId`, when it is within
   * the role's lag (heartbeatWatchdogLag, or heartbeatLag without a
   * watchdog): its session there is live and this node may take it over.
   */
  findElsewhere(agentId: string, role: string, cb: (lastPingMs: number | undefined) => void): void {
    const runtime = this.runtime;
    const lookup = this.lookupLastPing;
    const agent = this.registry.find(agentId);
    if (lookup === null || runtime === null || !runtime.hasRole(role) || (agent !== undefined && runtime.isLoggedIn(agent))) return cb(undefined);
    const settings = runtime.settingsOf(role);
    const lagMs = settings.watchdogEnabled ? settings.heartbeatWatchdogLagMs : settings.heartbeatLagMs;
    lookup(agentId, (atMs) => {
      const nowMs = this.now();
      cb(atMs !== undefined && atMs <= nowMs && nowMs - atMs <= lagMs ? atMs : undefined);
    });
  }

  login(agentId: string, role: string, takeOverLastPingMs?: number): LoginOutcome {
    const runtime = this.runtime;
    if (runtime === null) return { ok: false, error: 'refused', message: 'the supervisor is not ready' };
    if (!runtime.hasRole(role)) {
      return { ok: false, error: 'unknown-role', message: `no business role '${role}' in the running configuration` };
    }
    const agent = this.registry.numberFor(agentId);
    const problem = runtime.login(agent, role);
    if (problem !== null) {
      if (!runtime.isLoggedIn(agent)) this.registry.release(agent);
      return { ok: false, error: 'refused', message: problem.problem };
    }
    // Taken over from another node: the watchdog measures from the browser's real last ping, not from this login.
    if (takeOverLastPingMs !== undefined) runtime.ping(agent, takeOverLastPingMs);
    this.roleOf.set(agentId, role);
    this.cmsLogin(agentId, agent, role);
    return { ok: true, profile: this.profileOf(role) };
  }

  /** A reload: the agent's session goes on in the new runtime, under the same number, without a new CMS login unless its connection is new. */
  relogin(agentId: string, agent: number, role: string): void {
    const runtime = this.runtime;
    if (runtime === null) return;
    runtime.login(agent, role);
    const system = runtime.cmsSystemOf(agent);
    const client = system === null ? undefined : this.cmsClients.get(system);
    if (client !== undefined && !client.loggedIn.has(agentId)) {
      client.login(agentId, role);
      client.ready(agentId);
    }
  }

  ping(agentId: string): boolean {
    const agent = this.registry.find(agentId);
    const runtime = this.runtime;
    if (agent === undefined || runtime === null || !runtime.isLoggedIn(agent)) return false;
    runtime.ping(agent);
    return true;
  }

  channelActivity(agentId: string): void {
    const agent = this.registry.find(agentId);
    if (agent !== undefined && this.runtime?.isLoggedIn(agent) === true) this.runtime.channelActivity(agent);
  }

  logOff(agentId: string, reason: 'client' | 'replaced' | 'shutdown'): void {
    const agent = this.registry.find(agentId);
    if (agent !== undefined) this.runtime?.logoff(agent, reason);
  }

  disconnected(agentId: string): void {
    const agent = this.registry.find(agentId);
    // The watchdog decides about the session; the push channel has nobody to send to until the browser is back.
    if (agent !== undefined && this.runtime?.isLoggedIn(agent) === true) this.runtime.channelStalled(agent);
  }

  accept(agentId: string, callId: string): CallOutcome {
    return this.answer(agentId, callId, 'accept');
  }

  reject(agentId: string, callId: string): CallOutcome {
    return this.answer(agentId, callId, 'reject');
  }

  /** The CMS offers a call: mode A checks the heartbeat lag now; a live session gets the offer, anything else is rejected. */
  offer(system: string, callId: string, agentId: string): void {
    const client = this.cmsClients.get(system);
    const agent = this.registry.find(agentId);
    const result = agent === undefined || this.runtime === null ? 'not-logged-in' : this.runtime.offerCall(agent);
    if (result !== 'delivered' || this.events === null) {
      client?.reject(callId, agentId);
      return;
    }
    if (this.pendingCalls.size >= MAX_PENDING_CALLS) {
      const oldest = this.pendingCalls.keys().next().value as string;
      this.pendingCalls.delete(oldest);
    }
    this.pendingCalls.set(callId, { agentId, system });
    this.events.callOffered(agentId, { callId, from: '' }, this.now());
  }

  /** The CMS ended the agent's session here (it logged in through another connection). */
  cmsLoggedOff(agentId: string): void {
    const agent = this.registry.find(agentId);
    if (agent !== undefined) this.runtime?.logoff(agent, 'replaced');
  }

  // RuntimeListener

  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    const agentId = this.registry.agentId(agent);
    if (agentId === undefined || this.migrating) return;
    const system = this.runtime?.cmsSystemOf(agent) ?? null;
    const client = system === null ? undefined : this.cmsClients.get(system);
    // Not when the CMS ended the session itself (the agent logged in through another node): it is that node's now.
    if (client?.loggedIn.has(agentId) === true) client.logoff(agentId, reason);
    this.roleOf.delete(agentId);
    this.registry.release(agent);
    this.events?.loggedOff(agentId, reason, atMs);
  }

  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    const agentId = this.registry.agentId(agent);
    if (agentId !== undefined) this.events?.cmsStatus(agentId, cms, available, atMs);
  }

  cmsPingSent(cms: string): void {
    this.metrics.cmsPing(cms);
  }

  cmsOutageDetected(cms: string, atMs: number): void {
    this.metrics.cmsAvailability(cms, false);
    this.log.warn({ event: 'cms-unavailable', cms, atMs }, 'CMS unavailable: no ack within its ack timeout');
  }

  cmsRecovered(cms: string, atMs: number): void {
    this.metrics.cmsAvailability(cms, true);
    this.log.info({ event: 'cms-available', cms, atMs }, 'CMS available again');
  }

  keepAliveSent(_configuration: string, agent: number, atMs: number): void {
    // −1 is the driver's heartbeat to the application server: counted, but no browser gets it.
    if (agent < 0) return this.metrics.pushKeepAliveMessages();
    const agentId = this.registry.agentId(agent);
    if (agentId !== undefined) this.events?.pushKeepAlive(agentId, atMs);
  }

  channelCleaned(agent: number, _configuration: string, atMs: number): void {
    const agentId = this.registry.agentId(agent);
    if (agentId !== undefined) this.events?.channelCleaned(agentId, atMs);
  }

  private answer(agentId: string, callId: string, action: 'accept' | 'reject'): CallOutcome {
    const call = this.pendingCalls.get(callId);
    if (call === undefined || call.agentId !== agentId) return 'unknown-call';
    this.pendingCalls.delete(callId);
    const client = this.cmsClients.get(call.system);
    if (action === 'accept') client?.accept(callId, agentId);
    else client?.reject(callId, agentId);
    return 'done';
  }

  private cmsLogin(agentId: string, agent: number, role: string): void {
    const system = this.runtime?.cmsSystemOf(agent) ?? null;
    const client = system === null ? undefined : this.cmsClients.get(system);
    if (client === undefined) return;
    client.login(agentId, role);
    client.ready(agentId);
  }

  private profileOf(role: string): SessionProfile {
    const settings = (this.runtime as Runtime).settingsOf(role);
    const configuration = Object.hasOwn(this.config.roles, role) ? (this.config.roles[role]?.communicationsConfiguration ?? null) : null;
    const push =
      configuration !== null && Object.hasOwn(this.config.communicationsConfigurations, configuration)
        ? (this.config.communicationsConfigurations[configuration]?.pushKeepAlive ?? null)
        : null;
    return {
      browserPingIntervalMs: settings.browserPingIntervalMs,
      mode: modeOf(settings.watchdogEnabled, settings.cmsPingIntervalMs),
      pushKeepAliveTimerMs: push?.pushKeepAliveTimerMs ?? null,
      channelCleanupTimerMs: push?.channelCleanupTimerMs ?? null,
    };
  }
}
