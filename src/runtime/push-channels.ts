import { PushKeepAlive, type PushKeepAliveListener, type PushKeepAliveOptions } from '../engine/push-keepalive.js';
import type { Clock } from '../engine/ports.js';
import { grownInt32, grownUint8, withRoom } from './capacity.js';

/** What the push channels report (the runtime's listener, narrowed). */
export interface PushChannelEvents {
  keepAliveSent?(configuration: string, agent: number, atMs: number): void;
  channelCleaned?(agent: number, configuration: string, atMs: number): void;
}

const NONE = -1;

/**
 * Siebel push channels: one Push Keep Alive driver (engine) per
 * communications configuration that has one, and one channel per logged-in
 * browser of a role using it. Channel ids are never reused: a cleaned channel
 * and the new one of the same agent are different channels to the driver.
 */
export class PushChannels {
  private readonly engines: PushKeepAlive[] = [];
  private readonly byConfiguration = new Map<string, number>();
  /** Per agent: its open channel (−1 none), the engine holding it, and whether its browser went away without closing it. */
  private channelOf = new Int32Array(0);
  private engineOf = new Int32Array(0);
  private abandoned = new Uint8Array(0);
  private agentOfChannel = new Int32Array(0);
  private nextChannel = 0;

  constructor(
    private readonly clock: Clock,
    private readonly events: PushChannelEvents,
  ) {}

  /** The engine of a configuration (created on first use); its index. */
  engineFor(configuration: string, opts: PushKeepAliveOptions): number {
    const known = this.byConfiguration.get(configuration);
    if (known !== undefined) return known;
    const index = this.engines.length;
    this.engines.push(new PushKeepAlive(this.clock, { pushKeepAliveTimerMs: opts.pushKeepAliveTimerMs, channelCleanupTimerMs: opts.channelCleanupTimerMs }, this.listenerOf(configuration)));
    this.byConfiguration.set(configuration, index);
    return index;
  }

  get engineCount(): number {
    return this.engines.length;
  }

  /** Open channels of one configuration's engine (0 for a configuration without one). */
  openChannels(configuration: string): number {
    const index = this.byConfiguration.get(configuration);
    return index === undefined ? 0 : (this.engines[index] as PushKeepAlive).openChannels;
  }

  /** Makes room for agents up to `size` − 1 (the runtime grows every per-agent array together). */
  grow(size: number): void {
    this.channelOf = grownInt32(this.channelOf, size, NONE);
    this.engineOf = grownInt32(this.engineOf, size, NONE);
    this.abandoned = grownUint8(this.abandoned, size);
  }

  start(): void {
    for (const engine of this.engines) engine.start();
  }

  stop(): void {
    for (const engine of this.engines) engine.stop();
  }

  /** The agent logged in on `engine`: its channel answers again, or a new one opens (first login, after a crash, after cleanup). */
  loggedIn(agent: number, engine: number): void {
    // An abandoned channel stays with its driver until cleaned; a live one on another configuration closes.
    if (this.abandoned[agent] === 0) {
      if (this.engineOf[agent] === engine) {
        (this.engines[engine] as PushKeepAlive).channelActivity(this.channelOf[agent] as number);
        return;
      }
      this.close(agent);
    }
    const id = this.nextChannel++;
    this.agentOfChannel = withRoom(this.agentOfChannel, id, NONE);
    this.agentOfChannel[id] = agent;
    this.channelOf[agent] = id;
    this.engineOf[agent] = engine;
    this.abandoned[agent] = 0;
    (this.engines[engine] as PushKeepAlive).openChannel(id);
  }

  /** Traffic from the browser on its channel (an answer to a heartbeat, a message); nothing once it was abandoned. */
  activity(agent: number): void {
    const channel = this.channelAt(agent);
    if (channel !== NONE && this.abandoned[agent] === 0) (this.engines[this.engineOf[agent] as number] as PushKeepAlive).channelActivity(channel);
  }

  /**
   * A stalled browser answers again on `engine`: its channel is active again,
   * or a new one opens when the driver cleaned it meanwhile. An abandoned
   * channel's browser is gone and resumes nothing.
   */
  resumed(agent: number, engine: number): void {
    // A browser back on its own channel is what a login refreshes: activity, or a new channel once cleaned.
    if (this.abandoned[agent] === 0) this.loggedIn(agent, engine);
  }

  /** The browser stopped answering for now (a frozen page); `activity` brings it back. */
  stalled(agent: number): void {
    const channel = this.channelAt(agent);
    if (channel !== NONE) (this.engines[this.engineOf[agent] as number] as PushKeepAlive).abandonChannel(channel);
  }

  /** The browser went away without closing its channel: the driver cleans it up, the next login opens a new one. */
  abandon(agent: number): void {
    const channel = this.channelAt(agent);
    if (channel === NONE) return;
    this.abandoned[agent] = 1;
    (this.engines[this.engineOf[agent] as number] as PushKeepAlive).abandonChannel(channel);
  }

  /** A clean close: the channel is gone at once and does not count as cleaned. */
  close(agent: number): void {
    const channel = this.channelAt(agent);
    if (channel === NONE) return;
    (this.engines[this.engineOf[agent] as number] as PushKeepAlive).closeChannel(channel);
    this.channelOf[agent] = NONE;
    this.engineOf[agent] = NONE;
  }

  private channelAt(agent: number): number {
    return agent < this.channelOf.length ? (this.channelOf[agent] as number) : NONE;
  }

  private listenerOf(configuration: string): PushKeepAliveListener {
    const events = this.events;
    return {
      heartbeat: (target, atMs) => {
        if (events.keepAliveSent === undefined) return;
        events.keepAliveSent(configuration, target === 'server' ? NONE : (this.agentOfChannel[target] as number), atMs);
      },
      channelCleaned: (channel, atMs) => {
        const agent = this.agentOfChannel[channel] as number;
        if (this.channelOf[agent] === channel) {
          this.channelOf[agent] = NONE;
          this.engineOf[agent] = NONE;
        }
        events.channelCleaned?.(agent, configuration, atMs);
      },
    };
  }
}
