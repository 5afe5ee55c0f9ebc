/** The JSON report of `hbctl simulate` (documented in the README; other tools parse it). */

export interface LatencySummary {
  /** Number of samples; p50/p95/max are null when it is 0. */
  count: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface SimMetrics {
  callsOffered: number;
  callsDelivered: number;
  callsMisrouted: number;
  callsRejected: number;
  /** Calls that found no free logged-in agent and were abandoned/queued past the end. */
  callsUnanswered: number;
  callerWaitAddedMs: number;
  trueLogoffs: number;
  falseLogoffs: number;
  detectionMs: LatencySummary;
  cmsPings: number;
  cmsOutageDetectionMs: LatencySummary;
  agentsToldOfCmsOutage: number;
  keepAliveMessages: number;
  channelsCleaned: number;
  workstationEntriesCleaned: number;
  workstationConnectsRefused: number;
  tpesystemFailures: number;
}

/** Counts per fault of the scenario, in scenario order. */
export interface FaultOutcome {
  index: number;
  type: string;
  atMs: number;
  /** How many agents, clients or CMS systems the fault hit. */
  affected: number;
  /** Of the affected browsers: logged off correctly, still logged in at the end, calls misrouted to them. */
  loggedOff: number;
  stillLoggedIn: number;
  callsMisrouted: number;
  /** cmsOutage, cmsSlow: time from the fault's start to the first "unavailable" marking (null: never). */
  detectedAfterMs?: number | null;
  /** cmsOutage, cmsSlow: distinct agents whose live (neither crashed nor frozen) browser was told the CMS is unavailable. */
  agentsTold?: number;
  /** Workstation faults: entries of the affected clients cleaned by the handler. */
  entriesCleaned?: number;
  /** Workstation faults: calls of the affected clients that failed with TPESYSTEM. */
  tpesystemFailures?: number;
  /** workstationDrop: connects of the replacement clients refused (all -x slots taken). */
  connectsRefused?: number;
}

/** Samples every `stepMs` of virtual time, for the HTML chart. */
export interface Timeline {
  stepMs: number;
  timesMs: number[];
  agentsLoggedIn: number[];
  browsersAlive: number[];
  /** Per CMS system: 1 available, 0 unavailable (as the CMS table records it). */
  cmsAvailable: Record<string, number[]>;
  /** Per step (not cumulative). */
  callsMisrouted: number[];
  callsRejected: number[];
}

export interface SimRun {
  label: string;
  /** Heartbeat profile(s) in effect, as `role → profile name or "(built-in)"`, plus the variant overrides. */
  profile: { roles: Record<string, string>; overrides: Record<string, number | boolean> };
  /** Resolved settings per role (ms) for the report. */
  settings: Record<string, { mode: string; browserPingIntervalMs: number; heartbeatLagMs: number; watchdogSleepTimeMs: number; heartbeatWatchdogLagMs: number; cmsPingIntervalMs: number }>;
  metrics: SimMetrics;
  faults: FaultOutcome[];
  timeline: Timeline;
  /** Discrete events processed (not a timing: deterministic). */
  events: number;
  /** Present when the scenario plans several supervisor nodes (`spec.supervisors`). */
  supervisors?: SupervisorFigures;
  /** Messages the engines logged (e.g. keep-alive not applied on a non-TCP device), in order. */
  notes?: string[];
}

/** Store commands of a run by kind, as the Redis store sends them (docs/redis.md). */
export interface StoreCommandCounts {
  /** CMS lock requests (`SET NX PX`, refused ones included). */
  lock: number;
  /** CMS lock releases (compare-and-delete). */
  release: number;
  /** CMS status writes: an acknowledged ping or an unavailable marking, each published to every node. */
  statusWrite: number;
  /** Browser pings written behind (`SET PX`): one per agent that pinged in a flush interval. */
  pingWrite: number;
  /** Log-offs written behind (`DEL`). */
  pingDelete: number;
  total: number;
}

/** Several supervisor nodes sharing one store (`spec.supervisors`): what they send it, and how fast news spreads. */
export interface SupervisorFigures {
  nodes: number;
  storeRoundTripMs: number;
  writeBehindIntervalMs: number;
  writeBehindBatch: number;
  storeCommands: StoreCommandCounts;
  /** The same per second of simulated time (two decimals). */
  storeCommandsPerSecond: StoreCommandCounts;
  /** Each CMS-table command is a round trip; a write-behind flush is one per batch. */
  storeRoundTrips: number;
  storeRoundTripsPerSecond: number;
  /** Lock requests refused because another node held the lock. */
  lockRefused: number;
  /** Status messages the nodes received: every status write is published to all of them. */
  statusMessages: number;
  /** From a CMS outage's start to each agent's browser told of it (the first notice per agent and outage). */
  cmsOutageToldMs: LatencySummary;
  /** In node order (the agents are dealt to the nodes evenly). */
  perNode: { agents: number; cmsPings: number; storeCommands: number; storeRoundTrips: number }[];
}

export interface SimReport {
  scenario: string;
  seed: number;
  durationMs: number;
  agents: number;
  runs: SimRun[];
}
