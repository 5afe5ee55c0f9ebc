import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The reasons an agent is logged off: the `reason` label of `hbctl_logoffs_total`. */
export const LOGOFF_REASONS = ['watchdog', 'heartbeat-lag', 'client', 'shutdown', 'replaced'] as const;
export type LogoffReason = (typeof LOGOFF_REASONS)[number];

export type ConfigReloadResult = 'applied' | 'rejected';

export interface SupervisorMetricInfo {
  name: string;
  type: 'counter' | 'gauge' | 'histogram';
  labels: readonly string[];
  help: string;
  /** The `SupervisorMetrics` method that records it (null: set once at start). */
  recordedBy: string | null;
}

/**
 * The supervisor's metric catalogue: names, types and labels are a contract
 * (dashboards and alerts read them); docs/supervisor-metrics.md lists the same
 * rows. No metric carries a per-agent label: the series count stays bounded by
 * roles, CMS systems and listeners, never by agents.
 */
export const SUPERVISOR_METRICS: readonly SupervisorMetricInfo[] = [
  { name: 'hbctl_agents_logged_in', type: 'gauge', labels: ['role'], help: 'agents logged in now, per business role', recordedBy: 'agentLoggedIn, agentLoggedOff' },
  { name: 'hbctl_browser_pings_total', type: 'counter', labels: [], help: 'browser pings acknowledged', recordedBy: 'browserPing' },
  { name: 'hbctl_logoffs_total', type: 'counter', labels: ['reason'], help: 'agents logged off, per reason (watchdog, heartbeat-lag, client, shutdown, replaced)', recordedBy: 'agentLoggedOff' },
  { name: 'hbctl_detection_seconds', type: 'histogram', labels: [], help: 'time from the last acknowledged browser ping to the log-off of a watchdog or heartbeat-lag log-off', recordedBy: 'agentLoggedOff' },
  { name: 'hbctl_cms_pings_total', type: 'counter', labels: ['cms'], help: 'availability pings sent to a CMS', recordedBy: 'cmsPing' },
  { name: 'hbctl_cms_available', type: 'gauge', labels: ['cms'], help: '1 while a CMS is available, 0 while it is marked unavailable', recordedBy: 'cmsAvailability' },
  { name: 'hbctl_push_keepalive_messages_total', type: 'counter', labels: [], help: 'push keep-alive frames sent to browser channels', recordedBy: 'pushKeepAliveMessages' },
  { name: 'hbctl_channels_cleaned_total', type: 'counter', labels: [], help: 'push channels dropped after ChannelCleanupTimer of silence', recordedBy: 'channelCleaned' },
  { name: 'hbctl_workstation_entries_cleaned_total', type: 'counter', labels: [], help: 'stale workstation entries the handler cleaned after unanswered keep-alive probes', recordedBy: 'workstationEntryCleaned' },
  { name: 'hbctl_workstation_clients', type: 'gauge', labels: ['listener'], help: 'clients connected to a workstation listener now', recordedBy: 'workstationClients' },
  { name: 'hbctl_config_reloads_total', type: 'counter', labels: ['result'], help: 'configuration reloads, applied or rejected', recordedBy: 'configReload' },
  { name: 'hbctl_store_up', type: 'gauge', labels: [], help: '1 while the store (--store) is reachable, 0 while the node runs degraded on its own', recordedBy: 'storeUp' },
  { name: 'hbctl_store_errors_total', type: 'counter', labels: [], help: 'store operations that failed or were answered locally because the store was unreachable', recordedBy: 'storeError' },
  { name: 'hbctl_build_info', type: 'gauge', labels: ['version', 'node'], help: 'always 1; the labels give the hbctl version and the Node.js version', recordedBy: null },
];

/** Buckets of `hbctl_detection_seconds`: lags are seconds to minutes. */
const DETECTION_BUCKETS_S = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600];

function info(name: string): SupervisorMetricInfo {
  const found = SUPERVISOR_METRICS.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no metric ${name} in SUPERVISOR_METRICS`);
  return found;
}

function counter<L extends string>(registry: Registry, name: string): Counter<L> {
  const m = info(name);
  return new Counter<L>({ name, help: m.help, labelNames: m.labels as L[], registers: [registry] });
}

function gauge<L extends string>(registry: Registry, name: string): Gauge<L> {
  const m = info(name);
  return new Gauge<L>({ name, help: m.help, labelNames: m.labels as L[], registers: [registry] });
}

export interface SupervisorMetricsOptions {
  version: string;
  /** Default process metrics (CPU, memory, fds, event loop lag); on unless false. */
  processMetrics?: boolean;
}

/**
 * One registry per supervisor (never prom-client's global one, so tests and
 * several servers in one process do not collide), and one method per event:
 * the HTTP layer, the runtime, the CMS client and the workstation listeners
 * call these and never touch prom-client themselves.
 */
export class SupervisorMetrics {
  readonly registry = new Registry();
  private readonly loggedIn = gauge<'role'>(this.registry, 'hbctl_agents_logged_in');
  private readonly browserPings = counter(this.registry, 'hbctl_browser_pings_total');
  private readonly logoffs = counter<'reason'>(this.registry, 'hbctl_logoffs_total');
  private readonly detection = new Histogram({
    name: 'hbctl_detection_seconds',
    help: info('hbctl_detection_seconds').help,
    buckets: DETECTION_BUCKETS_S,
    registers: [this.registry],
  });
  private readonly cmsPings = counter<'cms'>(this.registry, 'hbctl_cms_pings_total');
  private readonly cmsAvailable = gauge<'cms'>(this.registry, 'hbctl_cms_available');
  private readonly keepAlives = counter(this.registry, 'hbctl_push_keepalive_messages_total');
  private readonly channelsCleaned = counter(this.registry, 'hbctl_channels_cleaned_total');
  private readonly entriesCleaned = counter(this.registry, 'hbctl_workstation_entries_cleaned_total');
  private readonly wsClients = gauge<'listener'>(this.registry, 'hbctl_workstation_clients');
  private readonly reloads = counter<'result'>(this.registry, 'hbctl_config_reloads_total');
  private readonly storeIsUp = gauge(this.registry, 'hbctl_store_up');
  private readonly storeErrors = counter(this.registry, 'hbctl_store_errors_total');

  constructor(opts: SupervisorMetricsOptions) {
    const build = gauge<'version' | 'node'>(this.registry, 'hbctl_build_info');
    build.set({ version: opts.version, node: process.version }, 1);
    // Every reason and result is exported from the start, so rate() sees a 0 before the first event.
    for (const reason of LOGOFF_REASONS) this.logoffs.inc({ reason }, 0);
    for (const result of ['applied', 'rejected'] as const) this.reloads.inc({ result }, 0);
    // The in-process store is always up; a Redis store reports its state as soon as it connects or fails.
    this.storeIsUp.set(1);
    this.storeErrors.inc(0);
    if (opts.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  agentLoggedIn(role: string): void {
    this.loggedIn.inc({ role });
  }

  /** `detectionMs`: last acknowledged ping → log-off, for the log-offs that detect a gone browser. */
  agentLoggedOff(role: string, reason: LogoffReason, detectionMs: number | null): void {
    this.loggedIn.dec({ role });
    this.logoffs.inc({ reason });
    if (detectionMs !== null && (reason === 'watchdog' || reason === 'heartbeat-lag')) {
      this.detection.observe(Math.max(0, detectionMs) / 1000);
    }
  }

  browserPing(): void {
    this.browserPings.inc();
  }

  cmsPing(cms: string): void {
    this.cmsPings.inc({ cms });
  }

  cmsAvailability(cms: string, available: boolean): void {
    this.cmsAvailable.set({ cms }, available ? 1 : 0);
  }

  pushKeepAliveMessages(count = 1): void {
    this.keepAlives.inc(count);
  }

  channelCleaned(): void {
    this.channelsCleaned.inc();
  }

  workstationEntryCleaned(): void {
    this.entriesCleaned.inc();
  }

  workstationClients(listener: string, clients: number): void {
    this.wsClients.set({ listener }, clients);
  }

  configReload(result: ConfigReloadResult): void {
    this.reloads.inc({ result });
  }

  storeUp(up: boolean): void {
    this.storeIsUp.set(up ? 1 : 0);
  }

  storeError(): void {
    this.storeErrors.inc();
  }

  /** The Prometheus text exposition of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
