import type { CompiledConfig } from '../../config/compiled/index.js';
import type { Clock } from '../../engine/ports.js';
import { CmsClient, cmsTargets, type CmsClientHandlers, type CmsTarget, type HostPort } from '../cms/index.js';

export interface CmsConnectionsOptions {
  clock: Clock;
  /** Every CMS system at this address instead of its configured endpoint (`--cms`, `--with-cms`). */
  override: HostPort | null;
  handlers: (system: string) => CmsClientHandlers;
}

/** The CMS connections of a configuration, by system name. */
export class CmsConnections {
  private constructor(
    readonly clients: ReadonlyMap<string, CmsClient>,
    private readonly addresses: ReadonlyMap<string, string>,
  ) {}

  static none(): CmsConnections {
    return new CmsConnections(new Map(), new Map());
  }

  /**
   * The connections `config` asks for (a `Cms` with several endpoints is
   * several systems), reusing those of `this` that reach the same system at
   * the same address (a reload keeps them up) and stopping the others.
   */
  connect(config: CompiledConfig, systems: readonly string[], opts: CmsConnectionsOptions): CmsConnections {
    const clients = new Map<string, CmsClient>();
    const addresses = new Map<string, string>();
    for (const target of targetsOf(config, systems, opts.override)) {
      const address = `${target.host}:${target.port}`;
      const old = this.clients.get(target.system);
      const client =
        old !== undefined && this.addresses.get(target.system) === address
          ? old
          : new CmsClient({ system: target.system, host: target.host, port: target.port, clock: opts.clock, handlers: opts.handlers(target.system) });
      clients.set(target.system, client);
      addresses.set(target.system, address);
    }
    for (const [system, old] of this.clients) if (clients.get(system) !== old) void old.stop();
    for (const client of clients.values()) client.start();
    return new CmsConnections(clients, addresses);
  }

  stop(): Promise<void> {
    return Promise.all([...this.clients.values()].map((c) => c.stop())).then(() => undefined);
  }
}

/** Where each of the runtime's CMS systems is reached; a system without a configured endpoint has none unless overridden. */
function targetsOf(config: CompiledConfig, systems: readonly string[], override: HostPort | null): Pick<CmsTarget, 'system' | 'host' | 'port'>[] {
  const configured = new Map(cmsTargets(config).map((t) => [t.system, t]));
  return systems.flatMap((system) => {
    if (override !== null) return [{ system, host: override.host, port: override.port }];
    const target = configured.get(system);
    return target === undefined ? [] : [target];
  });
}

/** The systems no connection reaches: their availability check can only time out. */
export function unreachableSystems(config: CompiledConfig, systems: readonly string[], override: HostPort | null): string[] {
  const reached = new Set(targetsOf(config, systems, override).map((t) => t.system));
  return systems.filter((s) => !reached.has(s));
}
