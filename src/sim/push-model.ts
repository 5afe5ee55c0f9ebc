import { PushKeepAlive, type PushKeepAliveListener } from '../engine/push-keepalive.js';
import type { World } from './world.js';

/**
 * Siebel push channels: one Push Keep Alive driver (engine) per
 * communications configuration that has one, and one channel per logged-in
 * browser of a role using that configuration. A crashed browser abandons its
 * channel silently (the driver cleans it up); a frozen one stops answering
 * until it thaws; a new browser after a crash opens a new channel.
 */
export class PushModel {
  private readonly engines: (PushKeepAlive | undefined)[] = [];
  private readonly engineOfRole: (PushKeepAlive | undefined)[];
  private readonly channelOf: Int32Array;
  private readonly agentOfChannel: number[] = [];
  private readonly abandoned: Uint8Array;

  constructor(private readonly world: World) {
    const n = world.scenario.totalAgents;
    this.channelOf = new Int32Array(n).fill(-1);
    this.abandoned = new Uint8Array(n);
    const byConfiguration = new Map<string, PushKeepAlive>();
    const listener: PushKeepAliveListener = {
      heartbeat: () => {
        world.metrics.keepAliveMessages++;
      },
      channelCleaned: (channel) => {
        world.metrics.channelsCleaned++;
        const agent = this.agentOfChannel[channel];
        if (agent !== undefined && this.channelOf[agent] === channel) this.channelOf[agent] = -1;
      },
    };
    this.engineOfRole = world.roles.map((role) => {
      if (role.push === null) return undefined;
      let engine = byConfiguration.get(role.push.configuration);
      if (engine === undefined) {
        const { pushKeepAliveTimerMs, channelCleanupTimerMs } = role.push;
        engine = new PushKeepAlive(world.clock, { pushKeepAliveTimerMs, channelCleanupTimerMs }, listener);
        byConfiguration.set(role.push.configuration, engine);
        this.engines.push(engine);
      }
      return engine;
    });
  }

  start(): void {
    for (const engine of this.engines) engine?.start();
  }

  /** The agent logged in: its browser's channel is (re)opened, or answers again after a false log-off. */
  browserUp(agent: number): void {
    const engine = this.engineOf(agent);
    if (engine === undefined) return;
    const channel = this.channelOf[agent] as number;
    if (channel >= 0 && this.abandoned[agent] === 0) return engine.channelActivity(channel);
    const id = this.agentOfChannel.length;
    this.agentOfChannel.push(agent);
    this.channelOf[agent] = id;
    this.abandoned[agent] = 0;
    engine.openChannel(id);
  }

  browserGone(agent: number): void {
    const channel = this.channelOf[agent] as number;
    if (channel < 0) return;
    this.abandoned[agent] = 1;
    this.engineOf(agent)?.abandonChannel(channel);
  }

  browserFrozen(agent: number): void {
    const channel = this.channelOf[agent] as number;
    if (channel >= 0) this.engineOf(agent)?.abandonChannel(channel);
  }

  browserThawed(agent: number): void {
    const channel = this.channelOf[agent] as number;
    if (channel >= 0 && this.abandoned[agent] === 0) this.engineOf(agent)?.channelActivity(channel);
  }

  private engineOf(agent: number): PushKeepAlive | undefined {
    return this.engineOfRole[this.world.agents.roleOf[agent] as number];
  }
}
