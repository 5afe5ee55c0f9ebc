import type { TimerId } from '../../../engine/ports.js';
import type { WorkstationKeepAlive, WorkstationListenerEvents } from '../../../engine/workstation-keepalive.js';
import { Workstations } from '../../../runtime/workstations.js';
import { Random, sample, subSeed } from '../random.js';
import type { ScenarioFault } from '../../scenario/types.js';
import type { World } from '../world.js';

interface Listener {
  name: string;
  engine: WorkstationKeepAlive;
  nextClient: number;
  /** Per user (0 … clientsPerListener − 1): the client it runs now; a replacement takes over the user's place. */
  clientOf: number[];
  /** Per client: its call timer, and the fault that hit it (for the per-fault counts). */
  timers: Map<number, TimerId>;
  faultOf: Map<number, number>;
  /** Clients whose entry the handler cleaned while they still run: their next call fails, then they connect again. */
  cleaned: Set<number>;
  /** Clients whose network is down now (a connect cannot get through). */
  linkDown: Set<number>;
}

/** A user of one listener, as a fault hit it. */
interface HitUser {
  listener: Listener;
  user: number;
}

/**
 * Tuxedo workstation clients: `clientsPerListener` clients connect to every
 * listener of the configuration at the start (spread over the first minute)
 * and make a service call every `callInterval`. Faults make clients vanish
 * (a replacement client then tries to connect, retrying while all -x slots
 * are taken) or cut their network for a while.
 */
export class WorkstationModel {
  private readonly listeners: Listener[] = [];
  /** Per fault index: the users it hit. */
  private readonly hitUsers = new Map<number, HitUser[]>();
  readonly notes: string[] = [];

  constructor(private readonly world: World) {
    const records = new Map<string, Listener>();
    const runtime = new Workstations(world.clock, world.compiled, {
      eventsFor: (name) => this.events(() => records.get(name) as Listener),
    });
    for (const { name, engine } of runtime.listeners) {
      const listener: Listener = { name, engine, nextClient: 0, clientOf: [], timers: new Map(), faultOf: new Map(), cleaned: new Set(), linkDown: new Set() };
      records.set(name, listener);
      this.listeners.push(listener);
    }
  }

  start(): void {
    const { clientsPerListener, callIntervalMs } = this.world.scenario.workstations;
    const random = new Random(subSeed(this.world.seed, 'workstations'));
    for (const listener of this.listeners) {
      for (let user = 0; user < clientsPerListener; user++) {
        const client = listener.nextClient++;
        listener.clientOf[user] = client;
        const atMs = random.int(Math.min(callIntervalMs, 60_000));
        this.world.clock.schedule(atMs, () => this.connect(listener, user, client, null));
      }
    }
  }

  /** Applies a workstation fault to its share of the users (each user's current client); returns how many it hit. */
  applyFault(fault: ScenarioFault, random: Random): number {
    const per = this.world.scenario.workstations.clientsPerListener;
    const pool = this.listeners.filter((l) => fault.clients?.listener == null || l.name === fault.clients.listener);
    const keys = Int32Array.from({ length: pool.length * per }, (_, i) => i);
    const hit = sample(keys, fault.clients?.count ?? 0, random);
    const users: HitUser[] = [];
    this.hitUsers.set(fault.index, users);
    for (const key of hit) {
      const listener = pool[Math.floor(key / per)] as Listener;
      const user = key % per;
      users.push({ listener, user });
      const client = listener.clientOf[user] as number;
      listener.faultOf.set(client, fault.index);
      if (fault.type === 'workstationDrop') this.drop(listener, user, client, fault.index);
      else this.networkDown(listener, client, fault.durationMs ?? 0);
    }
    return hit.length;
  }

  /** How many users a fault hit run a client that is connected now (the original or its replacement). */
  stillConnected(fault: number): number {
    let count = 0;
    for (const { listener, user } of this.hitUsers.get(fault) ?? []) {
      if (listener.engine.isConnected(listener.clientOf[user] as number)) count++;
    }
    return count;
  }

  private drop(listener: Listener, user: number, client: number, fault: number): void {
    listener.engine.vanish(client);
    this.stopCalls(listener, client);
    // The user starts a replacement client, which needs a free slot of its own.
    const replacement = listener.nextClient++;
    listener.clientOf[user] = replacement;
    listener.faultOf.set(replacement, fault);
    this.world.clock.schedule(this.world.scenario.workstations.reconnectAfterMs, () => this.connect(listener, user, replacement, fault));
  }

  private networkDown(listener: Listener, client: number, durationMs: number): void {
    listener.engine.networkDown(client);
    listener.linkDown.add(client);
    this.world.clock.schedule(durationMs, () => {
      listener.engine.networkUp(client);
      listener.linkDown.delete(client);
    });
  }

  private connect(listener: Listener, user: number, client: number, retryFault: number | null): void {
    // A client dropped before it got a slot is gone: its user already runs the next one.
    if (listener.clientOf[user] !== client) return;
    if (listener.engine.connect(client)) return this.startCalls(listener, client);
    if (retryFault === null) return;
    this.world.clock.schedule(this.world.scenario.workstations.reconnectAfterMs, () => this.connect(listener, user, client, retryFault));
  }

  private startCalls(listener: Listener, client: number): void {
    const intervalMs = this.world.scenario.workstations.callIntervalMs;
    const tick = (): void => {
      listener.timers.set(client, this.world.clock.schedule(intervalMs, tick));
      const result = listener.engine.call(client);
      if (result === 'TPESYSTEM') this.afterTpesystem(listener, client);
    };
    listener.timers.set(client, this.world.clock.schedule(intervalMs, tick));
  }

  /**
   * A client whose entry the handler cleaned learns it from the TPESYSTEM
   * error of its next call and connects again (tpinit), through the same
   * listener engine: it needs a free -x slot, and tries again after its next
   * failed call when none is free or while its network is down. A client
   * that gave the network up itself (-K client) is not told anything by the
   * handler and keeps failing (SPEC §1).
   */
  private afterTpesystem(listener: Listener, client: number): void {
    if (!listener.cleaned.has(client) || listener.linkDown.has(client)) return;
    if (!listener.engine.connect(client)) return;
    listener.cleaned.delete(client);
    this.world.trace.workstationReconnected?.({ listener: listener.name, client, atMs: this.world.clock.now() });
  }

  private stopCalls(listener: Listener, client: number): void {
    listener.cleaned.delete(client);
    const timer = listener.timers.get(client);
    if (timer !== undefined) this.world.clock.cancel(timer);
    listener.timers.delete(client);
  }

  /** The events of one listener's engine; the listener's record is made after its engine. */
  private events(listenerOf: () => Listener): WorkstationListenerEvents {
    const w = this.world;
    const count = (client: number, key: 'entriesCleaned' | 'tpesystemFailures' | 'connectsRefused'): void => {
      const f = listenerOf().faultOf.get(client);
      const outcome = f === undefined ? undefined : w.faults.outcomes[f];
      if (outcome !== undefined) outcome[key] = (outcome[key] ?? 0) + 1;
    };
    return {
      entryCleaned: (client) => {
        const listener = listenerOf();
        if (listener.timers.has(client)) listener.cleaned.add(client);
        w.metrics.workstationEntriesCleaned++;
        count(client, 'entriesCleaned');
      },
      connectRefused: (client) => {
        w.metrics.workstationConnectsRefused++;
        count(client, 'connectsRefused');
      },
      tpesystem: (client) => {
        w.metrics.tpesystemFailures++;
        count(client, 'tpesystemFailures');
      },
      log: (message) => {
        this.notes.push(message);
      },
    };
  }
}
