import type { CompiledConfig } from '../../config/compiled/index.js';
import { cmsSystemsOf, InProcessCmsTable, InProcessHeartbeatTable, Runtime, type RuntimeListener } from '../../runtime/index.js';
import { AgentPool } from './agents.js';
import { BrowserFleet } from './models/browser.js';
import { CallCenter } from './models/calls.js';
import { CmsModel } from './models/cms-model.js';
import { delayWindows, FaultTracker } from './faults.js';
import { CatchUpHeartbeatTable } from './models/catch-up-heartbeat-table.js';
import { MetricsCollector } from './metrics.js';
import { NetworkModel } from './models/network.js';
import { subSeed, uniformAt } from './random.js';
import type { FaultOutcome, SimMetrics, SupervisorFigures, Timeline } from '../report/types.js';
import type { Scenario } from '../scenario/types.js';
import { TimelineSampler } from './timeline.js';
import { VirtualClock } from './virtual-clock.js';
import { WorkstationModel } from './models/workstation-model.js';
import { THROTTLED_INTERVAL_MS } from './models/browser.js';
import { SupervisorCluster } from './supervisors/cluster.js';
import type { RoleSetup, RunTrace, World } from './world.js';

export interface RunInput {
  /** The configuration of this run (a variant's: --compare and --set are already applied to it). */
  compiled: CompiledConfig;
  scenario: Scenario;
  seed: number;
  trace?: RunTrace;
  /** The clock throws a ClockLimitError rather than run more events than this (default: no limit). */
  eventLimit?: number;
  /** Called after each slice of virtual time with the time reached. */
  onProgress?: (doneMs: number) => void;
}

export interface RunResult {
  metrics: SimMetrics;
  faults: FaultOutcome[];
  timeline: Timeline;
  events: number;
  notes: string[];
  /** Only when the scenario plans several supervisor nodes. */
  supervisors?: SupervisorFigures;
}

const PROGRESS_SLICES = 50;

/** One deterministic run of the scenario against one set of heartbeat settings. */
export function runScenario(input: RunInput): RunResult {
  const world = buildWorld(input);
  const timeline = new TimelineSampler(world);
  timeline.start();
  scheduleLogins(world);
  world.faults.start();
  world.calls.start();
  world.runtime.start();
  world.workstations.start();
  const durationMs = input.scenario.durationMs;
  const sliceMs = Math.max(1, Math.ceil(durationMs / PROGRESS_SLICES));
  for (let t = 0; t < durationMs; ) {
    t = Math.min(durationMs, t + sliceMs);
    world.clock.runUntil(t);
    input.onProgress?.(t);
  }
  world.calls.finish();
  const result: RunResult = {
    metrics: world.metrics.toMetrics(),
    faults: world.faults.finish(),
    timeline: timeline.timeline,
    events: world.clock.eventsRun,
    notes: world.workstations.notes,
  };
  if (world.cluster !== null) {
    world.cluster.finish();
    result.supervisors = world.cluster.figures(world.metrics.cmsOutageToldMs);
  }
  return result;
}

function buildWorld(input: RunInput): World {
  const { compiled, scenario, seed } = input;
  const clock = new VirtualClock(0, input.eventLimit === undefined ? {} : { eventLimit: input.eventLimit });
  const n = scenario.totalAgents;
  const roleNames = scenario.agents.map((a) => a.role);
  const world = { clock, scenario, seed, compiled, trace: input.trace ?? {} } as World;
  world.metrics = new MetricsCollector();
  world.net = new NetworkModel(scenario.network, seed, delayWindows(scenario), scenario.cmsNetwork);
  world.cms = new CmsModel(world, cmsSystemsOf(compiled, roleNames));
  if (scenario.supervisors === undefined) {
    world.cluster = null;
    const heartbeats = new CatchUpHeartbeatTable(new InProcessHeartbeatTable(n), (agent) => world.fleet.catchUp(agent));
    world.heartbeats = heartbeats;
    world.cmsTable = new InProcessCmsTable(clock);
    world.runtime = new Runtime({
      config: compiled,
      clock,
      heartbeats,
      cmsTable: world.cmsTable,
      cms: world.cms,
      listener: listenerOf(world),
      roles: roleNames,
      initialAgents: n,
    });
  } else {
    world.heartbeats = null;
    world.cluster = clusterOf(world, roleNames, scenario.supervisors);
    world.cmsTable = world.cluster.cmsTable;
    world.runtime = world.cluster;
  }
  world.roles = roleSetups(world);
  const intervalsMs = new Float64Array(n);
  for (const role of world.roles) intervalsMs.fill(role.settings.browserPingIntervalMs, role.firstAgent, role.firstAgent + role.count);
  const runtime = world.runtime;
  world.fleet = new BrowserFleet(n, clock, world.net, intervalsMs, (agent, atMs) => runtime.ping(agent, atMs));
  world.agents = new AgentPool(world);
  world.calls = new CallCenter(world);
  world.faults = new FaultTracker(world);
  world.workstations = new WorkstationModel(world);
  return world;
}

/** Several supervisor nodes on one store; the roles' ping intervals are read on first use, once the roles are set up. */
function clusterOf(world: World, roles: readonly string[], supervisors: NonNullable<Scenario['supervisors']>): SupervisorCluster {
  let baseIntervalsMs: Float64Array | null = null;
  const baseIntervalOf = (agent: number): number => {
    if (baseIntervalsMs === null) {
      baseIntervalsMs = new Float64Array(world.scenario.totalAgents);
      for (const role of world.roles) baseIntervalsMs.fill(role.settings.browserPingIntervalMs, role.firstAgent, role.firstAgent + role.count);
    }
    return baseIntervalsMs[agent] as number;
  };
  return new SupervisorCluster({
    config: world.compiled,
    clock: world.clock,
    cms: world.cms,
    roles,
    totalAgents: world.scenario.totalAgents,
    durationMs: world.scenario.durationMs,
    supervisors,
    listener: listenerOf(world),
    catchUp: (agent) => world.fleet.catchUp(agent),
    pingIntervalMsOf: (agent) => {
      const baseMs = baseIntervalOf(agent);
      return world.fleet.throttled[agent] === 1 ? Math.max(baseMs, THROTTLED_INTERVAL_MS) : baseMs;
    },
  });
}

function roleSetups(world: World): RoleSetup[] {
  let firstAgent = 0;
  return world.scenario.agents.map(({ role, count }) => {
    const setup: RoleSetup = { name: role, settings: world.runtime.settingsOf(role), firstAgent, count, systems: world.runtime.cmsSystemsOfRole(role) };
    firstAgent += count;
    return setup;
  });
}

/** What the runtime reports, into the run's people, CMS model and counters. */
function listenerOf(world: World): RuntimeListener {
  return {
    loggedOff: (agent, reason, atMs) => world.agents.loggedOff(agent, reason, atMs),
    cmsStatusToBrowser: (agent, cms, available, atMs) => world.agents.cmsStatusToBrowser(agent, cms, available, atMs),
    cmsPingSent: () => {
      world.metrics.cmsPings++;
    },
    cmsOutageDetected: (cms, atMs) => world.cms.outageDetected(cms, atMs),
    keepAliveSent: () => {
      world.metrics.keepAliveMessages++;
    },
    channelCleaned: () => {
      world.metrics.channelsCleaned++;
    },
  };
}

/**
 * Agents log in spread over the first ping interval (mode B: the first
 * sleep time), so pings and watchdog wakes are not all in step. The random
 * login times are handed out in agent order, so later wakes also come in
 * agent order and walk the per-agent arrays sequentially (cache friendly).
 */
function scheduleLogins(world: World): void {
  const loginSeed = subSeed(world.seed, 'logins');
  const capMs = Math.max(1, Math.floor(world.scenario.durationMs / 4));
  for (const role of world.roles) {
    const s = role.settings;
    const spreadMs = Math.min(capMs, s.watchdogEnabled ? Math.max(s.browserPingIntervalMs, s.watchdogSleepTimeMs) : s.browserPingIntervalMs);
    const times = new Float64Array(role.count);
    for (let i = 0; i < role.count; i++) times[i] = Math.floor(uniformAt(loginSeed, role.firstAgent + i, 0) * spreadMs);
    sortWholeMs(times, spreadMs);
    // The role's login timers fall due in the order they are scheduled (sorted times, then
    // scheduling order), so the k-th to run is agent k: one callback serves them all.
    let next = role.firstAgent;
    const loginNext = (): void => world.agents.login(next++);
    for (let i = 0; i < role.count; i++) world.clock.schedule(times[i] as number, loginNext);
  }
}

/**
 * Sorts whole milliseconds in [0, spreadMs) ascending: a counting sort when
 * the spread is small beside the count (a million logins over two minutes),
 * else the typed array's own sort. The result is the same either way.
 */
export function sortWholeMs(times: Float64Array, spreadMs: number): void {
  if (spreadMs > 4 * times.length + 1024) {
    times.sort();
    return;
  }
  const counts = new Int32Array(Math.ceil(spreadMs));
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    counts[t] = (counts[t] as number) + 1;
  }
  let i = 0;
  for (let t = 0; t < counts.length; t++) for (let c = counts[t] as number; c > 0; c--) times[i++] = t;
}
