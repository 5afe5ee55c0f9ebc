import type { CompiledConfig } from '../../config/compiled/index.js';
import type { Clock } from '../../engine/ports.js';
import { Workstations } from '../../runtime/workstations.js';
import { RealClock } from '../real-clock.js';
import { isLoopback, parseListenerAddress, type ListenAddress } from './address.js';
import type { LogLine, WorkstationListenerMetrics } from './events.js';
import type { WorkstationLimits } from './limits.js';
import { WorkstationListenerServer, type WorkstationListenerStats } from './listener.js';

export interface WorkstationListenersOptions {
  /** Per listener name: host and/or port instead of the compiled address (tests pass `{ port: 0 }`). */
  listenOn?: ReadonlyMap<string, Partial<ListenAddress>>;
  /**
   * Bind the host of each compiled address. Without it every listener binds
   * 127.0.0.1 on its compiled port (servers are loopback unless told).
   */
  bindConfiguredHosts?: boolean;
  /** Required to bind beyond loopback: every hello must carry it. */
  token?: string;
  limits?: Partial<WorkstationLimits>;
  metrics?: WorkstationListenerMetrics;
  log?: LogLine;
  /** Default: a `RealClock` (the engines run on real time). */
  clock?: Clock;
}

/** A listener that cannot start: no address, or a non-loopback host without a token. */
export class WorkstationSetupError extends Error {
  override name = 'WorkstationSetupError';
}

/** The workstation listeners of a configuration, listening; `close` stops them all. */
export class WorkstationListeners {
  private constructor(
    readonly servers: readonly WorkstationListenerServer[],
    private readonly clock: Clock,
    private readonly ownsClock: boolean,
  ) {}

  /**
   * Builds the engines (src/runtime) and one TCP listener per compiled
   * listener, and starts them; rejects (closing any started) when one
   * cannot listen.
   */
  static async start(compiled: Pick<CompiledConfig, 'listeners' | 'keepAlive'>, options: WorkstationListenersOptions = {}): Promise<WorkstationListeners> {
    const clock = options.clock ?? new RealClock();
    const byName = new Map<string, WorkstationListenerServer>();
    const runtime = new Workstations(clock, compiled, {
      eventsFor: (name) => ({
        entryCleaned: (client) => byName.get(name)?.entryCleaned(client),
        connectRefused: () => byName.get(name)?.connectRefused(),
        tpesystem: () => byName.get(name)?.tpesystem(),
        log: (message) => byName.get(name)?.log(message),
      }),
      probesFor: (name) => ({ probeClient: (client) => byName.get(name)?.sendProbe(client) }),
    });
    for (const l of runtime.listeners) {
      const listenOn = listenAddressOf(l.name, l.compiled.address, options);
      const server = new WorkstationListenerServer(l, clock, {
        listenOn,
        ...(options.token !== undefined ? { token: options.token } : {}),
        ...(options.limits !== undefined ? { limits: options.limits } : {}),
        ...(options.metrics !== undefined ? { metrics: options.metrics } : {}),
        ...(options.log !== undefined ? { log: options.log } : {}),
      });
      byName.set(l.name, server);
    }
    const group = new WorkstationListeners([...byName.values()], clock, options.clock === undefined);
    const started = await Promise.allSettled(group.servers.map((s) => s.listen()));
    const failed = started.findIndex((r) => r.status === 'rejected');
    if (failed !== -1) {
      await group.close();
      const reason = (started[failed] as PromiseRejectedResult).reason as Error;
      throw new WorkstationSetupError(`workstation listener ${group.servers[failed]?.name}: cannot listen: ${reason.message}`);
    }
    return group;
  }

  get(name: string): WorkstationListenerServer | undefined {
    return this.servers.find((s) => s.name === name);
  }

  stats(): Map<string, WorkstationListenerStats> {
    return new Map(this.servers.map((s) => [s.name, s.stats()]));
  }

  /** Closes every listener gracefully (see `WorkstationListenerServer.close`). */
  close(): Promise<void> {
    const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    return Promise.all(closed).then(() => {
      if (this.ownsClock && this.clock instanceof RealClock) this.clock.cancelAll();
    });
  }
}

function listenAddressOf(name: string, address: string | null, options: WorkstationListenersOptions): ListenAddress {
  const compiled = parseListenerAddress(address);
  const override = options.listenOn?.get(name);
  const port = override?.port ?? compiled?.port;
  if (port === undefined) throw new WorkstationSetupError(`workstation listener ${name} has no network address (-n //host:port) and no port was given`);
  const host = override?.host ?? (options.bindConfiguredHosts === true && compiled !== null ? compiled.host : '127.0.0.1');
  if (!isLoopback(host) && options.token === undefined) {
    throw new WorkstationSetupError(`workstation listener ${name} would listen on ${host}, beyond loopback: give a token`);
  }
  return { host, port };
}
