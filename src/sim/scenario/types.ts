/** The normalised `Scenario` document the simulator runs: durations in ms, shares resolved to counts. */

export const FAULT_TYPES = [
  'browserCrash',
  'browserFreeze',
  'backgroundTab',
  'networkDelay',
  'cmsOutage',
  'cmsSlow',
  'workstationDrop',
  'workstationNetworkDown',
] as const;

export type FaultType = (typeof FAULT_TYPES)[number];

export const BROWSER_FAULTS: readonly FaultType[] = ['browserCrash', 'browserFreeze', 'backgroundTab'];
/** Faults of CMS systems (`cms`, `endpoint`), reported with detection time and agents told. */
export const CMS_FAULTS: readonly FaultType[] = ['cmsOutage', 'cmsSlow'];
export const WORKSTATION_FAULTS: readonly FaultType[] = ['workstationDrop', 'workstationNetworkDown'];

export interface ScenarioFault {
  /** Position in the scenario's `faults` list (also names the fault's random stream). */
  index: number;
  type: FaultType;
  atMs: number;
  /** How long the fault lasts; null = to the end of the run (crash, drop: permanent). */
  durationMs: number | null;
  /** Browser faults: how many agents, drawn from `role` (null = every role). */
  agents: { count: number; role: string | null } | null;
  /** Workstation faults: how many clients, drawn from `listener` (null = every listener). */
  clients: { count: number; listener: string | null } | null;
  /** cmsOutage, cmsSlow: the CMS systems (CMS-table entry names) that fail or slow down. */
  cmsSystems: string[];
  /** networkDelay: added one-way latency; cmsSlow: added round trip of a CMS ping. */
  latencyMs: number;
  /** cmsSlow: the added round trip varies uniformly by ± this much per ping. */
  jitterMs: number;
  /** browserCrash: whether (and after how long) the agent logs in again. */
  relogin: boolean;
  reloginAfterMs: number;
}

export interface ScenarioCalls {
  ratePerSecond: number;
  handleTimeMs: number;
  ringTimeoutMs: number;
  rerouteDelayMs: number;
  /** Redirect on no answer: a call that rang out sets its agent not ready until the page works again. */
  notReadyOnNoAnswer: boolean;
}

export interface ScenarioNetwork {
  latencyMs: number;
  jitterMs: number;
  loss: number;
}

export interface ScenarioWorkstations {
  clientsPerListener: number;
  callIntervalMs: number;
  reconnectAfterMs: number;
}

/** Several supervisor nodes sharing one store (`spec.supervisors`), for planning. */
export interface ScenarioSupervisors {
  nodes: number;
  /** Node to store and back; 0 = at once. */
  storeRoundTripMs: number;
  /** Pings are written behind at most this long after they arrive (the store's flushIntervalMs). */
  writeBehindIntervalMs: number;
  /** Pings per write-behind round trip at the most (the store's batchMax). */
  writeBehindBatch: number;
}

export interface Scenario {
  name: string;
  description: string | null;
  durationMs: number;
  /** The scenario's own seed; null when it sets none (the run then uses --seed or 1). */
  seed: number | null;
  agents: { role: string; count: number }[];
  totalAgents: number;
  /** null: no call traffic. */
  calls: ScenarioCalls | null;
  network: ScenarioNetwork;
  /** Server to CMS: the CMS ping's round trip is two of its delays. */
  cmsNetwork: ScenarioLink;
  faults: ScenarioFault[];
  workstations: ScenarioWorkstations;
  /** Absent: one node with the in-process store (the report has no supervisors section then). */
  supervisors?: ScenarioSupervisors;
  reloginAfterFalseLogoffMs: number;
  timelineStepMs: number;
}

/** A network link's one-way delay: uniform in latency ± jitter. */
export interface ScenarioLink {
  latencyMs: number;
  jitterMs: number;
}

export const SCENARIO_DEFAULTS = {
  seed: 1,
  ringTimeoutMs: 20_000,
  rerouteDelayMs: 2_000,
  latencyMs: 40,
  jitterMs: 20,
  loss: 0,
  cmsLatencyMs: 2,
  cmsJitterMs: 1,
  clientsPerListener: 10,
  callIntervalMs: 600_000,
  reconnectAfterMs: 60_000,
  reloginAfterFalseLogoffMs: 60_000,
  reloginAfterCrashMs: 120_000,
  timelineSamples: 240,
  supervisorNodes: 1,
  storeRoundTripMs: 0,
  writeBehindIntervalMs: 100,
  writeBehindBatch: 1000,
} as const;
