import { LatencyIndex } from '../interval-index.js';
import { Random, subSeed, UniformByAgent } from '../random.js';
import { SCENARIO_DEFAULTS as D, type ScenarioLink, type ScenarioNetwork } from '../../scenario/types.js';

/** A window of added one-way latency (a `networkDelay` fault), by ping send time. */
export interface DelayWindow {
  startMs: number;
  endMs: number;
  extraMs: number;
}

/**
 * The network between browsers and the server. Whether ping `sendMs` of
 * `agent` is lost, and how long it takes, are hashes of (agent, send time),
 * so a browser's pings need no events: they are evaluated when needed.
 * Delays are whole milliseconds, uniform in latency ± jitter (never below 0).
 */
export class NetworkModel {
  /** No ping arrives later than this after it was sent. */
  readonly maxDelayMs: number;
  /** No ping arrives sooner (later) than this after it was sent, before the added latency of delay windows. */
  private readonly baseMinDelayMs: number;
  readonly baseMaxDelayMs: number;
  private readonly loss: UniformByAgent;
  private readonly jitter: UniformByAgent;
  private readonly cmsRandom: Random;
  private readonly added: LatencyIndex;

  constructor(
    private readonly net: ScenarioNetwork,
    seed: number,
    windows: readonly DelayWindow[],
    private readonly cms: ScenarioLink = { latencyMs: D.cmsLatencyMs, jitterMs: D.cmsJitterMs },
  ) {
    this.loss = new UniformByAgent(subSeed(seed, 'network.loss'));
    this.jitter = new UniformByAgent(subSeed(seed, 'network.jitter'));
    this.cmsRandom = new Random(subSeed(seed, 'network.cms'));
    this.added = new LatencyIndex(windows);
    this.maxDelayMs = net.latencyMs + net.jitterMs + this.added.maxExtraMs;
    this.baseMinDelayMs = Math.min(oneWayMs(net, 0), oneWayMs(net, 1));
    this.baseMaxDelayMs = Math.max(oneWayMs(net, 0), oneWayMs(net, 1));
  }

  lost(agent: number, sendMs: number): boolean {
    return this.net.loss > 0 && this.loss.at(agent, sendMs) < this.net.loss;
  }

  delayMs(agent: number, sendMs: number): number {
    return this.baseDelay(this.jitter.at(agent, sendMs)) + this.added.at(sendMs);
  }

  /**
   * No ping sent at or before `sendMs` arrives later than this. Unlike
   * `sendMs + maxDelayMs`, only the delay windows up to `sendMs` count, so a
   * long delay elsewhere in the run does not make a browser's every read walk
   * back over pings that cannot be the newest to arrive.
   */
  latestArrivalMs(sendMs: number): number {
    // One millisecond of slack: the bound adds in another order than an arrival does, and
    // send times need not be whole milliseconds, so the two may round apart.
    return this.added.reachAt(sendMs) + this.baseMaxDelayMs + 1;
  }

  /**
   * When ping `sendMs` of `agent` arrived, if it arrived by `nowMs` (not
   * lost, not still in flight), else −Infinity. The same answer as `lost`
   * and `delayMs`, but a ping that cannot have arrived yet (its send time
   * plus the smallest delay it can have is past now) costs no hash: during
   * a long delay window a browser's newest ping is usually in flight.
   */
  arrivalByMs(agent: number, sendMs: number, nowMs: number): number {
    const extraMs = this.added.at(sendMs);
    // Added in the order `sendMs + delayMs(…)` adds, so that the arrival is the very same number.
    if (sendMs + (this.baseMinDelayMs + extraMs) > nowMs || this.lost(agent, sendMs)) return -Infinity;
    const arrivedMs = sendMs + (this.baseDelay(this.jitter.at(agent, sendMs)) + extraMs);
    return arrivedMs <= nowMs ? arrivedMs : -Infinity;
  }

  /**
   * Round trip of a CMS ping (server to CMS and back), drawn from the CMS
   * stream over the CMS's own network: a slow browser network says nothing
   * about the link between the server and the CMS.
   */
  cmsRoundTripMs(): number {
    return this.cmsDelay(this.cmsRandom.float()) + this.cmsDelay(this.cmsRandom.float());
  }

  private baseDelay(u: number): number {
    return oneWayMs(this.net, u);
  }

  private cmsDelay(u: number): number {
    return oneWayMs(this.cms, u);
  }
}

/** One delay, uniform in latency ± jitter for `u` in [0, 1), whole milliseconds, never below 0. */
function oneWayMs(link: { latencyMs: number; jitterMs: number }, u: number): number {
  return Math.max(0, Math.round(link.latencyMs + (2 * u - 1) * link.jitterMs));
}
