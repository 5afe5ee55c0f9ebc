import type { CmsPort } from '../../../engine/ports.js';
import type { CmsSystem } from '../../../runtime/index.js';
import { lastAtOrBefore, LatencyIndex } from '../interval-index.js';
import { Random, subSeed } from '../random.js';
import type { World } from '../world.js';

export interface Outage {
  fault: number;
  startMs: number;
  endMs: number;
  detected: boolean;
  /** false for a cmsSlow fault: the system is up, only its acks are late. */
  down: boolean;
}

/** A cmsSlow fault's added round trip on one system. */
interface SlowWindow {
  startMs: number;
  endMs: number;
  latencyMs: number;
  jitterMs: number;
}

/**
 * The CMS systems: they acknowledge the CMS checks' pings after a network
 * round trip (plus the added time of a cmsSlow fault) unless an outage
 * covers them, and route calls only while up (a slow system is up).
 */
export class CmsModel implements CmsPort {
  private readonly byName = new Map<string, number>();
  private readonly outages: Outage[][];
  /** Per system, its outages indexed by time; built on first use after the outages are added. */
  private readonly outageIndexes: (OutageIndex | undefined)[];
  /** Routing state, switched by the outage events. */
  readonly up: Uint8Array;
  private readonly slow: SlowWindow[][];
  private readonly slowIndexes: ({ latency: LatencyIndex; jitter: LatencyIndex } | undefined)[];
  /** The jitter of slow acks: its own stream, drawn only while a system is slow, so other runs' draws stay as they were. */
  private readonly slowRandom: Random;

  constructor(
    private readonly world: World,
    readonly systems: readonly CmsSystem[],
  ) {
    systems.forEach((s, i) => this.byName.set(s.name, i));
    this.outages = systems.map(() => []);
    this.outageIndexes = systems.map(() => undefined);
    this.up = new Uint8Array(systems.length).fill(1);
    this.slow = systems.map(() => []);
    this.slowIndexes = systems.map(() => undefined);
    this.slowRandom = new Random(subSeed(world.seed, 'cms.slow'));
  }

  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Registers an outage of `systems` from startMs to endMs (faults call this before the run starts). */
  addOutage(fault: number, names: readonly string[], startMs: number, endMs: number): void {
    for (const name of names) {
      const i = this.indexOf(name);
      if (i < 0) continue;
      (this.outages[i] as Outage[]).push({ fault, startMs, endMs, detected: false, down: true });
      this.outageIndexes[i] = undefined;
      this.world.clock.schedule(startMs, () => this.refresh(i));
      this.world.clock.schedule(endMs, () => this.refresh(i));
    }
  }

  /**
   * Registers a cmsSlow fault: pings sent from startMs to endMs are acked
   * latency ± jitter later than usual. The system stays up (it routes calls);
   * the CMS check alone may find it unavailable, when an ack comes after its
   * ack timeout. Its detection and the agents told count for the fault.
   */
  addSlow(fault: number, names: readonly string[], startMs: number, endMs: number, latencyMs: number, jitterMs: number): void {
    for (const name of names) {
      const i = this.indexOf(name);
      if (i < 0) continue;
      (this.outages[i] as Outage[]).push({ fault, startMs, endMs, detected: false, down: false });
      this.outageIndexes[i] = undefined;
      (this.slow[i] as SlowWindow[]).push({ startMs, endMs, latencyMs, jitterMs });
      this.slowIndexes[i] = undefined;
    }
  }

  ping(cms: string, onAck: () => void): void {
    const w = this.world;
    const sentMs = w.clock.now();
    const i = this.indexOf(cms);
    const roundTripMs = w.net.cmsRoundTripMs() + this.slowExtraMs(i, sentMs);
    // The CMS answers if it is up when the ping reaches it.
    const answers = i >= 0 && this.isUpAt(i, sentMs + Math.floor(roundTripMs / 2));
    w.trace.cmsPing?.({ cms, sentMs, ackMs: answers ? sentMs + roundTripMs : null });
    if (answers) w.clock.schedule(roundTripMs, onAck);
  }

  /** An agent's browser got the "CMS unavailable" message: counts for the outage of that system. */
  agentTold(agent: number, cms: string, atMs: number): void {
    const outage = this.latestOutage(this.indexOf(cms), atMs);
    if (outage === undefined) return;
    if (this.world.faults.agentTold(outage.fault, agent) && outage.down) this.world.metrics.cmsOutageToldMs.push(atMs - outage.startMs);
  }

  /** The added round trip of the cmsSlow faults covering system `i` at `sentMs` (0 for most pings: no index, no draw). */
  private slowExtraMs(i: number, sentMs: number): number {
    const windows = this.slow[i];
    if (windows === undefined || windows.length === 0) return 0;
    const index = (this.slowIndexes[i] ??= {
      latency: new LatencyIndex(windows.map((x) => ({ startMs: x.startMs, endMs: x.endMs, extraMs: x.latencyMs }))),
      jitter: new LatencyIndex(windows.map((x) => ({ startMs: x.startMs, endMs: x.endMs, extraMs: x.jitterMs }))),
    });
    const latencyMs = index.latency.at(sentMs);
    const jitterMs = index.jitter.at(sentMs);
    if (jitterMs === 0) return latencyMs;
    return Math.max(0, Math.round(latencyMs + (2 * this.slowRandom.float() - 1) * jitterMs));
  }

  private isUpAt(i: number, tMs: number): boolean {
    return this.outageIndex(i)?.isUpAt(tMs) ?? true;
  }

  private latestOutage(i: number, atMs: number): Outage | undefined {
    return this.outageIndex(i)?.latestStartedBy(atMs);
  }

  private outageIndex(i: number): OutageIndex | undefined {
    const outages = this.outages[i];
    if (outages === undefined || outages.length === 0) return undefined;
    return (this.outageIndexes[i] ??= new OutageIndex(outages));
  }

  /** A CMS check found the system unavailable: the detection of the outage it is in, if any. */
  outageDetected(cms: string, atMs: number): void {
    const outage = this.latestOutage(this.indexOf(cms), atMs);
    // A timeout long after the outage ended is not its detection (a slow ack, say).
    if (outage === undefined || outage.detected || atMs > outage.endMs + this.ackSlackMs(cms)) return;
    outage.detected = true;
    const latencyMs = atMs - outage.startMs;
    // A slow CMS found unavailable is a false alarm, not an outage detected.
    if (outage.down) this.world.metrics.cmsOutageDetectionMs.push(latencyMs);
    this.world.faults.cmsDetected(outage.fault, latencyMs);
  }

  private ackSlackMs(cms: string): number {
    return (this.systems[this.indexOf(cms)]?.ackTimeoutMs ?? 0) + 1000;
  }

  /** Overlapping outages may end in any order, so the state is recomputed, not toggled. */
  private refresh(i: number): void {
    const up = this.isUpAt(i, this.world.clock.now());
    this.up[i] = up ? 1 : 0;
    if (up) this.world.calls.dispatch();
  }
}

/**
 * One system's outages (and slow periods) by time: a ping or an agent's notice asks about them
 * millions of times, and scanning every outage each time made 1,000 outages
 * cost a thousand times more than one.
 */
export class OutageIndex {
  private readonly down: LatencyIndex;
  /** By start time; outages that start together keep the order they were added in. */
  private readonly byStart: Outage[];
  private readonly starts: Float64Array;
  /** For each position in `byStart`, the first position with the same start time. */
  private readonly sameStartFirst: Int32Array;

  constructor(outages: readonly Outage[]) {
    this.down = new LatencyIndex(outages.filter((o) => o.down).map((o) => ({ startMs: o.startMs, endMs: o.endMs, extraMs: 1 })));
    this.byStart = outages.map((o, order) => ({ o, order })).sort((a, b) => a.o.startMs - b.o.startMs || a.order - b.order).map((e) => e.o);
    this.starts = Float64Array.from(this.byStart, (o) => o.startMs);
    this.sameStartFirst = new Int32Array(this.starts.length);
    for (let i = 1; i < this.starts.length; i++) this.sameStartFirst[i] = this.starts[i] === this.starts[i - 1] ? (this.sameStartFirst[i - 1] as number) : i;
  }

  isUpAt(tMs: number): boolean {
    return this.down.at(tMs) === 0;
  }

  /** The outage that started last at or before `atMs` (the first added among those that started together). */
  latestStartedBy(atMs: number): Outage | undefined {
    const i = lastAtOrBefore(this.starts, atMs);
    return i < 0 ? undefined : this.byStart[this.sameStartFirst[i] as number];
  }
}
