import type { LatencySummary, SimMetrics } from './types.js';

export type MetricKey = keyof SimMetrics;
export type MetricUnit = 'count' | 'ms' | 'latency';
/** Which direction is better when runs are compared; `none` is never flagged (a cost that buys something, or the same input for every run). */
export type MetricBetter = 'lower' | 'higher' | 'none';

export interface MetricInfo {
  key: MetricKey;
  label: string;
  unit: MetricUnit;
  better: MetricBetter;
  description: string;
}

/** A latency metric must say `latency`, a plain number `count` or `ms`: the compiler checks the pairing. */
type InfoFor<K extends MetricKey> = Omit<MetricInfo, 'key' | 'unit'> & {
  unit: SimMetrics[K] extends LatencySummary ? 'latency' : 'count' | 'ms';
};

const INFO = {
  callsOffered: {
    label: 'Calls offered',
    unit: 'count',
    better: 'none',
    description: 'calls the CMS offered during the run (the seeded traffic: the same in every compared run)',
  },
  callsDelivered: {
    label: 'Calls delivered',
    unit: 'count',
    better: 'higher',
    description: 'calls delivered to a logged-in agent whose browser could present them (neither crashed nor frozen)',
  },
  callsMisrouted: {
    label: 'Calls misrouted',
    unit: 'count',
    better: 'lower',
    description:
      'calls delivered to an agent whose browser could not present them (crashed, or frozen at that moment: the caller’s point of view, SPEC §5): the caller rang until ringTimeout before the CMS rerouted',
  },
  callsRejected: {
    label: 'Calls rejected',
    unit: 'count',
    better: 'lower',
    description:
      'calls the communication session rejected because the last ping was older than heartbeatLag (mode A); the CMS rerouted them to another agent',
  },
  callsUnanswered: {
    label: 'Calls unanswered',
    unit: 'count',
    better: 'lower',
    description:
      'calls not delivered to a live agent by the end of the run: still queued for a free agent, or still ringing a dead browser or being rerouted (callers never hang up in the model)',
  },
  callerWaitAddedMs: {
    label: 'Caller wait added',
    unit: 'ms',
    better: 'lower',
    description: 'total extra time callers waited because their call was misrouted or rejected and then rerouted; a reroute still under way at the end counts for the time it has taken so far',
  },
  trueLogoffs: {
    label: 'True log-offs',
    unit: 'count',
    better: 'higher',
    description: 'agents logged off because their browser had crashed (gone for good; the log-off of a frozen browser is false): the log-offs the heartbeat exists for',
  },
  falseLogoffs: {
    label: 'False log-offs',
    unit: 'count',
    better: 'lower',
    description:
      'agents logged off although their browser was still open (SPEC §5): pings delayed or lost by the network, a throttled background tab, or a frozen browser (GC pause, laptop lid) that comes back',
  },
  detectionMs: {
    label: 'Detection time',
    unit: 'latency',
    better: 'lower',
    description: 'time from a browser crash to the agent’s log-off (p50, p95, max over the true log-offs: the crashed browsers that were logged off)',
  },
  cmsPings: {
    label: 'CMS pings',
    unit: 'count',
    better: 'none',
    description:
      'availability pings the watchdogs sent to the CMS systems (load on the CMS: about one per cmsPingInterval however many agents, more during an outage)',
  },
  cmsOutageDetectionMs: {
    label: 'CMS outage detection',
    unit: 'latency',
    better: 'lower',
    description: 'time from the start of a CMS outage to its discovery by a watchdog ping (p50, p95, max over the outages; a slow CMS found unavailable is not an outage and is not counted)',
  },
  agentsToldOfCmsOutage: {
    label: 'Agents told of outage',
    unit: 'count',
    better: 'higher',
    description: 'agents whose browser showed the message that a CMS was unavailable: a crashed browser never does; a frozen one shows it when it thaws, if its session still says unavailable then',
  },
  keepAliveMessages: {
    label: 'Keep-alive messages',
    unit: 'count',
    better: 'none',
    description: 'heartbeats the push keep-alive driver sent, to the application server and to every open browser channel',
  },
  channelsCleaned: {
    label: 'Channels cleaned',
    unit: 'count',
    better: 'higher',
    description: 'abandoned push channels dropped after ChannelCleanupTimer without browser activity',
  },
  workstationEntriesCleaned: {
    label: 'WS entries cleaned',
    unit: 'count',
    better: 'higher',
    description:
      'stale Tuxedo workstation entries the handler cleaned after unanswered keep-alive probes, freeing their maxClients slot',
  },
  workstationConnectsRefused: {
    label: 'WS connects refused',
    unit: 'count',
    better: 'lower',
    description: 'Tuxedo client connections refused because every maxClients slot of the listener was taken',
  },
  tpesystemFailures: {
    label: 'TPESYSTEM failures',
    unit: 'count',
    better: 'lower',
    description:
      'Tuxedo calls that failed with TPESYSTEM: while the client’s network was down (any -K), after the client gave the network up on an unanswered probe (-K client/both), or after the handler cleaned the entry (the client then connects again)',
  },
} satisfies { [K in MetricKey]: InfoFor<K> };

/** Every metric of `SimMetrics`, in report order. */
export const METRICS: readonly MetricInfo[] = (Object.keys(INFO) as MetricKey[]).map((key) => ({ key, ...INFO[key] }));

export function metricInfo(key: MetricKey): MetricInfo {
  return { key, ...INFO[key] };
}
