import type { Clock } from '../../../engine/ports.js';
import { LiveIndex } from '../live-index.js';
import type { NetworkModel } from './network.js';
import { newestArrival, newestArrivalOf, type Segment } from './ping-segment.js';

/** Chrome's intensive wake-up throttling: a tab hidden this long runs chained timers at most once a minute. */
export const THROTTLE_AFTER_HIDDEN_MS = 5 * 60_000;
export const THROTTLED_INTERVAL_MS = 60_000;

/**
 * Every agent's browser, with pings evaluated lazily: instead of one event
 * per ping, each browser holds its current ping schedule (a segment) and the
 * network decides per ping whether and when it arrives. `catchUp(agent)`
 * delivers the newest ping that has arrived by now, so an engine that reads
 * the agent's last ping sees exactly what an event-per-ping simulation would
 * show. Faults change the schedule (crash, freeze, hidden tab); segments
 * closed with pings still in flight are kept until those have arrived.
 */
export class BrowserFleet {
  readonly crashed: Uint8Array;
  readonly frozen: Uint8Array;
  /** The browsers neither crashed nor frozen, for drawing fault victims among them. */
  readonly live: LiveIndex;
  readonly hidden: Uint8Array;
  readonly throttled: Uint8Array;
  /** Background-tab faults keeping this tab hidden now (they may overlap). */
  private readonly hideDepth: Uint16Array;
  /** Bumped whenever a hidden period starts or ends, so a stale throttle timer does nothing. */
  private readonly hideEpoch: Uint32Array;
  /** When a freeze ends (the user may log in again only then). */
  readonly frozenUntilMs: Float64Array;
  /** Arrival time of the newest ping delivered (or the login time). */
  readonly lastArrivalMs: Float64Array;
  private readonly segFirst: Float64Array;
  private readonly segInterval: Float64Array;
  private readonly segEnd: Float64Array;
  /** Pings sent at or before this time have all arrived or been lost. */
  private readonly resolvedMs: Float64Array;
  private readonly closed = new Map<number, Segment[]>();
  private deadCount = 0;

  constructor(
    readonly size: number,
    private readonly clock: Clock,
    private readonly net: NetworkModel,
    private readonly baseIntervalMs: Float64Array,
    private readonly onPing: (agent: number, arrivedAtMs: number) => void,
  ) {
    this.live = new LiveIndex(size);
    this.crashed = new Uint8Array(size);
    this.frozen = new Uint8Array(size);
    this.hidden = new Uint8Array(size);
    this.throttled = new Uint8Array(size);
    this.hideDepth = new Uint16Array(size);
    this.hideEpoch = new Uint32Array(size);
    this.frozenUntilMs = new Float64Array(size);
    this.lastArrivalMs = new Float64Array(size).fill(-Infinity);
    this.segFirst = new Float64Array(size).fill(Infinity);
    this.segInterval = new Float64Array(size).fill(1);
    this.segEnd = new Float64Array(size).fill(Infinity);
    this.resolvedMs = new Float64Array(size).fill(-Infinity);
  }

  /** Browsers neither crashed nor frozen. */
  get alive(): number {
    return this.size - this.deadCount;
  }

  isDead(agent: number): boolean {
    return this.crashed[agent] === 1 || this.frozen[agent] === 1;
  }

  /** The agent logs in now (the login counts as a ping); the ping timer starts. */
  login(agent: number): void {
    const nowMs = this.clock.now();
    this.catchUp(agent);
    this.lastArrivalMs[agent] = nowMs;
    this.resolvedMs[agent] = nowMs;
    this.closed.delete(agent);
    const intervalMs = this.effectiveInterval(agent);
    this.setSegment(agent, nowMs + intervalMs, intervalMs);
  }

  crash(agent: number): void {
    if (this.crashed[agent] === 1) return;
    if (this.frozen[agent] === 0) this.deadCount++;
    this.crashed[agent] = 1;
    this.live.set(agent, false);
    this.closeSegment(agent);
  }

  /** A new browser replaces a crashed one (it starts visible; `login` starts its pings). */
  restart(agent: number): void {
    if (this.crashed[agent] === 0) return;
    this.crashed[agent] = 0;
    this.frozen[agent] = 0;
    this.deadCount--;
    this.live.set(agent, true);
    this.hidden[agent] = 0;
    this.throttled[agent] = 0;
    this.hideDepth[agent] = 0;
    this.bumpEpoch(agent);
  }

  freeze(agent: number, untilMs: number): void {
    if (this.crashed[agent] === 1 || this.frozen[agent] === 1) return;
    this.frozen[agent] = 1;
    this.frozenUntilMs[agent] = untilMs;
    this.deadCount++;
    this.live.set(agent, false);
    this.closeSegment(agent);
  }

  /** The page runs again: the overdue ping timer fires at once, then keeps its interval. */
  unfreeze(agent: number): void {
    if (this.frozen[agent] === 0 || this.crashed[agent] === 1) return;
    this.frozen[agent] = 0;
    this.deadCount--;
    this.live.set(agent, true);
    const intervalMs = this.effectiveInterval(agent);
    this.setSegment(agent, this.clock.now(), intervalMs);
  }

  /** A background-tab fault hides the tab; five minutes later Chrome throttles its timers. */
  hide(agent: number): void {
    this.hideDepth[agent] = (this.hideDepth[agent] as number) + 1;
    if (this.hidden[agent] === 1) return;
    this.hidden[agent] = 1;
    this.startHiddenPeriod(agent);
  }

  /** A background-tab fault ends: the tab comes back once no other fault keeps it hidden. */
  unhide(agent: number): void {
    if (this.hideDepth[agent] === 0) return;
    this.hideDepth[agent] = (this.hideDepth[agent] as number) - 1;
    if (this.hideDepth[agent] === 0) this.show(agent);
  }

  /** The agent brings the hidden tab to the front (to log in) and hides it again: the five minutes start over. */
  refocus(agent: number): void {
    if (this.hidden[agent] === 0) return;
    this.show(agent);
    this.hidden[agent] = 1;
    this.startHiddenPeriod(agent);
  }

  /** The next epoch (wrapping is harmless: a stale timer would need 2^32 periods in between). */
  private bumpEpoch(agent: number): number {
    const epoch = ((this.hideEpoch[agent] as number) + 1) >>> 0;
    this.hideEpoch[agent] = epoch;
    return epoch;
  }

  private startHiddenPeriod(agent: number): void {
    const epoch = this.bumpEpoch(agent);
    this.clock.schedule(THROTTLE_AFTER_HIDDEN_MS, () => {
      if (this.hideEpoch[agent] === epoch) this.throttle(agent);
    });
  }

  /** Five minutes hidden: the next ping comes one throttled interval after the previous one. */
  throttle(agent: number): void {
    if (this.hidden[agent] === 0 || this.throttled[agent] === 1) return;
    this.throttled[agent] = 1;
    if (this.isDead(agent)) return;
    const lastMs = this.lastScheduled(agent);
    const intervalMs = this.effectiveInterval(agent);
    this.setSegment(agent, Math.max(this.clock.now(), lastMs + intervalMs), intervalMs);
  }

  /** The tab is visible again: an overdue ping fires now, otherwise the normal interval resumes. */
  show(agent: number): void {
    if (this.hidden[agent] === 0) return;
    this.hidden[agent] = 0;
    this.bumpEpoch(agent);
    const wasThrottled = this.throttled[agent] === 1;
    this.throttled[agent] = 0;
    if (!wasThrottled || this.isDead(agent)) return;
    const intervalMs = this.effectiveInterval(agent);
    this.setSegment(agent, Math.max(this.clock.now(), this.lastScheduled(agent) + intervalMs), intervalMs);
  }

  /** Delivers the newest ping that has arrived by now, if it is newer than the last one delivered. */
  catchUp(agent: number): void {
    const nowMs = this.clock.now();
    if (this.resolvedMs[agent] === nowMs) return;
    const resolvedMs = this.resolvedMs[agent] as number;
    let best = newestArrivalOf(this.net, agent, this.segFirst[agent] as number, this.segInterval[agent] as number, this.segEnd[agent] as number, nowMs, resolvedMs, this.lastArrivalMs[agent] as number);
    const old = this.closed.size === 0 ? undefined : this.closed.get(agent);
    if (old !== undefined) {
      for (const seg of old) best = newestArrival(this.net, agent, seg, nowMs, resolvedMs, best);
    }
    if (nowMs - this.net.maxDelayMs > resolvedMs) this.resolvedMs[agent] = nowMs - this.net.maxDelayMs;
    if (old !== undefined) this.prune(agent, old);
    if (best > (this.lastArrivalMs[agent] as number)) {
      this.lastArrivalMs[agent] = best;
      this.onPing(agent, best);
    }
  }

  private prune(agent: number, old: Segment[]): void {
    const resolvedMs = this.resolvedMs[agent] as number;
    const kept = old.filter((seg) => seg.endMs - 1 > resolvedMs);
    if (kept.length === 0) this.closed.delete(agent);
    else if (kept.length !== old.length) this.closed.set(agent, kept);
  }

  /** Ends the current schedule now, keeping it while some of its pings may still be in flight. */
  private closeSegment(agent: number): void {
    const nowMs = this.clock.now();
    const firstMs = this.segFirst[agent] as number;
    if (firstMs <= nowMs) {
      const endMs = Math.min(this.segEnd[agent] as number, nowMs + 1);
      const seg = { firstMs, intervalMs: this.segInterval[agent] as number, endMs };
      const list = this.closed.get(agent);
      if (list === undefined) this.closed.set(agent, [seg]);
      else list.push(seg);
    }
    this.segFirst[agent] = Infinity;
    this.segEnd[agent] = Infinity;
  }

  private setSegment(agent: number, firstMs: number, intervalMs: number): void {
    this.closeSegment(agent);
    this.segFirst[agent] = firstMs;
    this.segInterval[agent] = intervalMs;
  }

  /** The last ping the current schedule sent (or would have sent just before its first one). */
  private lastScheduled(agent: number): number {
    const nowMs = this.clock.now();
    const firstMs = this.segFirst[agent] as number;
    const intervalMs = this.segInterval[agent] as number;
    if (firstMs === Infinity) return nowMs - intervalMs;
    if (firstMs > nowMs) return firstMs - intervalMs;
    return firstMs + Math.floor((nowMs - firstMs) / intervalMs) * intervalMs;
  }

  private effectiveInterval(agent: number): number {
    const baseMs = this.baseIntervalMs[agent] as number;
    return this.throttled[agent] === 1 ? Math.max(baseMs, THROTTLED_INTERVAL_MS) : baseMs;
  }
}
