import type { Clock, TimerId } from '../engine/ports.js';

export interface RealClockOptions {
  /** Unref'd timers do not keep the Node process alive on their own. */
  unref?: boolean;
}

/**
 * The live supervisor's `Clock`: epoch milliseconds and Node timers. The
 * engines run on it unchanged; the simulator uses `VirtualClock` instead.
 * Node runs timers in due order, and timers of equal delay in insertion
 * order; unlike the virtual clock it cannot promise more for ties.
 */
export class RealClock implements Clock {
  private nextId = 1;
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();

  constructor(private readonly opts: RealClockOptions = {}) {}

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, fn: () => void): TimerId {
    const id = this.nextId++;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        fn();
      },
      delayMs > 0 ? delayMs : 0,
    );
    if (this.opts.unref === true) timer.unref();
    this.timers.set(id, timer);
    return id;
  }

  cancel(id: TimerId): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(id);
  }

  /** Timers scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.timers.size;
  }

  /** Cancels every pending timer (supervisor shutdown). */
  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
