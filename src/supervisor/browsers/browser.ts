import WebSocket, { type RawData } from 'ws';
import type { Clock, TimerId } from '../../engine/ports.js';
import { CLOSE, PROTOCOL_VERSION, type ServerMessage } from '../http/protocol.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import type { ConnectGate } from './connect-gate.js';
import { PingTracker } from './ping-tracker.js';
import type { BrowserEventSink, CallAnswer } from './events.js';
import type { FleetStats } from './stats.js';

/** A supervisor as the browser knows it: the address the user gave, and the agent WebSocket derived from it. */
export interface SupervisorAddress {
  http: string;
  ws: string;
}

export interface BrowserOptions {
  agent: string;
  role: string;
  /** Supervisors in order of preference: a browser whose supervisor goes away moves on to the next. */
  urls: readonly SupervisorAddress[];
  clock: Clock;
  /** Uniform in [0, 1): reconnect jitter. */
  random: () => number;
  answerCalls: CallAnswer;
  /** After a log-off the browser did not ask for (watchdog, heartbeat lag), the agent logs in again this much later; null: never. */
  reloginAfterMs: number | null;
  backoff: BackoffOptions;
  /** Sent with the WebSocket upgrade (the supervisor's token beyond loopback). */
  headers: Readonly<Record<string, string>>;
  /** A WebSocket handshake that takes longer counts as a failed attempt. */
  connectTimeoutMs: number;
  stats: FleetStats;
  emit: BrowserEventSink;
  /** A finer clock for ack latency (ms); defaults to `clock.now`. */
  latencyNowMs?: () => number;
  /** Bounds the fleet's handshakes in flight; none: no bound. */
  gate?: ConnectGate;
  /** Called once, with the ping interval of the first welcome. */
  onFirstWelcome?: (browserPingIntervalMs: number) => void;
}

type Phase = 'idle' | 'active' | 'crashed' | 'stopping' | 'stopped';

/**
 * Socket events a frozen page holds until it thaws. A frozen page does not
 * read its socket (`pause`), so only what was already received waits here;
 * past the bound the connection is dropped rather than buffered further.
 */
const MAX_HELD_EVENTS = 1024;

/**
 * Close codes after which retrying cannot help (docs/protocol.md#close-codes):
 * the session went to another connection, or the browser broke the protocol.
 * The toolbar page stops there too.
 */
const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE.replaced, CLOSE.tooManyPings, CLOSE.unsupportedVersion, CLOSE.badFrames]);

/**
 * One simulated agent browser speaking the agent protocol over a real
 * WebSocket, with the simulator's browser model (src/sim/world/models/browser.ts): the
 * login counts as a ping and pings follow every `browserPingIntervalMs`; a
 * crash stops pinging and drops the TCP connection without goodbye or close
 * frame, for good; a freeze stops pinging and reading with the socket left
 * open, and on thaw the overdue ping goes at once, then the interval again.
 */
export class SimulatedBrowser {
  private phase: Phase = 'idle';
  private ws: WebSocket | null = null;
  private urlIndex = 0;
  private session: string | null = null;
  private intervalMs = 0;
  private readonly pings: PingTracker;
  private pingTimer: TimerId | null = null;
  private retryTimer: TimerId | null = null;
  private thawTimer: TimerId | null = null;
  /** Failed connection attempts since the last welcome (the backoff exponent). */
  private attempts = 0;
  /** When the connection dropped; null while connected (a welcome then is a reconnect). */
  private downSinceMs: number | null = null;
  /** The current connection was opened to resume the session (an unknown-session answer then means: hello). */
  private resuming = false;
  /** The supervisor said it shuts down: on close, move on to the next one. */
  private leaving = false;
  private everLoggedIn = false;
  private waitingForGate = false;
  private frozen = false;
  private held: (() => void)[] = [];
  private whenClosed: (() => void) | null = null;

  constructor(private readonly o: BrowserOptions) {
    const clock = o.clock;
    this.pings = new PingTracker(o.stats, o.latencyNowMs ?? (() => clock.now()));
  }

  get agent(): string {
    return this.o.agent;
  }

  /** Whether the browser is past its end (crashed or stopped). */
  get gone(): boolean {
    return this.phase === 'crashed' || this.phase === 'stopped';
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  start(): void {
    if (this.phase !== 'idle') return;
    this.phase = 'active';
    this.connect();
  }

  /** The browser process dies: no goodbye, the TCP connection is dropped abruptly, and it never comes back. */
  crash(): void {
    if (this.gone || this.phase === 'stopping') return;
    this.phase = 'crashed';
    this.frozen = false;
    this.held = [];
    this.cancelTimers();
    this.o.stats.crashed++;
    this.o.emit({ event: 'crash', atMs: this.o.clock.now(), agent: this.o.agent });
    const ws = this.ws;
    this.ws = null;
    this.pings.dropAll();
    ws?.terminate();
  }

  /** The page stops running for `forMs`: no pings, no answers, the socket stays open and unread. */
  freeze(forMs: number): void {
    if (this.phase !== 'active' || this.frozen) return;
    this.frozen = true;
    this.o.stats.frozen++;
    this.o.emit({ event: 'freeze', atMs: this.o.clock.now(), agent: this.o.agent, forMs });
    this.cancel('pingTimer');
    this.ws?.pause();
    this.thawTimer = this.o.clock.schedule(forMs, () => {
      this.thawTimer = null;
      this.thaw();
    });
  }

  /**
   * The agent closes the page: goodbye when logged in, then the connection
   * closes. Resolves once it is closed (the fleet bounds the wait). A frozen
   * page is woken first, so every browser still alive at the end leaves.
   */
  goodbye(): Promise<void> {
    if (this.gone || this.phase === 'idle') {
      if (!this.gone) this.phase = 'stopped';
      return Promise.resolve();
    }
    this.phase = 'stopping';
    this.cancelTimers();
    this.frozen = false;
    this.held = [];
    const ws = this.ws;
    if (ws === null) return this.stopped();
    const closed = new Promise<void>((resolve) => {
      this.whenClosed = resolve;
    });
    if (ws.isPaused) ws.resume();
    if (ws.readyState === WebSocket.OPEN && this.session !== null) this.send({ type: 'goodbye', session: this.session });
    else if (ws.readyState === WebSocket.OPEN) ws.close(CLOSE.normal, 'goodbye');
    else ws.terminate();
    return closed;
  }

  /** Drops whatever is left (after the fleet's grace for goodbyes). */
  destroy(): void {
    this.cancelTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.terminate();
    if (!this.gone) void this.stopped();
  }

  private stopped(): Promise<void> {
    this.phase = 'stopped';
    const done = this.whenClosed;
    this.whenClosed = null;
    done?.();
    return Promise.resolve();
  }

  private thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.o.emit({ event: 'thaw', atMs: this.o.clock.now(), agent: this.o.agent });
    const ws = this.ws;
    if (ws?.isPaused === true) ws.resume();
    const held = this.held;
    this.held = [];
    for (const fn of held) fn();
    if (this.phase === 'active' && this.session !== null && this.isOpen()) {
      this.ping();
      this.schedulePings();
    }
  }

  /** Opens a connection to the current supervisor when the fleet's gate lets it (once, however often asked). */
  private connect(): void {
    if (this.waitingForGate || this.ws !== null) return;
    const gate = this.o.gate;
    if (gate === undefined) return this.open(() => undefined);
    this.waitingForGate = true;
    gate.enter((release) => {
      this.waitingForGate = false;
      this.open(release);
    });
  }

  private open(release: () => void): void {
    if (this.phase !== 'active' || this.ws !== null) return release();
    if (this.frozen) {
      release();
      return this.awake(() => this.connect());
    }
    const address = this.o.urls[this.urlIndex]!;
    const ws = new WebSocket(address.ws, { headers: { ...this.o.headers }, handshakeTimeout: this.o.connectTimeoutMs, perMessageDeflate: false });
    this.ws = ws;
    let opened = false;
    ws.on('open', () => {
      release();
      this.awake(() => {
        if (this.ws !== ws) return;
        opened = true;
        this.sendLogin();
      });
    });
    ws.on('message', (data: RawData) => this.awake(() => this.ws === ws && this.onMessage(data)));
    ws.on('close', (code: number) => {
      release();
      this.awake(() => {
        if (this.ws !== ws) return;
        this.ws = null;
        this.onClosed(code, opened);
      });
    });
    ws.on('error', (err: Error) => this.awake(() => this.ws === ws && this.onSocketError(err)));
  }

  /**
   * An upgrade the supervisor refused with a 4xx status (401 without the
   * right token, 403 for the Origin, 404 for the path) will be refused again:
   * the browser says so once and stops. Other failures (refused connections,
   * 503 while the supervisor drains or is full) lead to a retry or failover.
   */
  private onSocketError(err: Error): void {
    const status = /^Unexpected server response: (\d{3})$/.exec(err.message)?.[1];
    if (status === undefined || !status.startsWith('4')) return;
    this.o.stats.errors++;
    this.o.emit({ event: 'error', atMs: this.o.clock.now(), agent: this.o.agent, url: this.url(), code: `http-${status}`, message: err.message });
    this.giveUp();
  }

  /** Runs `fn` now, or at thaw when the page is frozen (a frozen page runs no code). */
  private awake(fn: () => void): void {
    if (!this.frozen) return fn();
    if (this.held.length < MAX_HELD_EVENTS) {
      this.held.push(fn);
      return;
    }
    this.ws?.terminate();
  }

  private sendLogin(): void {
    this.resuming = this.session !== null;
    if (this.session !== null) this.send({ type: 'resume', version: PROTOCOL_VERSION, session: this.session });
    else this.send({ type: 'hello', version: PROTOCOL_VERSION, agent: this.o.agent, role: this.o.role });
  }

  private onMessage(data: RawData): void {
    const m = parse(data);
    if (m === null) return;
    switch (m.type) {
      case 'welcome':
        return this.onWelcome(m);
      case 'ack':
        return this.pings.acked(m.seq);
      case 'keepAlive':
        this.o.stats.keepAlives++;
        return;
      case 'callOffer':
        return this.onCallOffer(m.callId, m.from);
      case 'cmsStatus':
        this.o.stats.cmsStatus++;
        this.o.emit({ event: 'cmsStatus', atMs: this.o.clock.now(), agent: this.o.agent, cms: m.cms, available: m.available, serverTimeMs: m.serverTimeMs });
        return;
      case 'loggedOff':
        return this.onLoggedOff(m);
      case 'error':
        return this.onError(m.code, m.message);
      case 'callResult':
        return;
    }
  }

  private onWelcome(m: Extract<ServerMessage, { type: 'welcome' }>): void {
    const nowMs = this.o.clock.now();
    const { stats } = this.o;
    this.session = m.session;
    this.intervalMs = m.browserPingIntervalMs;
    this.resuming = false;
    if (this.downSinceMs !== null) {
      stats.reconnects++;
      this.o.emit({ event: 'reconnect', atMs: nowMs, agent: this.o.agent, url: this.url(), resumed: m.resumed, attempts: this.attempts + 1, downMs: nowMs - this.downSinceMs });
    }
    this.attempts = 0;
    this.downSinceMs = null;
    if (m.resumed) {
      stats.resumes++;
      this.ping();
    } else {
      stats.logins++;
      if (!this.everLoggedIn) {
        this.everLoggedIn = true;
        stats.loggedInBrowsers++;
        this.o.onFirstWelcome?.(m.browserPingIntervalMs);
      }
      this.o.emit({ event: 'login', atMs: nowMs, agent: this.o.agent, role: m.role, url: this.url(), mode: m.mode, browserPingIntervalMs: m.browserPingIntervalMs });
    }
    this.schedulePings();
  }

  private onCallOffer(callId: string, from: string): void {
    const answer = this.o.answerCalls;
    const { stats } = this.o;
    stats.callsOffered++;
    this.o.emit({ event: 'callOffer', atMs: this.o.clock.now(), agent: this.o.agent, callId, from, answer });
    if (answer === 'ignore' || this.session === null) {
      stats.callsIgnored++;
      return;
    }
    if (answer === 'accept') stats.callsAccepted++;
    else stats.callsRejected++;
    this.send({ type: answer, session: this.session, callId });
  }

  private onLoggedOff(m: Extract<ServerMessage, { type: 'loggedOff' }>): void {
    this.o.stats.countLogoff(m.reason);
    this.o.emit({ event: 'loggedOff', atMs: this.o.clock.now(), agent: this.o.agent, role: this.o.role, url: this.url(), reason: m.reason, serverTimeMs: m.serverTimeMs });
    this.session = null;
    this.cancel('pingTimer');
    this.pings.dropAll();
    if (this.phase === 'stopping') return this.ws?.close(CLOSE.normal, 'goodbye');
    if (m.reason === 'shutdown') {
      this.leaving = true;
    } else if (m.reason === 'replaced' || m.reason === 'client') {
      this.giveUp();
    } else if (this.o.reloginAfterMs !== null) {
      this.retryTimer = this.later(this.o.reloginAfterMs, () => this.relogin());
    }
  }

  private relogin(): void {
    if (this.phase !== 'active' || this.session !== null) return;
    if (this.isOpen()) this.sendLogin();
    else this.connect();
  }

  private onError(code: string, message: string): void {
    if (code === 'unknown-session' && this.resuming) {
      // The session ended while the browser was away (the watchdog logged it off): log in again.
      this.session = null;
      return this.sendLogin();
    }
    if (this.phase === 'stopping') return this.ws?.close(CLOSE.normal, 'goodbye');
    if (code === 'unknown-session' || code === 'draining') return;
    this.o.stats.errors++;
    this.o.emit({ event: 'error', atMs: this.o.clock.now(), agent: this.o.agent, url: this.url(), code, message });
    // A role the supervisor does not know, or a refused login, will not change by retrying.
    if (code === 'unknown-role' || code === 'refused') this.giveUp();
  }

  private giveUp(): void {
    this.phase = 'stopped';
    this.cancelTimers();
    this.ws?.close(CLOSE.normal, 'goodbye');
  }

  private onClosed(code: number, opened: boolean): void {
    this.cancel('pingTimer');
    this.pings.dropAll();
    if (this.phase !== 'active') {
      if (this.phase === 'stopping') void this.stopped();
      return;
    }
    const nowMs = this.o.clock.now();
    if (opened) this.o.emit({ event: 'disconnected', atMs: nowMs, agent: this.o.agent, url: this.url(), code });
    if (FINAL_CLOSE_CODES.has(code)) return this.giveUp();
    // A browser that never logged in is still starting: its welcome is a login, not a reconnect.
    if (this.everLoggedIn) this.downSinceMs ??= nowMs;
    const moveOn = !opened || this.leaving || code === CLOSE.goingAway || code === CLOSE.tryAgainLater;
    this.leaving = false;
    if (moveOn && this.o.urls.length > 1) this.failover(nowMs);
    const delayMs = opened && !moveOn ? backoffDelayMs(0, this.o.backoff, this.o.random) : backoffDelayMs(this.attempts, this.o.backoff, this.o.random);
    if (!opened) this.attempts++;
    this.retryTimer = this.later(delayMs, () => {
      if (this.phase === 'active') this.connect();
    });
  }

  /** The next supervisor in the list; the session belonged to the old one, so the browser says hello there. */
  private failover(nowMs: number): void {
    const from = this.url();
    this.urlIndex = (this.urlIndex + 1) % this.o.urls.length;
    this.session = null;
    this.o.stats.failovers++;
    this.o.emit({ event: 'failover', atMs: nowMs, agent: this.o.agent, from, to: this.url() });
  }

  private schedulePings(): void {
    this.cancel('pingTimer');
    this.pingTimer = this.o.clock.schedule(this.intervalMs, () => {
      this.pingTimer = null;
      if (this.frozen || this.phase !== 'active') return;
      this.ping();
      this.schedulePings();
    });
  }

  private ping(): void {
    if (this.session === null || !this.isOpen()) return;
    this.send({ type: 'ping', session: this.session, seq: this.pings.next() });
  }

  /** A timer whose callback waits for the thaw when it fires during a freeze. */
  private later(delayMs: number, fn: () => void): TimerId {
    return this.o.clock.schedule(delayMs, () => {
      this.retryTimer = null;
      this.awake(fn);
    });
  }

  private cancel(which: 'pingTimer' | 'retryTimer' | 'thawTimer'): void {
    const id = this[which];
    if (id !== null) this.o.clock.cancel(id);
    this[which] = null;
  }

  private cancelTimers(): void {
    this.cancel('pingTimer');
    this.cancel('retryTimer');
    this.cancel('thawTimer');
  }

  private isOpen(): boolean {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  private send(message: object): void {
    if (this.isOpen()) this.ws!.send(JSON.stringify(message));
  }

  private url(): string {
    return this.o.urls[this.urlIndex]!.http;
  }
}

/** A server frame, or null when it is not a JSON object with a type (a broken server must not crash the fleet). */
function parse(data: RawData): ServerMessage | null {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') return null;
    return value as ServerMessage;
  } catch {
    return null;
  }
}
