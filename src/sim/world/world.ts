import type { CompiledConfig } from '../../config/compiled/index.js';
import type { CmsTable, HeartbeatTable } from '../../engine/ports.js';
import type { HeartbeatSettings } from '../../engine/settings.js';
import type { CmsSystem, Runtime } from '../../runtime/index.js';
import type { AgentPool } from './agents.js';
import type { BrowserFleet } from './models/browser.js';
import type { CallCenter } from './models/calls.js';
import type { CmsModel } from './models/cms-model.js';
import type { FaultTracker } from './faults.js';
import type { MetricsCollector } from './metrics.js';
import type { NetworkModel } from './models/network.js';
import type { Scenario } from '../scenario/types.js';
import type { VirtualClock } from './virtual-clock.js';
import type { WorkstationModel } from './models/workstation-model.js';
import type { SupervisorCluster } from './supervisors/cluster.js';

/** One role of the scenario as the run sets it up: its agents are firstAgent … firstAgent + count − 1. */
export interface RoleSetup {
  name: string;
  settings: HeartbeatSettings;
  firstAgent: number;
  count: number;
  /** The CMS systems its agents spread over (several endpoints = several systems): the load balancer's choice. */
  systems: CmsSystem[];
}

/**
 * Observation hooks for tests and checkers; the run itself never needs them.
 * Each state has one meaning (SPEC §5): a log-off is `trueLogoff` when the
 * browser is gone for good (crashed), false otherwise (frozen included); an
 * offered call can be presented only by a browser neither crashed nor frozen
 * (`browserCanPresent`), and a delivered call it cannot present is misrouted.
 * `deadSinceMs` is the crash time (null unless crashed).
 */
export interface RunTrace {
  loggedOff?(e: { agent: number; reason: string; atMs: number; trueLogoff: boolean; browserFrozen: boolean; lastPingMs: number; deadSinceMs: number | null }): void;
  cmsPing?(e: { cms: string; sentMs: number; ackMs: number | null }): void;
  cmsStatus?(e: { agent: number; cms: string; available: boolean; atMs: number }): void;
  /** A workstation client whose entry the handler cleaned connected again after the TPESYSTEM of its next call. */
  workstationReconnected?(e: { listener: string; client: number; atMs: number }): void;
  callArrived?(e: { call: number; atMs: number; handleMs: number }): void;
  callOffered?(e: { call: number; agent: number; atMs: number; result: string; browserCanPresent: boolean; deadSinceMs: number | null; lastPingMs: number }): void;
}

/**
 * What the models ask of the engines, by the run's agent numbers: one
 * `Runtime` (one supervisor node), or several nodes sharing one store.
 */
export type SimRuntime = Pick<
  Runtime,
  | 'loggedInAgents'
  | 'start'
  | 'settingsOf'
  | 'cmsSystemsOfRole'
  | 'login'
  | 'ping'
  | 'offerCall'
  | 'isLoggedIn'
  | 'cmsSystemIndexOf'
  | 'channelAbandoned'
  | 'channelResumed'
  | 'channelStalled'
>;

/** Everything one run shares; each model holds it and reaches the others through it. */
export interface World {
  clock: VirtualClock;
  scenario: Scenario;
  seed: number;
  compiled: CompiledConfig;
  roles: RoleSetup[];
  metrics: MetricsCollector;
  net: NetworkModel;
  fleet: BrowserFleet;
  /** The one node's heartbeat table (null with several nodes: each has its own). */
  heartbeats: HeartbeatTable | null;
  cmsTable: CmsTable;
  /** The engines (sessions, watchdogs, CMS checks, push drivers), as the supervisor runs them. */
  runtime: SimRuntime;
  /** Set when the scenario plans several supervisor nodes; `runtime` is then this cluster. */
  cluster: SupervisorCluster | null;
  agents: AgentPool;
  cms: CmsModel;
  calls: CallCenter;
  faults: FaultTracker;
  workstations: WorkstationModel;
  trace: RunTrace;
}
