import type { CompiledConfig, CompiledListener } from '../config/compiled/types.js';
import type { Clock } from '../engine/ports.js';
import {
  WorkstationKeepAlive,
  type KeepAliveMode,
  type KeepAliveTiming,
  type WorkstationListenerEvents,
  type WorkstationProbePort,
} from '../engine/workstation-keepalive.js';

/** One compiled listener and the keep-alive engine that holds its clients' entries. */
export interface WorkstationListenerRuntime {
  readonly name: string;
  readonly compiled: CompiledListener;
  /** The system-wide probe timing (SPEC §1: one setting for every listener). */
  readonly timing: KeepAliveTiming;
  /**
   * The per-client events: connect, activity, call, close (what a live
   * listener sees), vanish and networkDown/Up (what only a simulation knows),
   * isConnected and activeEntries.
   */
  readonly engine: WorkstationKeepAlive;
}

export interface WorkstationsOptions {
  /** The events of one listener's engine: cleaned entries, refused connects, TPESYSTEM, the non-TCP log line. */
  eventsFor(listener: string): WorkstationListenerEvents;
  /**
   * Live connections: how the handler (or the client) of this listener sends
   * a probe; answers arrive as `activity`. Omitted: the engine models both
   * sides and answers probes itself (the simulator).
   */
  probesFor?(listener: string): WorkstationProbePort | undefined;
}

/** The compiled keep-alive settings as the engine's timing (their origin does not change how they run). */
export function keepAliveTimingOf(compiled: Pick<CompiledConfig, 'keepAlive'>): KeepAliveTiming {
  const { idleTimeMs, probeIntervalMs, probeCount } = compiled.keepAlive;
  return { idleTimeMs, probeIntervalMs, probeCount };
}

/**
 * The workstation keep-alive engines of a configuration: one per compiled
 * listener, by name order, each with the compiled keep-alive timing. The
 * simulator and the live supervisor both drive them through these objects.
 */
export class Workstations {
  readonly listeners: readonly WorkstationListenerRuntime[];
  private readonly byName = new Map<string, WorkstationListenerRuntime>();

  constructor(clock: Clock, compiled: Pick<CompiledConfig, 'listeners' | 'keepAlive'>, options: WorkstationsOptions) {
    const timing = keepAliveTimingOf(compiled);
    const listeners: WorkstationListenerRuntime[] = [];
    for (const name of Object.keys(compiled.listeners).sort()) {
      const l = compiled.listeners[name] as CompiledListener;
      const config = { name, keepAlive: l.keepAlive, device: l.device, maxClients: l.maxClients };
      const engine = new WorkstationKeepAlive(clock, config, timing, options.eventsFor(name), options.probesFor?.(name));
      const runtime = { name, compiled: l, timing, engine };
      listeners.push(runtime);
      this.byName.set(name, runtime);
    }
    this.listeners = listeners;
  }

  get(name: string): WorkstationListenerRuntime | undefined {
    return this.byName.get(name);
  }

  /** Entries held over every listener (stale ones included). */
  get activeEntries(): number {
    let total = 0;
    for (const l of this.listeners) total += l.engine.activeEntries;
    return total;
  }
}

/** The listener as a client learns it from the listener's hello. */
export interface WorkstationClientView {
  name: string;
  keepAlive: KeepAliveMode;
  /** The listener's -d: keep-alive applies only over /dev/tcp, on either side. */
  device: string | null;
}

/**
 * A workstation client's own side of -K (client/both), run in the client's
 * process: its probes go out through `probeHandler`, answers arrive as
 * `activity(client)`, and once probeCount of them go unanswered every call
 * returns TPESYSTEM until the client connects again. The handler's side runs
 * in the listener's process.
 */
export function workstationClientEngine(
  clock: Clock,
  listener: WorkstationClientView,
  timing: KeepAliveTiming,
  events: WorkstationListenerEvents,
  probeHandler: (client: number) => void,
): WorkstationKeepAlive {
  const config = { name: listener.name, keepAlive: listener.keepAlive, device: listener.device, maxClients: null };
  return new WorkstationKeepAlive(clock, config, timing, events, { probeHandler });
}
