import { formatDuration } from '../../config/duration.js';
import { formatCount, formatLatency, humanDuration, NO_VALUE } from './format.js';
import type { SummaryRow } from './summary.js';
import type { LatencySummary, SimReport, SupervisorFigures } from './types.js';

/** A row of a report table: what the text and HTML layouts need of a summary row. */
export type TableRow = Pick<SummaryRow, 'cells' | 'stacked' | 'best'> & { info: { label: string; description: string } };

interface SupervisorRowInfo {
  label: string;
  description: string;
  value: (f: SupervisorFigures) => number | string | LatencySummary;
}

const ROWS: readonly SupervisorRowInfo[] = [
  { label: 'Supervisor nodes', description: 'nodes sharing one store; the agents are dealt to them evenly', value: (f) => f.nodes },
  { label: 'Store round trip', description: 'node to store and back', value: (f) => formatDuration(f.storeRoundTripMs) },
  { label: 'CMS pings per node (max)', description: 'the most CMS pings one node sent; all nodes together send about one per cmsPingInterval', value: (f) => Math.max(0, ...f.perNode.map((n) => n.cmsPings)) },
  { label: 'Store commands/s', description: 'every command the nodes send the store, per second of simulated time', value: (f) => f.storeCommandsPerSecond.total },
  { label: '  ping writes/s', description: 'browser pings written behind (one SET per agent that pinged in a flush interval) and log-offs (DEL)', value: (f) => round2(f.storeCommandsPerSecond.pingWrite + f.storeCommandsPerSecond.pingDelete) },
  { label: '  CMS lock requests/s', description: 'CMS lock requests (SET NX PX), refused ones included', value: (f) => f.storeCommandsPerSecond.lock },
  { label: '  CMS writes, releases/s', description: 'acknowledged pings and unavailable markings written (each published to every node), and lock releases', value: (f) => round2(f.storeCommandsPerSecond.statusWrite + f.storeCommandsPerSecond.release) },
  { label: 'Lock requests refused', description: 'lock requests refused because another node held the lock (a ping in flight)', value: (f) => f.lockRefused },
  { label: 'Store round trips/s', description: 'round trips to the store per second: one per CMS-table command, one per write-behind batch', value: (f) => f.storeRoundTripsPerSecond },
  { label: 'CMS outage: agent told after', description: 'from a CMS outage’s start to each agent’s browser told (p50 / p95 / max)', value: (f) => f.cmsOutageToldMs },
];

/** The supervisor-nodes table (a row per figure, a run per column); empty when no run plans several nodes. */
export function supervisorRows(report: SimReport): TableRow[] {
  if (!report.runs.some((run) => run.supervisors !== undefined)) return [];
  return ROWS.map((row) => {
    const values = report.runs.map((run) => (run.supervisors === undefined ? NO_VALUE : row.value(run.supervisors)));
    return { info: { label: row.label, description: row.description }, cells: values.map(show), stacked: values.map(stacked), best: new Set<number>() };
  });
}

/** The run section's lines about its nodes: how they are set up, and the figures per node. */
export function describeSupervisors(f: SupervisorFigures): string[] {
  const pings = f.perNode.map((n) => n.cmsPings);
  const commands = f.perNode.map((n) => n.storeCommands);
  const perSecond = f.storeCommandsPerSecond;
  return [
    `${f.nodes} ${f.nodes === 1 ? 'node' : 'nodes'} sharing one store (round trip ${formatDuration(f.storeRoundTripMs)}); pings written behind every ${formatDuration(f.writeBehindIntervalMs)}, ${formatCount(f.writeBehindBatch)} per round trip at most`,
    `CMS pings per node: ${spread(pings)}; store commands per node: ${spread(commands)}`,
    `store commands/s: ${formatCount(perSecond.total)} (ping writes ${formatCount(perSecond.pingWrite)}, log-offs ${formatCount(perSecond.pingDelete)}, lock requests ${formatCount(perSecond.lock)}, releases ${formatCount(perSecond.release)}, status writes ${formatCount(perSecond.statusWrite)})`,
    `store round trips/s: ${formatCount(f.storeRoundTripsPerSecond)}; lock requests refused: ${formatCount(f.lockRefused)}; status messages to nodes: ${formatCount(f.statusMessages)}`,
    `CMS outage, agent told after: ${formatLatency(f.cmsOutageToldMs)}`,
  ];
}

/** Every node's figure when there are few nodes, else their range. */
function spread(values: readonly number[]): string {
  if (values.length <= 8) return values.map(formatCount).join(', ');
  return `${formatCount(Math.min(...values))} to ${formatCount(Math.max(...values))}`;
}

function show(value: number | string | LatencySummary): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatCount(value);
  return formatLatency(value);
}

/** A latency over three lines, for narrow layouts. */
function stacked(value: number | string | LatencySummary): string[] {
  if (typeof value !== 'object' || value.p50 === null || value.p95 === null || value.max === null) return [show(value)];
  return [`p50 ${humanDuration(value.p50)}`, `p95 ${humanDuration(value.p95)}`, `max ${humanDuration(value.max)}`];
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
