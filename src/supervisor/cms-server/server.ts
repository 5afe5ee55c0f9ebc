import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Clock, TimerId } from '../../engine/ports.js';
import { LineSplitter } from '../cms/line-splitter.js';
import { CMS_PROTOCOL_VERSION, encodeMessage, MAX_LINE_BYTES, parseLine, type CmsMessage } from '../cms/protocol.js';
import { CallRouter, type CmsEventLog, type ConnectionId } from './call-router.js';
import { exponentialGapMs } from './random.js';

export interface CmsServerLimits {
  maxConnections: number;
  maxLineBytes: number;
  maxAgentsPerConnection: number;
  /** Invalid lines a connection may send before it is closed. */
  maxBadLines: number;
  /** Messages a connection may send per second before it is closed. */
  maxMessagesPerSecond: number;
  /** A connection that has not said hello within this time is closed. */
  helloTimeoutMs: number;
  /** A peer that lets this much unread output pile up is closed (a slow reader must not grow memory). */
  maxBufferedBytes: number;
  maxQueuedCalls: number;
  maxOffersPerCall: number;
}

export const DEFAULT_CMS_SERVER_LIMITS: CmsServerLimits = {
  maxConnections: 64,
  maxLineBytes: MAX_LINE_BYTES,
  maxAgentsPerConnection: 10_000,
  maxBadLines: 16,
  maxMessagesPerSecond: 10_000,
  helloTimeoutMs: 10_000,
  maxBufferedBytes: 1024 * 1024,
  maxQueuedCalls: 1_000,
  maxOffersPerCall: 10,
};

export interface CmsServerOptions {
  host: string;
  /** 0 picks a free port; `start` says which. */
  port: number;
  clock: Clock;
  /** Mean call arrivals per second (a Poisson process); 0: no calls. */
  callsPerSecond: number;
  handleTimeMs: number;
  ringTimeoutMs: number;
  random: () => number;
  log: CmsEventLog;
  limits?: Partial<CmsServerLimits>;
  /** When set, a supervisor's hello must carry this token (required beyond loopback). */
  token?: string;
}

interface Connection {
  id: ConnectionId;
  socket: Socket;
  splitter: LineSplitter;
  hello: boolean;
  badLines: number;
  windowStartMs: number;
  windowMessages: number;
  helloTimer: TimerId | null;
}

/**
 * The built-in CMS (`hbctl cms`): a TCP server speaking docs/cms-protocol.md.
 * It answers pings, takes agent logins and ready states, generates calls and
 * routes them through a `CallRouter`. During an outage it keeps and accepts
 * connections but acks no ping and offers no call, like a CMS that hangs.
 */
export class CmsServer {
  readonly router: CallRouter;
  private readonly limits: CmsServerLimits;
  private readonly connections = new Map<ConnectionId, Connection>();
  private server: Server | null = null;
  private nextConnection = 1;
  private outage = false;
  private arrivalTimer: TimerId | null = null;
  readonly counters = { pingsAcked: 0, pingsUnanswered: 0, callsLostInOutage: 0, connectionsRefused: 0 };

  constructor(private readonly opts: CmsServerOptions) {
    this.limits = { ...DEFAULT_CMS_SERVER_LIMITS, ...opts.limits };
    this.router = new CallRouter({
      clock: opts.clock,
      ringTimeoutMs: opts.ringTimeoutMs,
      handleTimeMs: opts.handleTimeMs,
      maxQueuedCalls: this.limits.maxQueuedCalls,
      maxOffersPerCall: this.limits.maxOffersPerCall,
      send: (conn, message) => this.sendTo(conn, message),
      log: opts.log,
    });
  }

  get inOutage(): boolean {
    return this.outage;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Listens; resolves with the bound address. */
  start(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        const address = server.address();
        const port = typeof address === 'object' && address !== null ? address.port : this.opts.port;
        this.scheduleArrival();
        resolve({ host: this.opts.host, port });
      });
    });
  }

  /** Stops listening, closes every connection and timer; resolves when the listener is closed. */
  stop(): Promise<void> {
    if (this.arrivalTimer !== null) this.opts.clock.cancel(this.arrivalTimer);
    this.arrivalTimer = null;
    this.router.stop();
    for (const conn of this.connections.values()) this.close(conn);
    const server = this.server;
    this.server = null;
    if (server === null) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  setOutage(on: boolean): void {
    if (on === this.outage) return;
    this.outage = on;
    this.opts.log(on ? 'outageStarted' : 'outageEnded', {});
    this.router.setRoutingPaused(on);
  }

  toggleOutage(): void {
    this.setOutage(!this.outage);
  }

  private scheduleArrival(): void {
    if (this.opts.callsPerSecond <= 0) return;
    const gapMs = exponentialGapMs(this.opts.callsPerSecond, this.opts.random);
    this.arrivalTimer = this.opts.clock.schedule(gapMs, () => {
      // Callers cannot reach a CMS that is down.
      if (this.outage) this.counters.callsLostInOutage++;
      else this.router.callArrives();
      this.scheduleArrival();
    });
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined);
    if (this.connections.size >= this.limits.maxConnections) {
      this.counters.connectionsRefused++;
      this.opts.log('connectionRefused', { remote: socket.remoteAddress, reason: 'tooManyConnections' });
      socket.end(encodeMessage({ type: 'error', message: `too many connections (limit ${this.limits.maxConnections})` }));
      socket.destroySoon();
      return;
    }
    const conn: Connection = {
      id: this.nextConnection++,
      socket,
      splitter: new LineSplitter(this.limits.maxLineBytes),
      hello: false,
      badLines: 0,
      windowStartMs: this.opts.clock.now(),
      windowMessages: 0,
      helloTimer: null,
    };
    this.connections.set(conn.id, conn);
    socket.setNoDelay(true);
    conn.helloTimer = this.opts.clock.schedule(this.limits.helloTimeoutMs, () => {
      conn.helloTimer = null;
      this.refuse(conn, 'no hello in time');
    });
    this.opts.log('connected', { conn: conn.id, remote: socket.remoteAddress, remotePort: socket.remotePort });
    socket.on('data', (chunk: Buffer) => this.onData(conn, chunk));
    socket.on('close', () => this.onClose(conn));
  }

  private onData(conn: Connection, chunk: Buffer): void {
    for (const item of conn.splitter.push(chunk)) {
      if (!this.connections.has(conn.id)) return;
      if ('tooLong' in item) {
        this.refuse(conn, `line longer than ${this.limits.maxLineBytes} bytes`);
        return;
      }
      if (!this.withinRate(conn)) {
        this.refuse(conn, `more than ${this.limits.maxMessagesPerSecond} messages a second`);
        return;
      }
      const parsed = parseLine(item.line);
      if (!parsed.ok) {
        this.badLine(conn, parsed.error);
        continue;
      }
      this.onMessage(conn, parsed.message);
    }
  }

  private withinRate(conn: Connection): boolean {
    const nowMs = this.opts.clock.now();
    if (nowMs - conn.windowStartMs >= 1_000) {
      conn.windowStartMs = nowMs;
      conn.windowMessages = 0;
    }
    conn.windowMessages++;
    return conn.windowMessages <= this.limits.maxMessagesPerSecond;
  }

  private onMessage(conn: Connection, message: CmsMessage): void {
    if (!conn.hello) {
      this.onHello(conn, message);
      return;
    }
    switch (message.type) {
      case 'ping':
        if (this.outage) {
          this.counters.pingsUnanswered++;
          this.opts.log('pingUnanswered', { conn: conn.id, id: message.id });
          return;
        }
        this.counters.pingsAcked++;
        this.send(conn, { type: 'ack', id: message.id, timeMs: this.opts.clock.now() });
        return;
      case 'login':
        if (!this.router.ownedBy(conn.id, message.agent) && this.router.agentsOf(conn.id) >= this.limits.maxAgentsPerConnection) {
          this.badLine(conn, `login ${message.agent}: at most ${this.limits.maxAgentsPerConnection} agents per connection`);
          return;
        }
        this.router.login(conn.id, message.agent, message.role);
        return;
      case 'logoff':
      case 'ready':
      case 'notReady':
      case 'accept':
      case 'reject':
        this.onAgentMessage(conn, message);
        return;
      case 'error':
        this.opts.log('peerError', { conn: conn.id, message: message.message });
        return;
      default:
        this.badLine(conn, `a supervisor does not send ${message.type}`);
    }
  }

  private onAgentMessage(conn: Connection, message: Extract<CmsMessage, { agent: string }>): void {
    if (!this.router.ownedBy(conn.id, message.agent)) {
      this.badLine(conn, `${message.type}: agent ${message.agent} is not logged in on this connection`);
      return;
    }
    switch (message.type) {
      case 'logoff':
        this.router.logoff(message.agent, message.reason);
        return;
      case 'ready':
        this.router.ready(message.agent);
        return;
      case 'notReady':
        this.router.notReady(message.agent, message.reason ?? 'agent');
        return;
      case 'accept':
      case 'reject': {
        const done = message.type === 'accept' ? this.router.accept(message.agent, message.call) : this.router.reject(message.agent, message.call);
        if (!done) this.badLine(conn, `${message.type}: no offer of ${message.call} is ringing for ${message.agent}`);
        return;
      }
      default:
        this.badLine(conn, `a supervisor does not send ${message.type}`);
    }
  }

  private onHello(conn: Connection, message: CmsMessage): void {
    if (message.type !== 'hello') {
      this.refuse(conn, 'the first line must be hello');
      return;
    }
    if (message.v !== CMS_PROTOCOL_VERSION) {
      this.refuse(conn, `protocol version ${message.v} is not supported (this CMS speaks ${CMS_PROTOCOL_VERSION})`);
      return;
    }
    if (this.opts.token !== undefined && !sameToken(message.token, this.opts.token)) {
      this.refuse(conn, 'hello: wrong or missing token');
      return;
    }
    conn.hello = true;
    if (conn.helloTimer !== null) this.opts.clock.cancel(conn.helloTimer);
    conn.helloTimer = null;
    this.send(conn, { type: 'hello', v: CMS_PROTOCOL_VERSION, peer: 'cms' });
  }

  private badLine(conn: Connection, error: string): void {
    conn.badLines++;
    this.opts.log('badMessage', { conn: conn.id, error });
    if (conn.badLines > this.limits.maxBadLines) {
      this.refuse(conn, `more than ${this.limits.maxBadLines} invalid messages`);
      return;
    }
    this.send(conn, { type: 'error', message: error });
  }

  /** Tells the peer why and closes its connection. */
  private refuse(conn: Connection, reason: string): void {
    this.opts.log('connectionClosed', { conn: conn.id, reason });
    if (!conn.socket.destroyed) conn.socket.end(encodeMessage({ type: 'error', message: reason }));
    conn.socket.destroySoon();
    this.forget(conn);
  }

  private sendTo(id: ConnectionId, message: CmsMessage): void {
    const conn = this.connections.get(id);
    if (conn !== undefined) this.send(conn, message);
  }

  private send(conn: Connection, message: CmsMessage): void {
    if (conn.socket.destroyed || !conn.socket.writable) return;
    if (conn.socket.writableLength > this.limits.maxBufferedBytes) {
      this.opts.log('connectionClosed', { conn: conn.id, reason: 'slow reader' });
      this.close(conn);
      return;
    }
    conn.socket.write(encodeMessage(message));
  }

  private close(conn: Connection): void {
    conn.socket.destroy();
    this.forget(conn);
  }

  private onClose(conn: Connection): void {
    if (this.connections.has(conn.id)) this.opts.log('disconnected', { conn: conn.id });
    this.forget(conn);
  }

  /** Drops a connection's state once: its agents are logged off (their ringing calls rerouted). */
  private forget(conn: Connection): void {
    if (!this.connections.delete(conn.id)) return;
    if (conn.helloTimer !== null) this.opts.clock.cancel(conn.helloTimer);
    conn.helloTimer = null;
    this.router.connectionClosed(conn.id);
  }
}

/** Compares in constant time, so the reply time does not tell how much of a guess was right. */
function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
