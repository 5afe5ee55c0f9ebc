import { MAX_WAITING_CALLS } from '../../scenario/budget.js';
import { CallQueue } from './call-queue.js';
import { IndexedSet } from '../indexed-set.js';
import { Random, subSeed } from '../random.js';
import type { ScenarioCalls } from '../../scenario/types.js';
import { ClockLimitError } from '../virtual-clock.js';
import type { World } from '../world.js';

interface Call {
  id: number;
  handleMs: number;
}

const NOT_IN_POOL = 0;
const FREE = 1;
const BUSY = 2;
const RINGING = 3;
/** Rang out: the CMS set the agent not ready (redirect on no answer) until its page works again. */
const NOT_READY = 4;

/**
 * The CMS call model. Calls arrive as a Poisson stream and are routed to a
 * free agent logged in on a CMS system that is up (uniformly at random: the
 * CMS cannot tell whether the browser behind a session is alive). The
 * session decides: rejected → rerouted after `rerouteDelay` (wait added);
 * delivered to a dead browser → misrouted: it rings `ringTimeout`, then is
 * rerouted (wait added); delivered to a live browser → the agent is busy for
 * the handle time. Calls that find no free agent wait in a FIFO queue.
 * Arrivals and handle times have their own random streams, so faults and
 * profiles never change the traffic.
 */
export class CallCenter {
  private readonly free: IndexedSet[];
  private readonly state: Uint8Array;
  private readonly queue = new CallQueue<Call>();
  private readonly arrivals: Random;
  private readonly handles: Random;
  private readonly routing: Random;
  private nextId = 0;
  /** The exact (fractional) time of the latest arrival drawn. */
  private nextArrivalMs = 0;
  /** Reroutes not yet done: how many, and the sum of their start times (for the wait they have cost so far). */
  private reroutesPending = 0;
  private rerouteStartSumMs = 0;

  constructor(private readonly world: World) {
    const n = world.scenario.totalAgents;
    this.free = world.cms.systems.map(() => new IndexedSet(n));
    this.state = new Uint8Array(n);
    this.arrivals = new Random(subSeed(world.seed, 'calls.arrivals'));
    this.handles = new Random(subSeed(world.seed, 'calls.handle'));
    this.routing = new Random(subSeed(world.seed, 'calls.routing'));
  }

  start(): void {
    const calls = this.world.scenario.calls;
    if (calls === null || calls.ratePerSecond <= 0) return;
    this.nextArrivalMs = this.world.clock.now();
    this.scheduleArrival(calls.ratePerSecond);
  }

  /**
   * The end of the run: calls not delivered to a live agent are unanswered,
   * and a reroute still under way has cost its callers the wait so far, not
   * the whole ring and reroute time.
   */
  finish(): void {
    const m = this.world.metrics;
    m.callsUnanswered = m.callsOffered - m.callsDelivered;
    m.callerWaitAddedMs += this.reroutesPending * this.world.clock.now() - this.rerouteStartSumMs;
  }

  agentAvailable(agent: number): void {
    if (this.state[agent] !== NOT_IN_POOL && this.state[agent] !== NOT_READY) return;
    this.state[agent] = FREE;
    this.free[this.world.runtime.cmsSystemIndexOf(agent)]?.add(agent);
    this.dispatch();
  }

  agentGone(agent: number): void {
    if (this.state[agent] !== FREE) return;
    this.state[agent] = NOT_IN_POOL;
    this.free[this.world.runtime.cmsSystemIndexOf(agent)]?.delete(agent);
  }

  /** Routes waiting calls while free agents exist. */
  dispatch(): void {
    while (this.queue.size > 0) {
      const agent = this.pick();
      if (agent < 0) return;
      this.offer(this.queue.shift() as Call, agent);
    }
  }

  /**
   * Inter-arrival gaps are drawn exactly and summed as fractions; each call
   * arrives at the first whole millisecond at or after its exact time.
   * Rounding each gap instead would bias the rate: at 2,000 calls/s the mean
   * gap is 0.5 ms and rounded gaps add up to 17.5% too many calls.
   */
  private scheduleArrival(ratePerSecond: number): void {
    this.nextArrivalMs += this.arrivals.exponential(1000 / ratePerSecond);
    const clock = this.world.clock;
    clock.schedule(Math.ceil(this.nextArrivalMs) - clock.now(), () => {
      this.arrive();
      this.scheduleArrival(ratePerSecond);
    });
  }

  private arrive(): void {
    const w = this.world;
    const meanMs = (w.scenario.calls as { handleTimeMs: number }).handleTimeMs;
    const call: Call = { id: this.nextId++, handleMs: Math.max(1, Math.round(this.handles.exponential(meanMs))) };
    w.metrics.callsOffered++;
    w.trace.callArrived?.({ call: call.id, atMs: w.clock.now(), handleMs: call.handleMs });
    if (this.queue.size > 0) return this.wait(call);
    this.route(call, false);
  }

  /** Rerouted calls keep their place: they go to the head of the queue. */
  private route(call: Call, rerouted: boolean): void {
    const agent = this.pick();
    if (agent >= 0) return this.offer(call, agent);
    if (rerouted) this.queue.pushFront(call);
    else this.wait(call);
  }

  /**
   * A new call joins the back of the queue. The work estimate lets a run start
   * only when the queue stays within bounds, but outages and dead browsers can
   * still pile calls up faster than expected: the run stops (HB302) rather
   * than fill the heap.
   */
  private wait(call: Call): void {
    if (this.queue.size >= MAX_WAITING_CALLS) {
      throw new ClockLimitError('calls', `more than ${MAX_WAITING_CALLS} calls waiting for a free agent`);
    }
    this.queue.pushBack(call);
  }

  private pick(): number {
    const up = this.world.cms.up;
    let total = 0;
    for (let s = 0; s < this.free.length; s++) if (up[s] === 1) total += (this.free[s] as IndexedSet).size;
    if (total === 0) return -1;
    let r = this.routing.int(total);
    for (let s = 0; s < this.free.length; s++) {
      const set = this.free[s] as IndexedSet;
      if (up[s] !== 1) continue;
      if (r < set.size) return set.at(r);
      r -= set.size;
    }
    return -1;
  }

  private offer(call: Call, agent: number): void {
    const w = this.world;
    this.agentGone(agent);
    w.fleet.catchUp(agent);
    const result = w.runtime.offerCall(agent);
    // The caller's point of view (SPEC §5): a crashed or frozen browser cannot present the call.
    const browserDead = w.fleet.isDead(agent);
    this.traceOffer(call, agent, result, !browserDead);
    const calls = w.scenario.calls as ScenarioCalls;
    // The CMS offers calls only to agents it has logged in, so anything but a
    // delivery is the session's rejection (which also logged the agent off).
    if (result !== 'delivered') {
      w.metrics.callsRejected++;
      this.rerouteAfter(call, calls.rerouteDelayMs);
      return;
    }
    if (browserDead) {
      w.metrics.callsMisrouted++;
      w.faults.misrouted(agent);
      this.occupy(agent, RINGING, calls.ringTimeoutMs, calls.notReadyOnNoAnswer ? NOT_READY : NOT_IN_POOL);
      this.rerouteAfter(call, calls.ringTimeoutMs + calls.rerouteDelayMs);
      return;
    }
    w.metrics.callsDelivered++;
    this.occupy(agent, BUSY, call.handleMs);
  }

  /**
   * The agent's page works again (a new login, or a frozen page that thaws):
   * an agent the CMS set not ready after a call rang out is ready again.
   */
  pageRecovered(agent: number): void {
    if (this.state[agent] !== NOT_READY) return;
    if (this.world.runtime.isLoggedIn(agent)) this.agentAvailable(agent);
  }

  /** Busy or ringing for `forMs`; then back in the pool, or `after` (not ready) when a call rang out. */
  private occupy(agent: number, state: number, forMs: number, after = NOT_IN_POOL): void {
    this.state[agent] = state;
    this.world.clock.schedule(forMs, () => {
      this.state[agent] = after;
      if (after === NOT_READY) return;
      if (this.world.runtime.isLoggedIn(agent)) this.agentAvailable(agent);
    });
  }

  private rerouteAfter(call: Call, waitMs: number): void {
    const startMs = this.world.clock.now();
    this.reroutesPending++;
    this.rerouteStartSumMs += startMs;
    this.world.clock.schedule(waitMs, () => {
      this.reroutesPending--;
      this.rerouteStartSumMs -= startMs;
      this.world.metrics.callerWaitAddedMs += waitMs;
      this.route(call, true);
    });
  }

  private traceOffer(call: Call, agent: number, result: string, browserCanPresent: boolean): void {
    const w = this.world;
    if (w.trace.callOffered === undefined) return;
    const crashedAtMs = w.agents.crashedAtMs[agent] as number;
    w.trace.callOffered({
      call: call.id,
      agent,
      atMs: w.clock.now(),
      result,
      browserCanPresent,
      deadSinceMs: Number.isNaN(crashedAtMs) ? null : crashedAtMs,
      lastPingMs: w.fleet.lastArrivalMs[agent] as number,
    });
  }
}
