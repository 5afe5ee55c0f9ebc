import type { Clock, TimerId } from '../../engine/ports.js';
import { agentSocketUrl } from './agent-url.js';
import { DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from './backoff.js';
import { SimulatedBrowser, type SupervisorAddress } from './browser.js';
import type { BrowserEventSink, CallAnswer } from './events.js';
import { FleetStats, summaryOf, type FleetSummary } from './stats.js';

/** A fault for some of the fleet's browsers, at a time counted from the fleet's start (like a scenario's `at`). */
export interface FleetFault {
  afterMs: number;
  /** Indices into `browsers`. */
  victims: readonly number[];
}

export interface FleetOptions {
  /** The supervisors' `http://` addresses, in order of preference. */
  urls: readonly string[];
  browsers: readonly { agent: string; role: string }[];
  clock: Clock;
  /** Uniform in [0, 1): login spread and reconnect jitter. */
  random: () => number;
  emit: BrowserEventSink;
  answerCalls?: CallAnswer;
  /** Log in again this long after a log-off the browser did not ask for; null: never. Default 60 s, the simulator's. */
  reloginAfterMs?: number | null;
  /** Logins spread over this long; null or absent: the ping interval of the first welcome. */
  spreadMs?: number | null;
  crash?: FleetFault | null;
  freeze?: (FleetFault & { forMs: number }) | null;
  /** The supervisor's token (sent as `Authorization: Bearer`), required beyond loopback. */
  token?: string | null;
  backoff?: BackoffOptions;
  connectTimeoutMs?: number;
  /** How long `stop()` waits for goodbyes to be answered before dropping what is left. */
  goodbyeGraceMs?: number;
  latencyNowMs?: () => number;
}

export const DEFAULT_RELOGIN_AFTER_MS = 60_000;
/** Without a welcome from the first browser within this time, the rest start over `FALLBACK_SPREAD_MS`. */
const FIRST_WELCOME_WAIT_MS = 2_000;
const FALLBACK_SPREAD_MS = 1_000;

/**
 * N simulated browsers against one or more supervisors. The first browser
 * logs in at once; the others start at random times spread over the first
 * ping interval (as the simulator spreads its logins), so pings and watchdog
 * wakes are not all in step. Faults hit their victims at fixed times after
 * the start.
 */
export class BrowserFleet {
  readonly stats = new FleetStats();
  private readonly browsers: SimulatedBrowser[];
  private readonly timers = new Set<TimerId>();
  private startedAtMs: number | null = null;
  private spreadStarted = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly o: FleetOptions) {
    const urls = o.urls.map((http): SupervisorAddress => {
      const ws = agentSocketUrl(http);
      if (ws === null) throw new Error(`not an http:// supervisor address: ${http}`);
      return { http, ws };
    });
    if (urls.length === 0) throw new Error('a fleet needs at least one supervisor address');
    const headers: Record<string, string> = o.token === undefined || o.token === null ? {} : { authorization: `Bearer ${o.token}` };
    this.browsers = o.browsers.map(
      (b, i) =>
        new SimulatedBrowser({
          agent: b.agent,
          role: b.role,
          urls,
          clock: o.clock,
          random: o.random,
          answerCalls: o.answerCalls ?? 'accept',
          reloginAfterMs: o.reloginAfterMs === undefined ? DEFAULT_RELOGIN_AFTER_MS : o.reloginAfterMs,
          backoff: o.backoff ?? DEFAULT_RECONNECT_BACKOFF,
          headers,
          connectTimeoutMs: o.connectTimeoutMs ?? 5_000,
          stats: this.stats,
          emit: o.emit,
          ...(o.latencyNowMs === undefined ? {} : { latencyNowMs: o.latencyNowMs }),
          ...(i === 0 ? { onFirstWelcome: (intervalMs: number) => this.spreadRest(intervalMs) } : {}),
        }),
    );
  }

  get size(): number {
    return this.browsers.length;
  }

  start(): void {
    if (this.startedAtMs !== null) return;
    this.startedAtMs = this.o.clock.now();
    const spreadMs = this.o.spreadMs ?? null;
    this.browsers[0]?.start();
    if (spreadMs !== null) this.spreadRest(spreadMs);
    else this.after(FIRST_WELCOME_WAIT_MS, () => this.spreadRest(FALLBACK_SPREAD_MS));
    const { crash, freeze } = this.o;
    if (crash !== null && crash !== undefined) this.after(crash.afterMs, () => this.each(crash.victims, (b) => b.crash()));
    if (freeze !== null && freeze !== undefined) this.after(freeze.afterMs, () => this.each(freeze.victims, (b) => b.freeze(freeze.forMs)));
  }

  /**
   * Every browser still alive says goodbye (crashed ones cannot); after the
   * grace the rest is dropped. Resolves when every connection is closed.
   */
  stop(): Promise<void> {
    this.stopping ??= this.goodbyeAll();
    return this.stopping;
  }

  summary(): FleetSummary {
    const durationMs = this.startedAtMs === null ? 0 : this.o.clock.now() - this.startedAtMs;
    return summaryOf(this.stats, this.browsers.length, durationMs);
  }

  private async goodbyeAll(): Promise<void> {
    for (const id of this.timers) this.o.clock.cancel(id);
    this.timers.clear();
    const goodbyes = Promise.all(this.browsers.map((b) => b.goodbye()));
    let graceTimer: TimerId | null = null;
    const grace = new Promise<void>((resolve) => {
      graceTimer = this.o.clock.schedule(this.o.goodbyeGraceMs ?? 3_000, resolve);
    });
    await Promise.race([goodbyes, grace]);
    if (graceTimer !== null) this.o.clock.cancel(graceTimer);
    for (const b of this.browsers) b.destroy();
  }

  private spreadRest(spreadMs: number): void {
    if (this.spreadStarted || this.stopping !== null) return;
    this.spreadStarted = true;
    const rest = this.browsers.length - 1;
    const times = new Float64Array(rest);
    for (let i = 0; i < rest; i++) times[i] = Math.floor(this.o.random() * spreadMs);
    times.sort();
    // Start times are handed out in agent order, as the simulator does.
    for (let i = 0; i < rest; i++) this.after(times[i]!, () => this.browsers[i + 1]!.start());
  }

  private each(victims: readonly number[], fn: (b: SimulatedBrowser) => void): void {
    for (const i of victims) {
      const b = this.browsers[i];
      if (b !== undefined) fn(b);
    }
  }

  private after(delayMs: number, fn: () => void): void {
    const id = this.o.clock.schedule(delayMs, () => {
      this.timers.delete(id);
      fn();
    });
    this.timers.add(id);
  }
}
