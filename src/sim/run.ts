import type { CompiledConfig } from '../config/compiled.js';
import { ownEntry } from '../config/name-table.js';
import type { CommunicationSession } from '../engine/session.js';
import type { HeartbeatSettings } from '../engine/settings.js';
import { InProcessCmsTable, InProcessHeartbeatTable } from '../store/in-process.js';
import { AgentPool } from './agents.js';
import { BrowserFleet } from './browser.js';
import { CallCenter } from './calls.js';
import { CmsModel } from './cms-model.js';
import { cmsOfRole, systemsOfCms, type CmsSystem } from './cms-systems.js';
import { delayWindows, FaultTracker } from './faults.js';
import { CatchUpHeartbeatTable } from './catch-up-heartbeat-table.js';
import { MetricsCollector } from './metrics.js';
import { NetworkModel } from './network.js';
import { PushModel } from './push-model.js';
import { subSeed, uniformAt } from './random.js';
import type { FaultOutcome, SimMetrics, Timeline } from './report-types.js';
import type { Scenario } from './scenario-types.js';
import { TimelineSampler } from './timeline.js';
import { VirtualClock } from './virtual-clock.js';
import { WorkstationModel } from './workstation-model.js';
import type { RoleSetup, RunTrace, World } from './world.js';

export interface RunInput {
  compiled: CompiledConfig;
  scenario: Scenario;
  seed: number;
  /** Heartbeat settings per role of the scenario (the variant's). */
  settings: Record<string, HeartbeatSettings>;
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
  world.push.start();
  world.workstations.start();
  const durationMs = input.scenario.durationMs;
  const sliceMs = Math.max(1, Math.ceil(durationMs / PROGRESS_SLICES));
  for (let t = 0; t < durationMs; ) {
    t = Math.min(durationMs, t + sliceMs);
    world.clock.runUntil(t);
    input.onProgress?.(t);
  }
  world.calls.finish();
  return {
    metrics: world.metrics.toMetrics(),
    faults: world.faults.finish(),
    timeline: timeline.timeline,
    events: world.clock.eventsRun,
    notes: world.workstations.notes,
  };
}

function buildWorld(input: RunInput): World {
  const { compiled, scenario, seed } = input;
  const clock = new VirtualClock(0, input.eventLimit === undefined ? {} : { eventLimit: input.eventLimit });
  const roles = roleSetups(compiled, scenario, input.settings);
  const n = scenario.totalAgents;
  const intervalsMs = new Float64Array(n);
  for (const role of roles) intervalsMs.fill(role.settings.browserPingIntervalMs, role.firstAgent, role.firstAgent + role.count);
  const world = { clock, scenario, seed, compiled, roles, trace: input.trace ?? {} } as World;
  world.metrics = new MetricsCollector();
  world.net = new NetworkModel(scenario.network, seed, delayWindows(scenario), scenario.cmsNetwork);
  const sessions = (): CommunicationSession[] => world.agents.sessions;
  world.fleet = new BrowserFleet(n, clock, world.net, intervalsMs, (agent, atMs) => (sessions()[agent] as CommunicationSession).receivePing(atMs));
  world.heartbeats = new CatchUpHeartbeatTable(new InProcessHeartbeatTable(n), (agent) => world.fleet.catchUp(agent));
  world.cmsTable = new InProcessCmsTable(clock);
  world.cms = new CmsModel(world, cmsSystems(roles));
  world.agents = new AgentPool(world);
  world.calls = new CallCenter(world);
  world.faults = new FaultTracker(world);
  world.push = new PushModel(world);
  world.workstations = new WorkstationModel(world);
  return world;
}

function roleSetups(compiled: CompiledConfig, scenario: Scenario, settings: Record<string, HeartbeatSettings>): RoleSetup[] {
  let firstAgent = 0;
  return scenario.agents.map(({ role, count }) => {
    const roleSettings = ownEntry(settings, role);
    if (roleSettings === undefined) throw new Error(`no heartbeat settings for role ${role}`);
    const configName = ownEntry(compiled.roles, role)?.communicationsConfiguration ?? null;
    const pushKeepAlive = configName === null ? null : (ownEntry(compiled.communicationsConfigurations, configName)?.pushKeepAlive ?? null);
    const setup: RoleSetup = {
      name: role,
      settings: roleSettings,
      firstAgent,
      count,
      systems: systemsOfCms(compiled, cmsOfRole(compiled, role)),
      push: pushKeepAlive === null || configName === null ? null : { configuration: configName, ...pushKeepAlive },
    };
    firstAgent += count;
    return setup;
  });
}

function cmsSystems(roles: readonly RoleSetup[]): CmsSystem[] {
  const byName = new Map<string, CmsSystem>();
  for (const role of roles) for (const s of role.systems) byName.set(s.name, s);
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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
    times.sort();
    for (let i = 0; i < role.count; i++) {
      const agent = role.firstAgent + i;
      world.clock.schedule(times[i] as number, () => world.agents.login(agent));
    }
  }
}
