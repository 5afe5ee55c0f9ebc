import type { Clock, TimerId } from '../../engine/ports.js';
import type { CmsMessage } from '../cms/protocol.js';

/** Where the router sends a message: the connection an agent logged in through. */
export type ConnectionId = number;

export type CmsEventLog = (event: string, fields: Record<string, unknown>) => void;

export interface CallRouterOptions {
  clock: Clock;
  /** An offer not answered within this time rings out: the agent goes not ready (RONA) and the call is rerouted. */
  ringTimeoutMs: number;
  /** How long an accepted call keeps its agent busy. */
  handleTimeMs: number;
  /** Calls waiting for a ready agent; a call beyond is abandoned. */
  maxQueuedCalls: number;
  /** Offers per call (rejects and ring-outs) before the call is abandoned. */
  maxOffersPerCall: number;
  send(conn: ConnectionId, message: CmsMessage): void;
  log: CmsEventLog;
}

type AgentStatus = 'notReady' | 'ready' | 'ringing' | 'busy';

interface Agent {
  id: string;
  role: string;
  conn: ConnectionId;
  status: AgentStatus;
  /** Busy agents: whether they return to ready when the call ends (a `notReady` during the call says no). */
  readyAfterCall: boolean;
  call: Call | null;
  timer: TimerId | null;
}

interface Call {
  id: string;
  arrivedMs: number;
  offers: number;
}

export interface CallRouterStats {
  arrived: number;
  offered: number;
  accepted: number;
  rejected: number;
  ringOuts: number;
  abandoned: number;
  ended: number;
}

/**
 * The CMS's call logic, apart from sockets: agents' states, the queue of
 * waiting calls, offers with their ring timers, and routing to the ready
 * agent idle the longest. Rejected and rung-out calls go back to the front
 * of the queue; an agent whose offer rang out goes not ready.
 */
export class CallRouter {
  private readonly agents = new Map<string, Agent>();
  /** Ready agents, longest idle first (a Map keeps insertion order). */
  private readonly idle = new Map<string, Agent>();
  private readonly queue: Call[] = [];
  private readonly perConnection = new Map<ConnectionId, number>();
  private nextCall = 1;
  private routingPaused = false;
  readonly stats: CallRouterStats = { arrived: 0, offered: 0, accepted: 0, rejected: 0, ringOuts: 0, abandoned: 0, ended: 0 };

  constructor(private readonly opts: CallRouterOptions) {}

  get queuedCalls(): number {
    return this.queue.length;
  }

  get loggedInAgents(): number {
    return this.agents.size;
  }

  statusOf(agent: string): AgentStatus | undefined {
    return this.agents.get(agent)?.status;
  }

  /** While paused (a CMS outage) no call is offered; queued calls wait. */
  setRoutingPaused(paused: boolean): void {
    this.routingPaused = paused;
    if (!paused) this.dispatch();
  }

  callArrives(): void {
    const call: Call = { id: `c${this.nextCall++}`, arrivedMs: this.opts.clock.now(), offers: 0 };
    this.stats.arrived++;
    this.opts.log('callArrived', { call: call.id });
    if (this.queue.length >= this.opts.maxQueuedCalls) {
      this.abandon(call, 'queueFull');
      return;
    }
    this.queue.push(call);
    this.dispatch();
  }

  login(conn: ConnectionId, agent: string, role: string): void {
    const existing = this.agents.get(agent);
    if (existing !== undefined) {
      this.logoff(agent, 'loginElsewhere');
      // The old connection must not log the agent in again when it reconnects.
      if (existing.conn !== conn) this.opts.send(existing.conn, { type: 'logoff', agent, reason: 'loginElsewhere' });
    }
    this.agents.set(agent, { id: agent, role, conn, status: 'notReady', readyAfterCall: false, call: null, timer: null });
    this.perConnection.set(conn, this.agentsOf(conn) + 1);
    this.opts.log('login', { agent, role, conn });
  }

  logoff(agent: string, reason: string): void {
    const a = this.agents.get(agent);
    if (a === undefined) return;
    this.agents.delete(agent);
    this.idle.delete(agent);
    const left = this.agentsOf(a.conn) - 1;
    if (left > 0) this.perConnection.set(a.conn, left);
    else this.perConnection.delete(a.conn);
    this.clearTimer(a);
    this.opts.log('logoff', { agent, reason });
    if (a.status === 'ringing' && a.call !== null) this.requeue(a.call);
    this.dispatch();
  }

  /** Every agent of a closed connection is logged off. */
  connectionClosed(conn: ConnectionId): void {
    const gone = [...this.agents.values()].filter((a) => a.conn === conn).map((a) => a.id);
    for (const agent of gone) this.logoff(agent, 'disconnect');
  }

  /** Agents logged in through `conn`. */
  agentsOf(conn: ConnectionId): number {
    return this.perConnection.get(conn) ?? 0;
  }

  ownedBy(conn: ConnectionId, agent: string): boolean {
    return this.agents.get(agent)?.conn === conn;
  }

  ready(agent: string): void {
    const a = this.agents.get(agent);
    if (a === undefined) return;
    if (a.status === 'busy' || a.status === 'ringing') {
      a.readyAfterCall = true;
      return;
    }
    if (a.status !== 'ready') {
      a.status = 'ready';
      this.idle.set(agent, a);
      this.opts.log('ready', { agent });
    }
    this.dispatch();
  }

  notReady(agent: string, reason: string): void {
    const a = this.agents.get(agent);
    if (a === undefined) return;
    a.readyAfterCall = false;
    if (a.status !== 'ready') return;
    a.status = 'notReady';
    this.idle.delete(agent);
    this.opts.log('notReady', { agent, reason });
  }

  /** False when `agent` has no offer of `call` ringing. */
  accept(agent: string, call: string): boolean {
    const a = this.ringingWith(agent, call);
    if (a === null || a.call === null) return false;
    this.clearTimer(a);
    this.stats.accepted++;
    a.status = 'busy';
    a.readyAfterCall = true;
    const accepted = a.call;
    this.opts.log('accepted', { call, agent, waitMs: this.opts.clock.now() - accepted.arrivedMs });
    a.timer = this.opts.clock.schedule(this.opts.handleTimeMs, () => this.callEnds(a, accepted));
    return true;
  }

  reject(agent: string, call: string): boolean {
    const a = this.ringingWith(agent, call);
    if (a === null || a.call === null) return false;
    this.clearTimer(a);
    this.stats.rejected++;
    const rejected = a.call;
    a.call = null;
    this.opts.log('rejected', { call, agent });
    // Back to ready (unless it said not ready while ringing), but idle the
    // shortest: the reroute goes to someone else first.
    a.status = 'notReady';
    this.requeue(rejected);
    if (a.readyAfterCall) this.ready(agent);
    else this.dispatch();
    return true;
  }

  /** Ends every timer (shutdown). */
  stop(): void {
    for (const a of this.agents.values()) this.clearTimer(a);
  }

  private ringingWith(agent: string, call: string): Agent | null {
    const a = this.agents.get(agent);
    return a !== undefined && a.status === 'ringing' && a.call?.id === call ? a : null;
  }

  private dispatch(): void {
    while (!this.routingPaused && this.queue.length > 0 && this.idle.size > 0) {
      const call = this.queue.shift() as Call;
      const agent = this.idle.values().next().value as Agent;
      this.offer(call, agent);
    }
  }

  private offer(call: Call, a: Agent): void {
    this.idle.delete(a.id);
    a.status = 'ringing';
    a.call = call;
    a.readyAfterCall = true;
    call.offers++;
    this.stats.offered++;
    this.opts.log('offered', { call: call.id, agent: a.id, offer: call.offers });
    a.timer = this.opts.clock.schedule(this.opts.ringTimeoutMs, () => this.ringOut(a, call));
    this.opts.send(a.conn, { type: 'offer', call: call.id, agent: a.id });
  }

  /** Redirect on no answer: the agent goes not ready and the call is offered elsewhere. */
  private ringOut(a: Agent, call: Call): void {
    a.timer = null;
    if (a.call !== call || a.status !== 'ringing') return;
    this.stats.ringOuts++;
    a.call = null;
    a.status = 'notReady';
    a.readyAfterCall = false;
    this.opts.log('ringOut', { call: call.id, agent: a.id });
    this.opts.log('notReady', { agent: a.id, reason: 'noAnswer' });
    this.opts.send(a.conn, { type: 'notReady', agent: a.id, reason: 'noAnswer' });
    this.requeue(call);
    this.dispatch();
  }

  private callEnds(a: Agent, call: Call): void {
    a.timer = null;
    a.call = null;
    this.stats.ended++;
    this.opts.log('callEnded', { call: call.id, agent: a.id });
    this.opts.send(a.conn, { type: 'end', call: call.id, agent: a.id });
    a.status = 'notReady';
    if (a.readyAfterCall) this.ready(a.id);
  }

  private requeue(call: Call): void {
    if (call.offers >= this.opts.maxOffersPerCall) {
      this.abandon(call, 'tooManyOffers');
      return;
    }
    this.queue.unshift(call);
  }

  private abandon(call: Call, reason: string): void {
    this.stats.abandoned++;
    this.opts.log('callAbandoned', { call: call.id, reason });
  }

  private clearTimer(a: Agent): void {
    if (a.timer !== null) this.opts.clock.cancel(a.timer);
    a.timer = null;
  }
}
