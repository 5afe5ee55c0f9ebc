import { connect as tcpConnect, type Socket } from 'node:net';
import type { Clock, TimerId } from '../../engine/ports.js';
import type { KeepAliveMode, WorkstationKeepAlive } from '../../engine/workstation-keepalive.js';
import { workstationClientEngine } from '../../runtime/workstations.js';
import { encode, LineReader, parseServerMessage, type HelloReply, type ServerMessage } from './protocol.js';

export interface WorkstationClientOptions {
  host: string;
  port: number;
  callIntervalMs: number;
  /** Calls to make; null: until `stop()`. */
  calls: number | null;
  /** Who probes (this client probes with client/both); null: the listener's -K. */
  keepAlive: KeepAliveMode | null;
  /** From this long after the start the client answers nothing and probes nothing, as if it had vanished; null: never. */
  stopAnsweringAfterMs: number | null;
  token?: string;
  /** How long to wait for the listener's hello or a call's reply. */
  replyTimeoutMs: number;
  clock: Clock;
  emit: (event: WorkstationClientEvent) => void;
}

export type WorkstationClientEvent =
  | { event: 'connected'; listener: string; client: number; keepAlive: KeepAliveMode; probing: boolean }
  | { event: 'refused'; code: string; message: string }
  | { event: 'call'; n: number; result: 'ok' | 'TPESYSTEM' | 'refused'; reason?: string }
  | { event: 'probe'; id: number; answered: boolean }
  | { event: 'probeSent'; id: number }
  | { event: 'probeAck'; id: number }
  | { event: 'stoppedAnswering' }
  | { event: 'disconnected'; reason: string }
  | { event: 'log'; message: string }
  | { event: 'done'; calls: number; ok: number; failed: number };

export interface WorkstationClientSummary {
  calls: number;
  ok: number;
  failed: number;
}

/** The client cannot reach the listener at all (its first connect). */
export class WorkstationConnectError extends Error {
  override name = 'WorkstationConnectError';
}

interface Connection {
  socket: Socket;
  engine: WorkstationKeepAlive | null;
  /** The socket closed under the client: its next call fails with TPESYSTEM, the one after reconnects. */
  lost: boolean;
  nextProbeId: number;
  onMessage: ((m: ServerMessage) => void) | null;
  onClose: (() => void) | null;
}

const SELF = 0;

/**
 * `hbctl workstation-client`: one Tuxedo workstation client. It connects,
 * calls every `callIntervalMs`, answers the handler's probes, and with -K
 * client/both runs its own side of keep-alive (the engine in src/runtime):
 * once its probes go unanswered every call fails with TPESYSTEM. After any
 * TPESYSTEM the client drops the connection and reconnects on its next call.
 */
export class WorkstationClient {
  private conn: Connection | null = null;
  private stopped = false;
  private silent = false;
  private wake: (() => void) | null = null;
  private silenceTimer: TimerId | null = null;
  private lastConnectError = '';
  private readonly summary: WorkstationClientSummary = { calls: 0, ok: 0, failed: 0 };

  constructor(private readonly o: WorkstationClientOptions) {}

  /** Runs until the calls are made or `stop()`; rejects only when the first connect cannot reach the listener. */
  async run(): Promise<WorkstationClientSummary> {
    if (this.o.stopAnsweringAfterMs !== null) {
      this.silenceTimer = this.o.clock.schedule(this.o.stopAnsweringAfterMs, () => {
        this.silent = true;
        this.o.emit({ event: 'stoppedAnswering' });
      });
    }
    const first = await this.connect();
    if (first === 'unreachable') {
      if (this.silenceTimer !== null) this.o.clock.cancel(this.silenceTimer);
      throw new WorkstationConnectError(`cannot connect to ${this.o.host}:${this.o.port} (${this.lastConnectError})`);
    }
    for (let n = 1; !this.stopped && (this.o.calls === null || n <= this.o.calls); n++) {
      await this.sleep(this.o.callIntervalMs);
      if (this.stopped) break;
      await this.call(n);
    }
    this.disconnect(true);
    if (this.silenceTimer !== null) this.o.clock.cancel(this.silenceTimer);
    this.o.emit({ event: 'done', ...this.summary });
    return this.summary;
  }

  /** Ends the run after the call in progress (a clean bye). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async call(n: number): Promise<void> {
    this.summary.calls++;
    const result = await this.attempt(n);
    if (result.result === 'ok') this.summary.ok++;
    else this.summary.failed++;
    this.o.emit({ event: 'call', n, ...result });
  }

  private async attempt(n: number): Promise<{ result: 'ok' | 'TPESYSTEM' | 'refused'; reason?: string }> {
    if (this.conn === null) {
      const connected = await this.connect();
      if (connected === 'unreachable') return { result: 'TPESYSTEM', reason: `cannot connect (${this.lastConnectError})` };
      if (connected === 'refused') return { result: 'refused' };
    }
    const c = this.conn as Connection;
    if (c.lost) return this.failed('connection lost');
    if (c.engine?.call(SELF) !== 'ok') return this.failed('probes unanswered: the network is considered down');
    const reply = await this.request(c, { type: 'call', id: n }, (m) => m.type === 'reply' && m.id === n);
    if (reply === null) return this.failed('no reply');
    if (reply.type === 'reply' && reply.result === 'ok') return { result: 'ok' };
    return this.failed('the listener answered TPESYSTEM');
  }

  /** A TPESYSTEM: the connection is given up; the next call connects again. */
  private failed(reason: string): { result: 'TPESYSTEM'; reason: string } {
    this.disconnect(false);
    return { result: 'TPESYSTEM', reason };
  }

  private async connect(): Promise<'connected' | 'refused' | 'unreachable'> {
    const socket = await this.open();
    if (socket === null) return 'unreachable';
    const c: Connection = { socket, engine: null, lost: false, nextProbeId: 1, onMessage: null, onClose: null };
    this.conn = c;
    this.listen(c);
    const hello = await this.request(c, { type: 'hello', ...(this.o.token !== undefined ? { token: this.o.token } : {}) }, (m) => m.type === 'hello' || m.type === 'error');
    if (hello === null || hello.type !== 'hello') {
      const refusal = hello?.type === 'error' ? { code: hello.code, message: hello.message } : { code: 'noHello', message: 'the listener did not say hello' };
      this.o.emit({ event: 'refused', ...refusal });
      this.disconnect(false);
      return 'refused';
    }
    c.engine = this.engineFor(c, hello);
    c.engine.connect(SELF);
    const keepAlive = this.o.keepAlive ?? hello.keepAlive;
    const probing = hello.keepAliveApplied && (keepAlive === 'client' || keepAlive === 'both');
    this.o.emit({ event: 'connected', listener: hello.listener, client: hello.client, keepAlive, probing });
    return 'connected';
  }

  private engineFor(c: Connection, hello: HelloReply): WorkstationKeepAlive {
    const view = { name: hello.listener, keepAlive: this.o.keepAlive ?? hello.keepAlive, device: hello.device };
    const timing = { idleTimeMs: hello.idleTimeMs, probeIntervalMs: hello.probeIntervalMs, probeCount: hello.probeCount };
    const events = {
      entryCleaned: () => undefined,
      connectRefused: () => undefined,
      tpesystem: () => undefined,
      log: (message: string) => this.o.emit({ event: 'log', message }),
    };
    return workstationClientEngine(this.o.clock, view, timing, events, () => {
      if (this.silent || c.lost) return;
      const id = c.nextProbeId++;
      this.send(c, { type: 'probe', id });
      this.o.emit({ event: 'probeSent', id });
    });
  }

  private open(): Promise<Socket | null> {
    return new Promise((resolve) => {
      const socket = tcpConnect({ host: this.o.host, port: this.o.port, noDelay: true });
      const failed = (err: NodeJS.ErrnoException): void => {
        this.lastConnectError = err.code ?? err.message;
        resolve(null);
      };
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.off('error', failed);
        socket.on('error', () => undefined);
        resolve(socket);
      });
    });
  }

  private listen(c: Connection): void {
    const reader = new LineReader();
    c.socket.on('data', (chunk: Buffer) => {
      const lines = reader.push(chunk);
      if (lines === 'too-long') return c.socket.destroy();
      for (const line of lines) {
        const m = parseServerMessage(line);
        if (m !== null) this.receive(c, m);
      }
    });
    c.socket.on('close', () => {
      if (this.conn !== c || c.lost) return;
      c.lost = true;
      c.engine?.close(SELF);
      this.o.emit({ event: 'disconnected', reason: 'the listener closed the connection' });
      c.onClose?.();
    });
  }

  private receive(c: Connection, m: ServerMessage): void {
    // Whatever the listener sends is traffic: it resets this side's idle time.
    c.engine?.activity(SELF);
    if (m.type === 'probe') {
      this.o.emit({ event: 'probe', id: m.id, answered: !this.silent });
      if (!this.silent) this.send(c, { type: 'probeAck', id: m.id });
    } else if (m.type === 'probeAck') {
      this.o.emit({ event: 'probeAck', id: m.id });
    }
    c.onMessage?.(m);
  }

  /** Sends `message` and waits for the first line `matches` accepts; null on timeout or a closed connection. */
  private request(c: Connection, message: Parameters<typeof encode>[0], matches: (m: ServerMessage) => boolean): Promise<ServerMessage | null> {
    return new Promise((resolve) => {
      const finish = (m: ServerMessage | null): void => {
        this.o.clock.cancel(timer);
        c.onMessage = null;
        c.onClose = null;
        resolve(m);
      };
      const timer = this.o.clock.schedule(this.o.replyTimeoutMs, () => finish(null));
      c.onMessage = (m) => {
        if (matches(m)) finish(m);
      };
      c.onClose = () => finish(null);
      if (c.lost) return finish(null);
      this.send(c, message);
    });
  }

  private send(c: Connection, message: Parameters<typeof encode>[0]): void {
    if (c.socket.writable) c.socket.write(encode(message));
  }

  private disconnect(clean: boolean): void {
    const c = this.conn;
    if (c === null) return;
    this.conn = null;
    c.lost = true;
    c.engine?.close(SELF);
    if (clean) c.socket.end(encode({ type: 'bye' }));
    else c.socket.destroy();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.o.clock.schedule(ms, () => {
        this.wake = null;
        resolve();
      });
      this.wake = () => {
        this.o.clock.cancel(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
