import { LatestWindowIndex } from './interval-index.js';
import type { DelayWindow } from './models/network.js';
import { Random, sampleIndices, subSeed } from './random.js';
import type { FaultOutcome } from '../report/types.js';
import { CMS_FAULTS, type Scenario, type ScenarioFault } from '../scenario/types.js';
import type { World } from './world.js';

/** The added latency of every networkDelay fault (the network model needs them before the run). */
export function delayWindows(scenario: Scenario): DelayWindow[] {
  return scenario.faults
    .filter((f) => f.type === 'networkDelay')
    .map((f) => ({ startMs: f.atMs, endMs: f.atMs + (f.durationMs ?? scenario.durationMs), extraMs: f.latencyMs }));
}

/**
 * Injects the scenario's faults at their times and keeps the count per
 * fault: which agents each hit, how many of them were logged off, how many
 * calls were misrouted to them. Each fault draws its victims from its own
 * random stream (`fault.<index>`).
 */
export class FaultTracker {
  readonly outcomes: FaultOutcome[];
  private readonly victims: number[][];
  /** Per agent: the last fault that hit it (−1 none), and the last fault its log-off was counted for. */
  private readonly lastFault: Int32Array;
  private readonly countedFor: Int32Array;
  private readonly toldFor: Int32Array;
  private readonly windowEndMs: number[];
  /** The networkDelay faults by their attribution windows: which one a log-off of an unhit agent counts for. */
  private readonly networkDelays: LatestWindowIndex;

  constructor(private readonly world: World) {
    const n = world.scenario.totalAgents;
    this.lastFault = new Int32Array(n).fill(-1);
    this.countedFor = new Int32Array(n).fill(-1);
    this.toldFor = new Int32Array(n).fill(-1);
    this.victims = world.scenario.faults.map(() => []);
    this.outcomes = world.scenario.faults.map((f) => this.emptyOutcome(f));
    const slackMs = attributionSlackMs(world);
    this.windowEndMs = world.scenario.faults.map((f) => attributionEndMs(f, slackMs));
    this.networkDelays = new LatestWindowIndex(
      world.scenario.faults.filter((f) => f.type === 'networkDelay').map((f) => ({ index: f.index, startMs: f.atMs, endMs: this.windowEndMs[f.index] as number })),
    );
  }

  /** Schedules every fault (the clock is at 0). */
  start(): void {
    for (const fault of this.world.scenario.faults) {
      if (fault.atMs >= this.world.scenario.durationMs) continue;
      if (fault.type === 'cmsOutage') {
        this.world.cms.addOutage(fault.index, fault.cmsSystems, fault.atMs, fault.atMs + (fault.durationMs ?? 0));
        (this.outcomes[fault.index] as FaultOutcome).affected = fault.cmsSystems.length;
        continue;
      }
      if (fault.type === 'cmsSlow') {
        this.world.cms.addSlow(fault.index, fault.cmsSystems, fault.atMs, fault.atMs + (fault.durationMs ?? 0), fault.latencyMs, fault.jitterMs);
        (this.outcomes[fault.index] as FaultOutcome).affected = fault.cmsSystems.length;
        continue;
      }
      this.world.clock.schedule(fault.atMs, () => this.apply(fault));
    }
  }

  loggedOff(agent: number, atMs: number): void {
    let f = this.lastFault[agent] as number;
    if (f < 0 || atMs > (this.windowEndMs[f] as number)) f = this.networkDelays.latestAt(atMs);
    if (f < 0 || this.countedFor[agent] === f) return;
    this.countedFor[agent] = f;
    (this.outcomes[f] as FaultOutcome).loggedOff++;
  }

  misrouted(agent: number): void {
    const f = this.lastFault[agent] as number;
    if (f >= 0) (this.outcomes[f] as FaultOutcome).callsMisrouted++;
  }

  /** Counts the agent told of the fault once; true the first time. */
  agentTold(fault: number, agent: number): boolean {
    if (this.toldFor[agent] === fault) return false;
    this.toldFor[agent] = fault;
    const outcome = this.outcomes[fault] as FaultOutcome;
    outcome.agentsTold = (outcome.agentsTold ?? 0) + 1;
    return true;
  }

  cmsDetected(fault: number, latencyMs: number): void {
    const outcome = this.outcomes[fault] as FaultOutcome;
    if (outcome.detectedAfterMs === null || outcome.detectedAfterMs === undefined || latencyMs < outcome.detectedAfterMs) {
      outcome.detectedAfterMs = latencyMs;
    }
  }

  /**
   * Final counts: which of the hit agents are still logged in at the end (for
   * a CMS outage or slow CMS, the agents on its systems; for a workstation fault, the hit
   * users whose client is connected).
   */
  finish(): FaultOutcome[] {
    const runtime = this.world.runtime;
    let bySystem: Int32Array | undefined;
    for (const fault of this.world.scenario.faults) {
      const outcome = this.outcomes[fault.index] as FaultOutcome;
      if (outcome.affected === 0) continue;
      if (CMS_FAULTS.includes(fault.type)) {
        bySystem ??= this.loggedInBySystem();
        const counts = bySystem;
        const systems = new Set(fault.cmsSystems.map((name) => this.world.cms.indexOf(name)));
        outcome.stillLoggedIn = [...systems].reduce((sum, s) => sum + (counts[s] ?? 0), 0);
      } else if (fault.clients !== null) {
        outcome.stillLoggedIn = this.world.workstations.stillConnected(fault.index);
      } else if (fault.type === 'networkDelay') {
        outcome.stillLoggedIn = this.world.agents.loggedIn;
      } else {
        const victims = this.victims[fault.index] ?? [];
        outcome.stillLoggedIn = victims.filter((a) => runtime.isLoggedIn(a)).length;
      }
    }
    return this.outcomes;
  }

  /** Agents logged in at the end, per CMS system (one pass, whatever the number of outages). */
  private loggedInBySystem(): Int32Array {
    const w = this.world;
    const counts = new Int32Array(w.cms.systems.length);
    for (let agent = 0; agent < w.scenario.totalAgents; agent++) {
      if (w.runtime.isLoggedIn(agent)) {
        const system = w.runtime.cmsSystemIndexOf(agent);
        counts[system] = (counts[system] as number) + 1;
      }
    }
    return counts;
  }

  private apply(fault: ScenarioFault): void {
    const w = this.world;
    const outcome = this.outcomes[fault.index] as FaultOutcome;
    const random = new Random(subSeed(w.seed, `fault.${fault.index}`));
    if (fault.type === 'networkDelay') {
      outcome.affected = w.scenario.totalAgents;
      return;
    }
    if (fault.clients !== null) {
      outcome.affected = w.workstations.applyFault(fault, random);
      return;
    }
    const victims = this.drawVictims(fault, random);
    this.victims[fault.index] = victims;
    outcome.affected = victims.length;
    for (const agent of victims) {
      this.lastFault[agent] = fault.index;
      this.hit(fault, agent);
    }
  }

  private hit(fault: ScenarioFault, agent: number): void {
    const w = this.world;
    const untilMs = fault.durationMs === null ? null : fault.atMs + fault.durationMs;
    if (fault.type === 'browserCrash') {
      w.agents.crash(agent, fault.relogin ? fault.reloginAfterMs : null);
    } else if (fault.type === 'browserFreeze' && untilMs !== null) {
      if (w.fleet.isDead(agent)) return;
      w.fleet.freeze(agent, untilMs);
      w.runtime.channelStalled(agent);
      w.clock.schedule(untilMs - w.clock.now(), () => w.agents.thaw(agent));
    } else if (fault.type === 'backgroundTab') {
      w.fleet.hide(agent);
      if (untilMs !== null) w.clock.schedule(untilMs - w.clock.now(), () => w.fleet.unhide(agent));
    }
  }

  /**
   * The browsers a fault can hit: those of its role (or all), minus the ones
   * already crashed or frozen, so a second crash wave never "crashes" a dead
   * browser again. Which browsers are dead at a fault depends only on earlier
   * faults, never on the profile, so every compared run draws the same victims.
   */
  private drawVictims(fault: ScenarioFault, random: Random): number[] {
    const role = fault.agents?.role ?? null;
    const setup = role === null ? undefined : this.world.roles.find((r) => r.name === role);
    const first = setup?.firstAgent ?? 0;
    const count = setup?.count ?? this.world.scenario.totalAgents;
    // The same draw as sampling the list of live agents in the range, without building that list.
    const live = this.world.fleet.live;
    const before = live.countBefore(first);
    const ranks = sampleIndices(live.countBefore(first + count) - before, fault.agents?.count ?? 0, random);
    return ranks.map((rank) => live.select(before + rank));
  }


  private emptyOutcome(f: ScenarioFault): FaultOutcome {
    const outcome: FaultOutcome = { index: f.index, type: f.type, atMs: f.atMs, affected: 0, loggedOff: 0, stillLoggedIn: 0, callsMisrouted: 0 };
    if (CMS_FAULTS.includes(f.type)) Object.assign(outcome, { detectedAfterMs: null, agentsTold: 0 });
    if (f.clients !== null) Object.assign(outcome, { entriesCleaned: 0, tpesystemFailures: 0, connectsRefused: 0 });
    return outcome;
  }
}

/**
 * Until when a log-off of a hit agent counts for the fault. A crashed browser
 * that is replaced (relogin) explains no later log-off: the new browser pings.
 */
function attributionEndMs(f: ScenarioFault, slackMs: number): number {
  if (f.type === 'browserCrash' && f.relogin) return f.atMs + f.reloginAfterMs;
  return f.durationMs === null ? Infinity : f.atMs + f.durationMs + slackMs;
}

/** A log-off this long after a fault ends can still be its consequence (lag + one sleep + slowest ping). */
function attributionSlackMs(world: World): number {
  let slackMs = 0;
  for (const role of world.roles) {
    const s = role.settings;
    slackMs = Math.max(slackMs, Math.max(s.heartbeatLagMs, s.heartbeatWatchdogLagMs) + s.watchdogSleepTimeMs + s.browserPingIntervalMs);
  }
  return slackMs + world.net.maxDelayMs;
}
