import type { CompiledConfig } from '../../config/compiled/index.js';
import { InProcessHeartbeatTable, Runtime } from '../../runtime/index.js';
import { createStore, type Store } from '../../store/index.js';
import type { HostPort } from '../cms/index.js';
import { startHttpServer, type HttpServer, type ServerLimits, type StoreStatusView } from '../http/index.js';
import type { SupervisorLogger } from '../log.js';
import type { SupervisorMetrics } from '../metrics.js';
import { RealClock } from '../real-clock.js';
import { WorkstationListeners, type ListenAddress } from '../workstation/index.js';
import { CmsConnections, unreachableSystems } from './cms-connections.js';
import { RuntimeSessions } from './runtime-sessions.js';

export interface SupervisorOptions {
  config: CompiledConfig;
  log: SupervisorLogger;
  metrics: SupervisorMetrics;
  /** HTTP and WebSocket address, `host:port` (default 127.0.0.1:7480; port 0 picks one). */
  listen?: string;
  authToken?: string | null;
  allowedOrigins?: readonly string[];
  httpLimits?: Partial<ServerLimits>;
  /** `memory` (default) or a Redis URL (docs/redis.md). */
  store?: string;
  /** Every CMS system at this address instead of its configured endpoints. */
  cms?: HostPort | null;
  /** Per workstation listener, where to listen instead of its compiled address (port 0 picks one). */
  listenerAddresses?: ReadonlyMap<string, Partial<ListenAddress>>;
}

export type ReloadResult = { applied: true; carried: number; loggedOff: number } | { applied: false; message: string };

/** Refusal to start, with a message for the operator (the CLI makes it exit 2). */
export class SupervisorStartError extends Error {
  override readonly name = 'SupervisorStartError';
}

/**
 * The live supervisor: the runtime's engines on real time, fed by browsers
 * over WebSocket, pinging the CMS over TCP, with the workstation listeners
 * and the shared memory of `--store`. `reload` applies a new configuration
 * without dropping sessions; `close` stops everything gracefully.
 */
export class Supervisor {
  private runtime: Runtime;
  private cms: CmsConnections;
  private config: CompiledConfig;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly opts: SupervisorOptions,
    private readonly clock: RealClock,
    private readonly store: Store,
    private readonly heartbeats: InProcessHeartbeatTable,
    private readonly sessions: RuntimeSessions,
    private readonly life: Lifecycle,
    readonly http: HttpServer,
    readonly workstations: WorkstationListeners,
    runtime: Runtime,
    cms: CmsConnections,
  ) {
    this.runtime = runtime;
    this.cms = cms;
    this.config = opts.config;
  }

  get url(): string {
    return this.http.url;
  }

  get hash(): string {
    return this.config.hash;
  }

  static async start(opts: SupervisorOptions): Promise<Supervisor> {
    const { config, log, metrics } = opts;
    const clock = new RealClock();
    const life: Lifecycle = { stopping: false, stopStoreEvents: () => {} };
    const sessions = new RuntimeSessions(config, new Map(), metrics, log, () => clock.now());
    const created = createStore(opts.store ?? 'memory', {
      clock,
      pingTtlMs: pingTtlMsOf(config),
      agentKeyOf: (agent) => sessions.registry.agentId(agent) ?? `#${agent}`,
      cmsNames: Object.keys(config.cms).sort(),
    });
    for (const name of opts.listenerAddresses?.keys() ?? []) {
      if (!Object.hasOwn(config.listeners, name)) {
        const known = Object.keys(config.listeners).sort();
        throw new SupervisorStartError(`--listener ${name}: no WorkstationListener of that name (the configuration has ${known.length === 0 ? 'none' : known.join(', ')})`);
      }
    }
    if (!created.ok) throw new SupervisorStartError(`--store: ${created.message}`);
    const store = created.store;
    const heartbeats = new InProcessHeartbeatTable(1024, store.writeBehind);
    const stopStoreEvents = watchStore(store, metrics, log);
    if (store.kind === 'redis') sessions.shareStore((agentId, cb) => store.lookupLastPing(agentId, cb));
    let runtime: Runtime | null = null;
    let cms = CmsConnections.none();
    let workstations: WorkstationListeners | null = null;
    let http: HttpServer | null = null;
    try {
      runtime = buildRuntime(config, clock, heartbeats, store, sessions, (system) => cms.clients.get(system));
      cms = cms.connect(config, systemsOf(runtime), cmsOptions(opts, clock, sessions, life));
      sessions.use(runtime, config, cms.clients);
      for (const system of systemsOf(runtime)) metrics.cmsAvailability(system, true);
      warnUnreachable(log, config, runtime, opts.cms ?? null);
      workstations = await WorkstationListeners.start(config, {
        clock,
        ...(opts.listenerAddresses === undefined ? {} : { listenOn: opts.listenerAddresses }),
        metrics: {
          entriesCleaned: () => metrics.workstationEntryCleaned(),
          clients: (listener, count) => metrics.workstationClients(listener, count),
        },
        log: (line) => log.info({ event: 'workstation' }, line),
      });
      http = await startHttpServer({
        sessions,
        metrics,
        log,
        ...(opts.listen === undefined ? {} : { listen: opts.listen }),
        ...(opts.authToken === undefined ? {} : { authToken: opts.authToken }),
        ...(opts.allowedOrigins === undefined ? {} : { allowedOrigins: opts.allowedOrigins }),
        ...(opts.httpLimits === undefined ? {} : { limits: opts.httpLimits }),
        storeStatus: () => storeView(store),
      });
      sessions.attach(http.events);
      runtime.start();
      for (const server of workstations.servers) {
        const at = server.address();
        log.info({ event: 'workstation-listening', listener: server.name, host: at?.host, port: at?.port }, 'workstation listener up');
      }
      life.stopStoreEvents = stopStoreEvents;
      return new Supervisor(opts, clock, store, heartbeats, sessions, life, http, workstations, runtime, cms);
    } catch (err) {
      stopStoreEvents();
      runtime?.stop();
      await cms.stop();
      await workstations?.close();
      await new Promise<void>((resolve) => store.close(resolve));
      clock.cancelAll();
      throw err instanceof Error && err.name !== 'Error' ? err : new SupervisorStartError(err instanceof Error ? err.message : String(err));
    }
  }

  /**
   * Applies a new configuration: a new runtime takes over every logged-in
   * agent whose role it still has, keeping its last ping (so its watchdog
   * sees the same lag), CMS connections to unchanged endpoints stay up.
   * Agents of a role the new configuration lacks are logged off (reason
   * `shutdown`). Workstation listeners keep running on the configuration
   * they started with (their ports are bound); a changed listener needs a
   * restart, and the result says so.
   */
  reload(config: CompiledConfig): ReloadResult {
    if (this.closing !== null) return { applied: false, message: 'the supervisor is stopping' };
    const old = this.runtime;
    const sessions = this.sessions;
    let cms = this.cms;
    const next = buildRuntime(config, this.clock, this.heartbeats, this.store, sessions, (system) => cms.clients.get(system));
    const agents = sessions.loggedIn();
    let loggedOff = 0;
    for (const a of agents) {
      if (next.hasRole(a.role)) continue;
      old.logoff(a.agent, 'shutdown');
      loggedOff++;
    }
    const carried = agents.filter((a) => next.hasRole(a.role));
    const lastPings = carried.map((a) => this.heartbeats.lastBrowserPing(a.agent));
    sessions.setMigrating(true);
    try {
      old.stop();
      cms = this.cms.connect(config, systemsOf(next), cmsOptions(this.opts, this.clock, sessions, this.life));
      this.cms = cms;
      sessions.use(next, config, cms.clients);
      carried.forEach((a, i) => {
        sessions.relogin(a.agentId, a.agent, a.role);
        const lastPingMs = lastPings[i];
        if (lastPingMs !== undefined) this.heartbeats.recordBrowserPing(a.agent, lastPingMs);
      });
    } finally {
      sessions.setMigrating(false);
    }
    for (const system of systemsOf(next)) if (!systemsOf(old).includes(system)) this.opts.metrics.cmsAvailability(system, true);
    warnUnreachable(this.opts.log, config, next, this.opts.cms ?? null);
    this.runtime = next;
    this.config = config;
    next.start();
    return { applied: true, carried: carried.length, loggedOff };
  }

  /** Stops accepting, logs every agent off the CMS (reason `shutdown`), closes every socket. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.life.stopping = true;
    await this.http.close();
    this.runtime.stop();
    await Promise.all([this.workstations.close(), this.cms.stop()]);
    this.life.stopStoreEvents();
    await new Promise<void>((resolve) => this.store.close(resolve));
    this.clock.cancelAll();
  }
}

/** The store's up/down changes and failures become metrics and log lines; returns the unsubscribe function. */
function watchStore(store: Store, metrics: SupervisorMetrics, log: SupervisorLogger): () => void {
  metrics.storeUp(store.kind === 'memory' || store.status().up);
  return store.onEvent((event) => {
    if (event.type === 'error') return metrics.storeError();
    metrics.storeUp(event.type === 'up');
    if (event.type === 'up') log.info({ event: 'store-up', store: store.kind }, 'store reachable: shared state resynchronised');
    else log.warn({ event: 'store-down', store: store.kind, error: event.status.lastError }, 'store unreachable: running degraded on this node (pings, watchdogs and a node-local CMS lock go on)');
  });
}

function storeView(store: Store): StoreStatusView {
  const s = store.status();
  return { kind: store.kind, up: s.up, errors: s.errors, sinceMs: s.sinceMs, lastError: s.lastError ?? null };
}

function buildRuntime(
  config: CompiledConfig,
  clock: RealClock,
  heartbeats: InProcessHeartbeatTable,
  store: Store,
  sessions: RuntimeSessions,
  clientOf: (system: string) => { ping(cms: string, onAck: () => void): void } | undefined,
): Runtime {
  return new Runtime({
    config,
    clock,
    heartbeats,
    cmsTable: store.cmsTable,
    // A system without a connection never acks: its check times out, as against a silent CMS.
    cms: { ping: (system, onAck) => clientOf(system)?.ping(system, onAck) },
    listener: sessions,
  });
}

function systemsOf(runtime: Runtime): string[] {
  return runtime.cmsSystems.map((s) => s.name);
}

/** Set once the supervisor stops: connections it closes itself are not news. */
interface Lifecycle {
  stopping: boolean;
  stopStoreEvents: () => void;
}

function cmsOptions(opts: SupervisorOptions, clock: RealClock, sessions: RuntimeSessions, life: Lifecycle) {
  return {
    clock,
    override: opts.cms ?? null,
    handlers: (system: string) => ({
      offer: (call: string, agent: string) => sessions.offer(system, call, agent),
      agentLoggedOff: (agent: string) => sessions.cmsLoggedOff(agent),
      connected: () => opts.log.info({ event: 'cms-connected', cms: system }, 'CMS connection up'),
      disconnected: () => life.stopping || opts.log.warn({ event: 'cms-disconnected', cms: system }, 'CMS connection lost; reconnecting'),
      protocolError: (message: string) => opts.log.warn({ event: 'cms-protocol-error', cms: system }, message),
    }),
  };
}

function warnUnreachable(log: SupervisorLogger, config: CompiledConfig, runtime: Runtime, override: HostPort | null): void {
  for (const system of unreachableSystems(config, systemsOf(runtime), override)) {
    log.warn({ event: 'cms-no-endpoint', cms: system }, 'CMS system has no endpoint to connect to: its availability check will time out (give --cms HOST:PORT)');
  }
}

/** How long a written-behind ping must outlive its agent: the longest lag plus sleep of any role. */
function pingTtlMsOf(config: CompiledConfig): number {
  let ttlMs = 0;
  for (const role of Object.values(config.roles)) {
    const h = role.heartbeat;
    const lagMs = h.watchdogEnabled.value ? h.heartbeatWatchdogLagMs.value + h.watchdogSleepTimeMs.value : h.heartbeatLagMs.value;
    ttlMs = Math.max(ttlMs, lagMs);
  }
  return Math.max(1000, ttlMs);
}
