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
  }

  lost(agent: number, sendMs: number): boolean {
    return this.net.loss > 0 && this.loss.at(agent, sendMs) < this.net.loss;
  }

  delayMs(agent: number, sendMs: number): number {
    return this.baseDelay(this.jitter.at(agent, sendMs)) + this.added.at(sendMs);
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
