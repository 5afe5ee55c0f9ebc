import { CmsCheck, type CmsCheckListener } from '../engine/cms-check.js';
import type { CmsPort } from '../engine/ports.js';
import type { HeartbeatSettings } from '../engine/settings.js';
import type { CmsSystem } from './cms-systems.js';
import type { World } from './world.js';

interface Outage {
  fault: number;
  startMs: number;
  endMs: number;
  detected: boolean;
}

/**
 * The CMS systems: they acknowledge watchdog pings after a network round
 * trip unless an outage covers them, and route calls only while up. Holds
 * the CMS checks (one per ping interval and ack timeout, all sharing the
 * same CMS table and so the same lock per system).
 */
export class CmsModel implements CmsPort {
  private readonly byName = new Map<string, number>();
  private readonly outages: Outage[][];
  /** Routing state, switched by the outage events. */
  readonly up: Uint8Array;
  private readonly checks = new Map<string, CmsCheck>();
  private readonly checkListener: CmsCheckListener;

  constructor(
    private readonly world: World,
    readonly systems: readonly CmsSystem[],
  ) {
    systems.forEach((s, i) => this.byName.set(s.name, i));
    this.outages = systems.map(() => []);
    this.up = new Uint8Array(systems.length).fill(1);
    this.checkListener = {
      pingSent: () => {
        world.metrics.cmsPings++;
      },
      outageDetected: (cms, atMs) => this.outageDetected(cms, atMs),
    };
  }

  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** Registers an outage of `systems` from startMs to endMs (faults call this before the run starts). */
  addOutage(fault: number, names: readonly string[], startMs: number, endMs: number): void {
    for (const name of names) {
      const i = this.indexOf(name);
      if (i < 0) continue;
      (this.outages[i] as Outage[]).push({ fault, startMs, endMs, detected: false });
      this.world.clock.schedule(startMs, () => this.refresh(i));
      this.world.clock.schedule(endMs, () => this.refresh(i));
    }
  }

  checkFor(settings: HeartbeatSettings, system: CmsSystem): CmsCheck | undefined {
    if (!settings.watchdogEnabled || settings.cmsPingIntervalMs <= 0) return undefined;
    const key = `${settings.cmsPingIntervalMs}/${system.ackTimeoutMs}`;
    let check = this.checks.get(key);
    if (check === undefined) {
      const opts = { cmsPingIntervalMs: settings.cmsPingIntervalMs, ackTimeoutMs: system.ackTimeoutMs };
      check = new CmsCheck(this.world.clock, this.world.cmsTable, this, opts, this.checkListener);
      this.checks.set(key, check);
    }
    return check;
  }

  ping(cms: string, onAck: () => void): void {
    const w = this.world;
    const sentMs = w.clock.now();
    const roundTripMs = w.net.cmsRoundTripMs();
    const i = this.indexOf(cms);
    // The CMS answers if it is up when the ping reaches it.
    const answers = i >= 0 && this.isUpAt(i, sentMs + Math.floor(roundTripMs / 2));
    w.trace.cmsPing?.({ cms, sentMs, ackMs: answers ? sentMs + roundTripMs : null });
    if (answers) w.clock.schedule(roundTripMs, onAck);
  }

  /** An agent's browser got the "CMS unavailable" message: counts for the outage of that system. */
  agentTold(agent: number, cms: string, atMs: number): void {
    const outage = this.latestOutage(this.indexOf(cms), atMs);
    if (outage !== undefined) this.world.faults.agentTold(outage.fault, agent);
  }

  private isUpAt(i: number, tMs: number): boolean {
    for (const o of this.outages[i] ?? []) if (tMs >= o.startMs && tMs < o.endMs) return false;
    return true;
  }

  private latestOutage(i: number, atMs: number): Outage | undefined {
    let latest: Outage | undefined;
    for (const o of this.outages[i] ?? []) if (o.startMs <= atMs && (latest === undefined || o.startMs > latest.startMs)) latest = o;
    return latest;
  }

  private outageDetected(cms: string, atMs: number): void {
    const outage = this.latestOutage(this.indexOf(cms), atMs);
    // A timeout long after the outage ended is not its detection (a slow ack, say).
    if (outage === undefined || outage.detected || atMs > outage.endMs + this.ackSlackMs(cms)) return;
    outage.detected = true;
    const latencyMs = atMs - outage.startMs;
    this.world.metrics.cmsOutageDetectionMs.push(latencyMs);
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
