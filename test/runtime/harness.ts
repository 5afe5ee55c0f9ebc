import type { CompiledConfig, CompiledRole, HeartbeatValues, ResolvedHeartbeat } from '../../src/config/compiled/types.js';
import type { Clock, CmsPort, TimerId } from '../../src/engine/ports.js';
import type { LogoffReason } from '../../src/engine/session.js';
import { InProcessCmsTable, InProcessHeartbeatTable, Runtime, type RuntimeListener, type RuntimeOptions } from '../../src/runtime/index.js';

export const S = 1000;

/**
 * A small manual clock: timers run in due-time order (then scheduling order)
 * when the test advances time. `pending` counts timers not yet run or cancelled.
 */
export class ManualClock implements Clock {
  private nowMs = 0;
  private nextId = 1;
  private readonly timers = new Map<TimerId, { dueMs: number; fn: () => void }>();

  now(): number {
    return this.nowMs;
  }

  schedule(delayMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    this.timers.set(id, { dueMs: this.nowMs + Math.max(0, delayMs), fn });
    return id;
  }

  cancel(id: TimerId): void {
    this.timers.delete(id);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Runs every timer due up to now + ms (also those scheduled meanwhile), then sets the time. */
  advance(ms: number): void {
    const endMs = this.nowMs + ms;
    for (;;) {
      let next: [TimerId, { dueMs: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].dueMs <= endMs && (next === undefined || entry[1].dueMs < next[1].dueMs)) next = entry;
      if (next === undefined) break;
      this.timers.delete(next[0]);
      this.nowMs = next[1].dueMs;
      next[1].fn();
    }
    this.nowMs = endMs;
  }
}

/** A CMS that acknowledges after `ackDelayMs` unless its name is in `down`; it counts pings and the most in flight at once. */
export class TestCms implements CmsPort {
  readonly down = new Set<string>();
  readonly pings: { cms: string; atMs: number }[] = [];
  private inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly clock: ManualClock,
    private readonly ackDelayMs = 100,
    private readonly givesUpAfterMs = 5 * S,
  ) {}

  ping(cms: string, onAck: () => void): void {
    this.pings.push({ cms, atMs: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.down.has(cms)) {
      this.clock.schedule(this.givesUpAfterMs, () => void this.inFlight--);
      return;
    }
    this.clock.schedule(this.ackDelayMs, () => {
      this.inFlight--;
      onAck();
    });
  }
}

export interface Event {
  kind: string;
  agent?: number;
  cms?: string;
  configuration?: string;
  reason?: LogoffReason;
  available?: boolean;
  atMs: number;
}

/** A listener that records every event, in order. */
export class Recorder implements RuntimeListener {
  readonly events: Event[] = [];
  loggedOff(agent: number, reason: LogoffReason, atMs: number): void {
    this.events.push({ kind: 'loggedOff', agent, reason, atMs });
  }
  cmsStatusToBrowser(agent: number, cms: string, available: boolean, atMs: number): void {
    this.events.push({ kind: 'cmsStatus', agent, cms, available, atMs });
  }
  cmsPingSent(cms: string, atMs: number): void {
    this.events.push({ kind: 'cmsPing', cms, atMs });
  }
  cmsOutageDetected(cms: string, atMs: number): void {
    this.events.push({ kind: 'outage', cms, atMs });
  }
  cmsRecovered(cms: string, atMs: number): void {
    this.events.push({ kind: 'recovered', cms, atMs });
  }
  keepAliveSent(configuration: string, agent: number, atMs: number): void {
    this.events.push({ kind: 'keepAlive', configuration, agent, atMs });
  }
  channelCleaned(agent: number, configuration: string, atMs: number): void {
    this.events.push({ kind: 'cleaned', agent, configuration, atMs });
  }
  of(kind: string): Event[] {
    return this.events.filter((e) => e.kind === kind);
  }
}

export const MODE_A: HeartbeatValues = {
  browserPingIntervalMs: 30 * S,
  heartbeatLagMs: 150 * S,
  watchdogEnabled: false,
  watchdogSleepTimeMs: 120 * S,
  heartbeatWatchdogLagMs: 150 * S,
  cmsPingIntervalMs: 0,
};
export const MODE_B: HeartbeatValues = { ...MODE_A, watchdogEnabled: true, watchdogSleepTimeMs: 60 * S, heartbeatWatchdogLagMs: 90 * S };
export const MODE_B_CMS: HeartbeatValues = { ...MODE_B, cmsPingIntervalMs: 30 * S };

export function heartbeat(values: HeartbeatValues, profile: string | null = 'P'): ResolvedHeartbeat {
  const origin = { source: 'builtin' } as const;
  const v = <T>(value: T) => ({ value, origin });
  return {
    profile,
    mode: !values.watchdogEnabled ? 'A' : values.cmsPingIntervalMs > 0 ? 'B+CMS' : 'B',
    browserPingIntervalMs: v(values.browserPingIntervalMs),
    heartbeatLagMs: v(values.heartbeatLagMs),
    watchdogEnabled: v(values.watchdogEnabled),
    watchdogSleepTimeMs: v(values.watchdogSleepTimeMs),
    heartbeatWatchdogLagMs: v(values.heartbeatWatchdogLagMs),
    cmsPingIntervalMs: v(values.cmsPingIntervalMs),
  };
}

export interface RoleSpec {
  values: HeartbeatValues;
  cms?: string | null;
  configuration?: string | null;
}

export interface ConfigSpec {
  roles: Record<string, RoleSpec>;
  cms?: Record<string, { endpoints: string[]; ackTimeoutMs: number }>;
  /** Communications configurations with a Push Keep Alive driver: their timers. */
  push?: Record<string, { pushKeepAliveTimerMs: number; channelCleanupTimerMs: number } | null>;
}

/** A compiled config with just what the runtime reads. */
export function config(spec: ConfigSpec): CompiledConfig {
  const roles: Record<string, CompiledRole> = {};
  for (const [name, r] of Object.entries(spec.roles)) {
    roles[name] = { name, heartbeat: heartbeat(r.values), communicationsConfiguration: r.configuration ?? null, cms: r.cms ?? null };
  }
  const cms: CompiledConfig['cms'] = {};
  for (const [name, c] of Object.entries(spec.cms ?? {})) cms[name] = { name, ...c };
  const communicationsConfigurations: CompiledConfig['communicationsConfigurations'] = {};
  for (const [name, pushKeepAlive] of Object.entries(spec.push ?? {})) {
    communicationsConfigurations[name] = { name, cached: false, takesEffect: 'next-login', parameters: {}, profiles: [], pushKeepAlive };
  }
  return {
    apiVersion: 'hbctl/v1',
    kind: 'CompiledConfig',
    roles,
    communicationsConfigurations,
    listeners: {},
    keepAlive: { idleTimeMs: 60 * S, probeIntervalMs: 10 * S, probeCount: 3, origin: 'builtin' },
    cms,
    hash: 'sha256:test',
  };
}

/** A runtime over the manual clock and the in-process stores, recording what it reports. */
export function harness(spec: ConfigSpec, options: Partial<RuntimeOptions> & { ackDelayMs?: number } = {}) {
  const { ackDelayMs, ...opts } = options;
  const clock = new ManualClock();
  const heartbeats = new InProcessHeartbeatTable(opts.initialAgents ?? 4);
  const cmsTable = new InProcessCmsTable(clock);
  const cms = new TestCms(clock, ackDelayMs);
  const recorder = new Recorder();
  const runtime = new Runtime({ config: config(spec), clock, heartbeats, cmsTable, cms, listener: recorder, ...opts });
  return { clock, heartbeats, cmsTable, cms, recorder, runtime };
}
