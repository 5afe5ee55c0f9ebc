import type { CompiledConfig } from '../../../config/compiled/index.js';
import { InProcessCmsTable, InProcessHeartbeatTable, Runtime, type Clock, type CmsPort, type CmsSystem, type CmsTable, type HeartbeatSettings, type RuntimeListener } from '../../../runtime/index.js';
import type { OfferResult, RuntimeProblem } from '../../../runtime/index.js';
import { summarize } from '../metrics.js';
import type { SupervisorFigures } from '../../report/types.js';
import type { ScenarioSupervisors } from '../../scenario/types.js';
import { CatchUpHeartbeatTable } from '../models/catch-up-heartbeat-table.js';
import { agentOfNode, agentsOnNode, localOfAgent, nodeOfAgent } from './agent-spread.js';
import { NodeCmsTable } from './node-cms-table.js';
import { NodeTraffic } from './node-traffic.js';
import { PingWriteBehind } from './ping-write-behind.js';

export interface SupervisorClusterOptions {
  config: CompiledConfig;
  clock: Clock;
  /** The CMS systems, shared by every node. */
  cms: CmsPort;
  roles: readonly string[];
  totalAgents: number;
  durationMs: number;
  supervisors: ScenarioSupervisors;
  /** Hears every node, with the run's agent numbers. */
  listener: RuntimeListener;
  /** Delivers the pings of the agent's browser that have arrived by now. */
  catchUp: (agent: number) => void;
  /** The agent's browser ping interval now. */
  pingIntervalMsOf: (agent: number) => number;
}

/**
 * Several supervisor nodes sharing one store: agents are dealt to the nodes
 * (agent-spread.ts); an agent's node runs its session and watchdog on its own heartbeat
 * table (written behind, counted) with its own CMS checks, and every node
 * reaches the one CMS table over the store's round trip. To the models it
 * looks like one runtime over the run's agent numbers; each node numbers its
 * own agents densely.
 */
export class SupervisorCluster {
  readonly nodes: Runtime[] = [];
  readonly traffic: NodeTraffic[] = [];
  readonly cmsTable: CmsTable;
  private readonly writeBehinds: PingWriteBehind[] = [];
  private readonly count: number;

  constructor(private readonly opts: SupervisorClusterOptions) {
    const { nodes, storeRoundTripMs } = opts.supervisors;
    this.count = nodes;
    this.cmsTable = new InProcessCmsTable(opts.clock, storeRoundTripMs > 0 ? { roundTripMs: storeRoundTripMs } : {});
    for (let node = 0; node < nodes; node++) {
      const traffic = new NodeTraffic();
      const agents = this.agentsOf(node);
      const writeBehind = new PingWriteBehind(traffic, {
        agents,
        intervalMs: opts.supervisors.writeBehindIntervalMs,
        batch: opts.supervisors.writeBehindBatch,
        durationMs: opts.durationMs,
        nowMs: () => opts.clock.now(),
        pingIntervalMsOf: (local) => opts.pingIntervalMsOf(this.globalOf(node, local)),
      });
      const heartbeats = new CatchUpHeartbeatTable(new InProcessHeartbeatTable(agents, writeBehind), (local) => opts.catchUp(this.globalOf(node, local)));
      this.nodes.push(
        new Runtime({
          config: opts.config,
          clock: opts.clock,
          heartbeats,
          cmsTable: new NodeCmsTable(this.cmsTable, traffic),
          cms: opts.cms,
          listener: this.listenerOf(node, traffic),
          roles: opts.roles,
          initialAgents: agents,
        }),
      );
      this.traffic.push(traffic);
      this.writeBehinds.push(writeBehind);
    }
  }

  /** Agents node `node` serves. */
  agentsOf(node: number): number {
    return agentsOnNode(node, this.opts.totalAgents, this.count);
  }

  get loggedInAgents(): number {
    let sum = 0;
    for (const node of this.nodes) sum += node.loggedInAgents;
    return sum;
  }

  start(): void {
    for (const node of this.nodes) node.start();
  }

  settingsOf(role: string): HeartbeatSettings {
    return this.first.settingsOf(role);
  }

  cmsSystemsOfRole(role: string): CmsSystem[] {
    return this.first.cmsSystemsOfRole(role);
  }

  login(agent: number, role: string, cmsSystem?: string): RuntimeProblem | null {
    return this.nodeOf(agent).login(this.localOf(agent), role, cmsSystem);
  }

  ping(agent: number, arrivedAtMs?: number): void {
    this.nodeOf(agent).ping(this.localOf(agent), arrivedAtMs);
  }

  offerCall(agent: number): OfferResult {
    return this.nodeOf(agent).offerCall(this.localOf(agent));
  }

  isLoggedIn(agent: number): boolean {
    return this.nodeOf(agent).isLoggedIn(this.localOf(agent));
  }

  cmsSystemIndexOf(agent: number): number {
    return this.nodeOf(agent).cmsSystemIndexOf(this.localOf(agent));
  }

  channelAbandoned(agent: number): void {
    this.nodeOf(agent).channelAbandoned(this.localOf(agent));
  }

  channelResumed(agent: number): void {
    this.nodeOf(agent).channelResumed(this.localOf(agent));
  }

  channelStalled(agent: number): void {
    this.nodeOf(agent).channelStalled(this.localOf(agent));
  }

  /**
   * The run is over: every browser's pings that arrived are handed to its
   * node (so the last ones are written behind too), and the write-behind
   * round trips are counted.
   */
  finish(): void {
    for (let agent = 0; agent < this.opts.totalAgents; agent++) this.opts.catchUp(agent);
    for (const writeBehind of this.writeBehinds) writeBehind.finish();
  }

  /** The report's figures; `cmsOutageToldMs` are the run's samples. */
  figures(cmsOutageToldMs: readonly number[]): SupervisorFigures {
    const s = this.opts.supervisors;
    const sum = (f: (t: NodeTraffic) => number): number => this.traffic.reduce((total, t) => total + f(t), 0);
    const storeCommands = {
      lock: sum((t) => t.lock),
      release: sum((t) => t.release),
      statusWrite: sum((t) => t.statusWrite),
      pingWrite: sum((t) => t.pingWrite),
      pingDelete: sum((t) => t.pingDelete),
      total: sum((t) => t.commands),
    };
    const seconds = this.opts.durationMs / 1000;
    const perSecond = (n: number): number => Math.round((n / seconds) * 100) / 100;
    const storeRoundTrips = sum((t) => t.roundTrips);
    return {
      nodes: s.nodes,
      storeRoundTripMs: s.storeRoundTripMs,
      writeBehindIntervalMs: s.writeBehindIntervalMs,
      writeBehindBatch: s.writeBehindBatch,
      storeCommands,
      storeCommandsPerSecond: {
        lock: perSecond(storeCommands.lock),
        release: perSecond(storeCommands.release),
        statusWrite: perSecond(storeCommands.statusWrite),
        pingWrite: perSecond(storeCommands.pingWrite),
        pingDelete: perSecond(storeCommands.pingDelete),
        total: perSecond(storeCommands.total),
      },
      storeRoundTrips,
      storeRoundTripsPerSecond: perSecond(storeRoundTrips),
      lockRefused: sum((t) => t.lockRefused),
      statusMessages: storeCommands.statusWrite * s.nodes,
      cmsOutageToldMs: summarize(cmsOutageToldMs),
      perNode: this.traffic.map((t, node) => ({ agents: this.agentsOf(node), cmsPings: t.cmsPings, storeCommands: t.commands, storeRoundTrips: t.roundTrips })),
    };
  }

  private get first(): Runtime {
    return this.nodes[0] as Runtime;
  }

  private nodeOf(agent: number): Runtime {
    return this.nodes[nodeOfAgent(agent, this.count)] as Runtime;
  }

  private localOf(agent: number): number {
    return localOfAgent(agent, this.count);
  }

  private globalOf(node: number, local: number): number {
    return agentOfNode(node, local, this.count);
  }

  /** A node's runtime listener: its agent numbers back to the run's, its CMS pings counted. */
  private listenerOf(node: number, traffic: NodeTraffic): RuntimeListener {
    const l = this.opts.listener;
    return {
      loggedOff: (agent, reason, atMs) => l.loggedOff(this.globalOf(node, agent), reason, atMs),
      cmsStatusToBrowser: (agent, cms, available, atMs) => l.cmsStatusToBrowser(this.globalOf(node, agent), cms, available, atMs),
      cmsPingSent: (cms, atMs) => {
        traffic.cmsPings++;
        l.cmsPingSent?.(cms, atMs);
      },
      cmsOutageDetected: (cms, atMs) => l.cmsOutageDetected?.(cms, atMs),
      cmsRecovered: (cms, atMs) => l.cmsRecovered?.(cms, atMs),
      keepAliveSent: (configuration, agent, atMs) => l.keepAliveSent?.(configuration, agent < 0 ? agent : this.globalOf(node, agent), atMs),
      channelCleaned: (agent, configuration, atMs) => l.channelCleaned?.(this.globalOf(node, agent), configuration, atMs),
    };
  }
}
