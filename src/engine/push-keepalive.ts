import type { Clock, TimerId } from './ports.js';

export interface PushKeepAliveListener {
  heartbeat(target: 'server' | number, atMs: number): void;
  channelCleaned(channel: number, atMs: number): void;
}

export interface PushKeepAliveOptions {
  pushKeepAliveTimerMs: number;
  channelCleanupTimerMs: number;
}

/** Per channel: time of the last browser activity, and whether the browser still answers. */
interface Channel {
  lastActivityMs: number;
  answering: boolean;
}

/**
 * The Siebel Push Keep Alive driver. Every `pushKeepAliveTimerMs` it sends one
 * heartbeat to the application server and one to each open push channel. A
 * browser that is still there answers its heartbeat, which counts as activity;
 * a channel whose browser has been silent for `channelCleanupTimerMs` is
 * dropped at the next tick. So a live channel survives only while the cleanup
 * timer is longer than the keep-alive timer (rule HB231).
 */
export class PushKeepAlive {
  private readonly channels = new Map<number, Channel>();
  private timer: TimerId = -1;
  private running = false;
  private readonly onTickBound: () => void;

  constructor(
    private readonly clock: Clock,
    private readonly opts: PushKeepAliveOptions,
    private readonly listener: PushKeepAliveListener,
  ) {
    this.onTickBound = () => this.tick();
  }

  /** Starts ticking; the first tick is one timer period from now. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = this.clock.schedule(this.opts.pushKeepAliveTimerMs, this.onTickBound);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.clock.cancel(this.timer);
  }

  get openChannels(): number {
    return this.channels.size;
  }

  openChannel(id: number): void {
    this.channels.set(id, { lastActivityMs: this.clock.now(), answering: true });
  }

  /** The browser answered or sent something on the channel. */
  channelActivity(id: number): void {
    const channel = this.channels.get(id);
    if (channel === undefined) return;
    channel.lastActivityMs = this.clock.now();
    channel.answering = true;
  }

  /** The browser went away without closing: it no longer answers. */
  abandonChannel(id: number): void {
    const channel = this.channels.get(id);
    if (channel !== undefined) channel.answering = false;
  }

  /** A clean close: the channel is gone and is not counted as cleaned. */
  closeChannel(id: number): void {
    this.channels.delete(id);
  }

  private tick(): void {
    if (!this.running) return;
    const nowMs = this.clock.now();
    this.timer = this.clock.schedule(this.opts.pushKeepAliveTimerMs, this.onTickBound);
    this.listener.heartbeat('server', nowMs);
    const cleanupMs = this.opts.channelCleanupTimerMs;
    for (const [id, channel] of this.channels) {
      if (nowMs - channel.lastActivityMs >= cleanupMs) {
        this.channels.delete(id);
        this.listener.channelCleaned(id, nowMs);
        continue;
      }
      this.listener.heartbeat(id, nowMs);
      if (channel.answering) channel.lastActivityMs = nowMs;
    }
  }
}
