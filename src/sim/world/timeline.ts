import { nameTable } from '../../config/name-table.js';
import type { Timeline } from '../report/types.js';
import type { World } from './world.js';

/** Samples the run every `stepMs` (from 0 to the end, inclusive) for the report's chart. */
export class TimelineSampler {
  readonly timeline: Timeline;
  private lastMisrouted = 0;
  private lastRejected = 0;

  constructor(private readonly world: World) {
    const cmsAvailable = nameTable<number[]>();
    for (const s of [...world.cms.systems].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      cmsAvailable[s.name] = [];
    }
    this.timeline = {
      stepMs: world.scenario.timelineStepMs,
      timesMs: [],
      agentsLoggedIn: [],
      browsersAlive: [],
      cmsAvailable,
      callsMisrouted: [],
      callsRejected: [],
    };
  }

  start(): void {
    const { durationMs, timelineStepMs } = this.world.scenario;
    for (let t = 0; t <= durationMs; t += timelineStepMs) this.world.clock.schedule(t, () => this.sample());
  }

  private sample(): void {
    const w = this.world;
    const tl = this.timeline;
    tl.timesMs.push(w.clock.now());
    tl.agentsLoggedIn.push(w.agents.loggedIn);
    tl.browsersAlive.push(w.fleet.alive);
    for (const name of Object.keys(tl.cmsAvailable)) {
      (tl.cmsAvailable[name] as number[]).push(w.cmsTable.snapshot(name).available ? 1 : 0);
    }
    tl.callsMisrouted.push(w.metrics.callsMisrouted - this.lastMisrouted);
    tl.callsRejected.push(w.metrics.callsRejected - this.lastRejected);
    this.lastMisrouted = w.metrics.callsMisrouted;
    this.lastRejected = w.metrics.callsRejected;
  }
}
