import { connect, type Socket } from 'node:net';
import type { Clock, CmsPort, TimerId } from '../../engine/ports.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { LineSplitter } from './line-splitter.js';
import { CMS_PROTOCOL_VERSION, encodeMessage, MAX_LINE_BYTES, parseLine, type CmsMessage } from './protocol.js';

export interface CmsClientHandlers {
  /** The CMS offers `call` to `agent`: answer with `accept` or `reject` before the CMS's ring timeout. */
  offer?(call: string, agent: string): void;
  /** The CMS put `agent` into not ready (e.g. `noAnswer`: an offer rang out). */
  agentNotReady?(agent: string, reason: string | undefined): void;
  /** The CMS logged `agent` off here because it logged in on another connection; a reconnect will not log it in again. */
  agentLoggedOff?(agent: string, reason: string): void;
  /** An accepted call ended; the CMS counts the agent ready again (unless it was set not ready meanwhile). */
  callEnded?(call: string, agent: string): void;
  connected?(): void;
  disconnected?(): void;
  /** The CMS sent `error`, or a line this client could not read. */
  protocolError?(message: string): void;
}

export interface CmsClientOptions {
  /** The CMS system this client serves (a name of `cmsTargets`); pings for another system never ack. */
  system: string;
  host: string;
  port: number;
  clock: Clock;
  backoff?: Partial<BackoffOptions>;
  /** Values in [0, 1) for the backoff jitter. */
  random?: () => number;
  /** A connection attempt that takes longer is abandoned (and retried after the backoff). */
  connectTimeoutMs?: number;
  /** Beyond this many unsent bytes in the socket, messages are dropped rather than queued. */
  maxBufferedBytes?: number;
  /** Pings awaiting an ack that are remembered; older ones are forgotten (their ack is ignored). */
  maxPendingPings?: number;
  maxLineBytes?: number;
  /** Sent in `hello` when the CMS listens beyond loopback and asks for one. */
  token?: string;
  handlers?: CmsClientHandlers;
}

export interface CmsClientStats {
  connects: number;
  disconnects: number;
  pingsSent: number;
  acks: number;
  /** Messages not sent: disconnected, or the socket's buffer was full. */
  dropped: number;
  /** Lines from the CMS that were not valid messages. */
  badLines: number;
}

interface AgentState {
  role: string;
  ready: boolean;
}

/**
 * One TCP connection to one CMS system, kept up for the supervisor: it
 * reconnects with jittered exponential backoff, replays its agents' logins
 * (and ready states) after every reconnect, and never throws on a dead
 * socket. Nothing is buffered while disconnected: a ping then simply never
 * acks, so the engine's CMS check times out as it would against a silent CMS.
 */
export class CmsClient implements CmsPort {
  readonly system: string;
  private readonly opts: CmsClientOptions;
  private readonly backoff: BackoffOptions;
  private readonly agents = new Map<string, AgentState>();
  private readonly pendingPings = new Map<number, () => void>();
  private readonly statsNow: CmsClientStats = { connects: 0, disconnects: 0, pingsSent: 0, acks: 0, dropped: 0, badLines: 0 };
  private socket: Socket | null = null;
  private isConnected = false;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private nextPingId = 1;
  private retryTimer: TimerId | null = null;
  private connectTimer: TimerId | null = null;
  private closed: Promise<void> = Promise.resolve();

  constructor(opts: CmsClientOptions) {
    this.opts = opts;
    this.system = opts.system;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
  }

  get connected(): boolean {
    return this.isConnected;
  }

  get stats(): Readonly<CmsClientStats> {
    return { ...this.statsNow };
  }

  /** Agents logged in through this client, with their ready state (what a reconnect replays). */
  get loggedIn(): ReadonlyMap<string, Readonly<AgentState>> {
    return this.agents;
  }

  /** Opens the connection (and keeps it open until `stop`). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.open();
  }

  /** Closes the connection for good; resolves once the socket is closed. */
  stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimers();
    const socket = this.socket;
    if (socket !== null) socket.destroy();
    return this.closed;
  }

  ping(cms: string, onAck: () => void): void {
    if (cms !== this.system) return;
    const id = this.nextPingId++;
    if (!this.send({ type: 'ping', id })) return;
    this.statsNow.pingsSent++;
    this.pendingPings.set(id, onAck);
    const max = this.opts.maxPendingPings ?? 64;
    if (this.pendingPings.size > max) {
      const oldest = this.pendingPings.keys().next().value as number;
      this.pendingPings.delete(oldest);
    }
  }

  login(agent: string, role: string): boolean {
    this.agents.set(agent, { role, ready: false });
    return this.send({ type: 'login', agent, role });
  }

  logoff(agent: string, reason: string): boolean {
    this.agents.delete(agent);
    return this.send({ type: 'logoff', agent, reason });
  }

  ready(agent: string): boolean {
    const state = this.agents.get(agent);
    if (state !== undefined) state.ready = true;
    return this.send({ type: 'ready', agent });
  }

  notReady(agent: string, reason?: string): boolean {
    const state = this.agents.get(agent);
    if (state !== undefined) state.ready = false;
    return this.send({ type: 'notReady', agent, ...(reason === undefined ? {} : { reason }) });
  }

  accept(call: string, agent: string): boolean {
    return this.send({ type: 'accept', call, agent });
  }

  reject(call: string, agent: string): boolean {
    return this.send({ type: 'reject', call, agent });
  }

  private open(): void {
    if (this.stopped) return;
    const socket = connect({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    let resolveClosed: () => void = () => undefined;
    this.closed = new Promise((resolve) => {
      resolveClosed = resolve;
    });
    const splitter = new LineSplitter(this.opts.maxLineBytes ?? MAX_LINE_BYTES);
    this.connectTimer = this.opts.clock.schedule(this.opts.connectTimeoutMs ?? 5_000, () => {
      this.connectTimer = null;
      socket.destroy();
    });
    socket.setNoDelay(true);
    // A peer that vanished without a FIN (host down, cable cut) is found by TCP itself.
    socket.setKeepAlive(true, 5_000);
    socket.on('connect', () => this.onConnect(socket));
    socket.on('data', (chunk: Buffer) => this.onData(socket, splitter, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.onClose(socket);
      resolveClosed();
    });
  }

  private onConnect(socket: Socket): void {
    if (this.connectTimer !== null) this.opts.clock.cancel(this.connectTimer);
    this.connectTimer = null;
    this.isConnected = true;
    this.attempt = 0;
    this.statsNow.connects++;
    const token = this.opts.token;
    this.write(socket, { type: 'hello', v: CMS_PROTOCOL_VERSION, peer: 'supervisor', ...(token === undefined ? {} : { token }) });
    for (const [agent, state] of this.agents) {
      this.write(socket, { type: 'login', agent, role: state.role });
      if (state.ready) this.write(socket, { type: 'ready', agent });
    }
    this.opts.handlers?.connected?.();
  }

  private onData(socket: Socket, splitter: LineSplitter, chunk: Buffer): void {
    for (const item of splitter.push(chunk)) {
      if ('tooLong' in item) {
        this.statsNow.badLines++;
        this.write(socket, { type: 'error', message: 'line too long' });
        this.opts.handlers?.protocolError?.('the CMS sent a line longer than the limit; reconnecting');
        socket.destroy();
        return;
      }
      const parsed = parseLine(item.line);
      if (!parsed.ok) {
        this.statsNow.badLines++;
        this.opts.handlers?.protocolError?.(parsed.error);
        continue;
      }
      this.onMessage(socket, parsed.message);
    }
  }

  private onMessage(socket: Socket, message: CmsMessage): void {
    const handlers = this.opts.handlers;
    switch (message.type) {
      case 'ack': {
        const onAck = this.pendingPings.get(message.id);
        if (onAck === undefined) return;
        this.pendingPings.delete(message.id);
        this.statsNow.acks++;
        onAck();
        return;
      }
      case 'offer':
        handlers?.offer?.(message.call, message.agent);
        return;
      case 'notReady': {
        const state = this.agents.get(message.agent);
        if (state !== undefined) state.ready = false;
        handlers?.agentNotReady?.(message.agent, message.reason);
        return;
      }
      case 'end':
        handlers?.callEnded?.(message.call, message.agent);
        return;
      case 'logoff':
        this.agents.delete(message.agent);
        handlers?.agentLoggedOff?.(message.agent, message.reason);
        return;
      case 'error':
        handlers?.protocolError?.(message.message);
        return;
      case 'hello':
        if (message.v !== CMS_PROTOCOL_VERSION) {
          handlers?.protocolError?.(`the CMS speaks protocol version ${message.v}, this client ${CMS_PROTOCOL_VERSION}`);
          socket.destroy();
        }
        return;
      default:
        return;
    }
  }

  private onClose(socket: Socket): void {
    if (this.socket === socket) this.socket = null;
    if (this.connectTimer !== null) this.opts.clock.cancel(this.connectTimer);
    this.connectTimer = null;
    // An ack can only come back on the connection that carried the ping.
    this.pendingPings.clear();
    if (this.isConnected) {
      this.isConnected = false;
      this.statsNow.disconnects++;
      this.opts.handlers?.disconnected?.();
    }
    if (this.stopped) return;
    const delayMs = backoffDelayMs(this.attempt++, this.backoff, this.opts.random ?? Math.random);
    this.retryTimer = this.opts.clock.schedule(delayMs, () => {
      this.retryTimer = null;
      this.open();
    });
  }

  private send(message: CmsMessage): boolean {
    const socket = this.socket;
    if (!this.isConnected || socket === null || socket.writableLength > (this.opts.maxBufferedBytes ?? 1024 * 1024)) {
      this.statsNow.dropped++;
      return false;
    }
    return this.write(socket, message);
  }

  private write(socket: Socket, message: CmsMessage): boolean {
    if (socket.destroyed) return false;
    socket.write(encodeMessage(message));
    return true;
  }

  private cancelTimers(): void {
    if (this.retryTimer !== null) this.opts.clock.cancel(this.retryTimer);
    if (this.connectTimer !== null) this.opts.clock.cancel(this.connectTimer);
    this.retryTimer = null;
    this.connectTimer = null;
  }
}

/** One `CmsPort` over several clients: a ping goes to the client of its system (an unknown system never acks). */
export function cmsPortOf(clients: Iterable<CmsClient>): CmsPort {
  const bySystem = new Map<string, CmsClient>();
  for (const client of clients) bySystem.set(client.system, client);
  return {
    ping(cms, onAck) {
      bySystem.get(cms)?.ping(cms, onAck);
    },
  };
}
