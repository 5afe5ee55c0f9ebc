import { createServer, type Server, type Socket } from 'node:net';
import type { Clock, TimerId } from '../../engine/ports.js';
import type { WorkstationListenerRuntime } from '../../runtime/workstations.js';
import type { ListenAddress } from './address.js';
import type { LogLine, WorkstationListenerMetrics } from './events.js';
import { DEFAULT_LIMITS, type WorkstationLimits } from './limits.js';
import { encode, LineReader, parseClientMessage, type ErrorCode, type ServerMessage } from './protocol.js';

const TCP_DEVICE = '/dev/tcp';

export interface WorkstationServerOptions {
  /** Where to listen; port 0 picks a free port (read it back with `address()`). */
  listenOn: ListenAddress;
  /** When set, every hello must carry it. */
  token?: string;
  limits?: Partial<WorkstationLimits>;
  metrics?: WorkstationListenerMetrics;
  log?: LogLine;
}

/** What a listener has counted since it started. */
export interface WorkstationListenerStats {
  /** Entries held now (each takes one -x slot). */
  clients: number;
  /** Open sockets. */
  connections: number;
  entriesCleaned: number;
  connectsRefused: number;
  tpesystemFailures: number;
  connectionsDropped: number;
}

type State = 'greeting' | 'entry' | 'cleaned' | 'closing';

interface Connection {
  client: number;
  socket: Socket;
  reader: LineReader;
  state: State;
  /** The hello deadline, then (once cleaned) the linger deadline. */
  timer: TimerId | null;
  nextProbeId: number;
  windowStartMs: number;
  messagesInWindow: number;
}

/**
 * One Tuxedo workstation listener on a real TCP port (SPEC §1). Its keep-alive
 * engine decides everything -K means: which hello gets a slot (maxClients),
 * when the handler probes an idle client, when it cleans the entry, and what
 * a call returns; this class only turns sockets and lines into the engine's
 * events and its decisions into lines.
 */
export class WorkstationListenerServer {
  readonly name: string;
  private readonly server: Server;
  private readonly limits: WorkstationLimits;
  private readonly byClient = new Map<number, Connection>();
  private nextClient = 1;
  private closing = false;
  private lastClients = 0;
  private drained: (() => void) | null = null;
  private readonly counts = { entriesCleaned: 0, connectsRefused: 0, tpesystemFailures: 0, connectionsDropped: 0 };
  /** -K applies at the socket too: TCP keep-alive after the idle time (only over TCP, as the engine says). */
  private readonly socketKeepAlive: boolean;

  constructor(
    private readonly runtime: WorkstationListenerRuntime,
    private readonly clock: Clock,
    private readonly options: WorkstationServerOptions,
  ) {
    this.name = runtime.name;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.socketKeepAlive = runtime.compiled.device === TCP_DEVICE && runtime.compiled.keepAlive !== 'none';
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the address bound (the port read back when 0 was asked). */
  listen(): Promise<ListenAddress> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.options.listenOn.port, this.options.listenOn.host, () => {
        this.server.off('error', onError);
        resolve(this.address() as ListenAddress);
      });
    });
  }

  address(): ListenAddress | null {
    const a = this.server.address();
    return a === null || typeof a === 'string' ? null : { host: a.address, port: a.port };
  }

  stats(): WorkstationListenerStats {
    return { clients: this.runtime.engine.activeEntries, connections: this.byClient.size, ...this.counts };
  }

  /**
   * Stops accepting, says bye to every client, frees their entries (a clean
   * close) and calls `cb` once every socket is gone; sockets still open after
   * `closeTimeoutMs` are destroyed.
   */
  close(cb?: (err?: Error) => void): void {
    this.closing = true;
    let serverClosed = false;
    let error: Error | undefined;
    let called = false;
    // Node calls the server's callback from the last socket's close, before this class has forgotten that socket.
    this.drained = (): void => {
      if (called || !serverClosed || this.byClient.size > 0) return;
      called = true;
      cb?.(error);
    };
    this.server.close((err) => {
      serverClosed = true;
      error = err;
      this.drained?.();
    });
    const deadline = setTimeout(() => {
      for (const c of this.byClient.values()) c.socket.destroy();
    }, this.limits.closeTimeoutMs);
    deadline.unref();
    for (const c of [...this.byClient.values()]) this.end(c, { type: 'bye' });
  }

  // Engine events (wired by the group that built the engine).

  /** The engine's probe port: the handler probes `client`; the answer comes back as a line. */
  sendProbe(client: number): void {
    const c = this.byClient.get(client);
    if (c === undefined || c.state !== 'entry') return;
    this.write(c, { type: 'probe', id: c.nextProbeId++ });
  }

  entryCleaned(client: number): void {
    this.counts.entriesCleaned++;
    this.options.metrics?.entryCleaned?.(this.name);
    this.clientsChanged();
    const c = this.byClient.get(client);
    if (c === undefined || c.state !== 'entry') return;
    // The socket stays a while so a client that is still there learns of the clean-up on its next call.
    c.state = 'cleaned';
    c.timer = this.clock.schedule(this.limits.cleanedLingerMs, () => this.end(c, null));
  }

  connectRefused(): void {
    this.counts.connectsRefused++;
    this.options.metrics?.connectRefused?.(this.name);
  }

  tpesystem(): void {
    this.counts.tpesystemFailures++;
    this.options.metrics?.tpesystem?.(this.name);
  }

  log(message: string): void {
    this.options.log?.(message);
  }

  private accept(socket: Socket): void {
    if (this.closing || this.byClient.size >= this.limits.maxConnections) {
      this.drop(socket, 'tooManyConnections', `listener ${this.name} has ${this.limits.maxConnections} connections open`);
      return;
    }
    const c: Connection = {
      client: this.nextClient++,
      socket,
      reader: new LineReader(this.limits.maxLineBytes),
      state: 'greeting',
      timer: null,
      nextProbeId: 1,
      windowStartMs: this.clock.now(),
      messagesInWindow: 0,
    };
    this.byClient.set(c.client, c);
    if (this.socketKeepAlive) socket.setKeepAlive(true, this.runtime.timing.idleTimeMs);
    c.timer = this.clock.schedule(this.limits.helloTimeoutMs, () => this.fail(c, 'helloTimeout', 'no hello in time'));
    socket.on('data', (chunk: Buffer) => this.receive(c, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => this.closed(c));
  }

  private receive(c: Connection, chunk: Buffer): void {
    if (c.state === 'closing') return;
    const lines = c.reader.push(chunk);
    if (lines === 'too-long') return this.fail(c, 'lineTooLong', `a line is longer than ${this.limits.maxLineBytes} bytes`);
    for (const line of lines) {
      // A line before this one may have ended the connection.
      if ((c.state as State) === 'closing') return;
      if (!this.withinRate(c)) return this.fail(c, 'rate', `more than ${this.limits.maxMessagesPerSecond} messages a second`);
      this.handle(c, line);
    }
  }

  private withinRate(c: Connection): boolean {
    const nowMs = this.clock.now();
    if (nowMs - c.windowStartMs >= 1000) {
      c.windowStartMs = nowMs;
      c.messagesInWindow = 0;
    }
    return ++c.messagesInWindow <= this.limits.maxMessagesPerSecond;
  }

  private handle(c: Connection, line: string): void {
    const message = parseClientMessage(line);
    if (message === null) return this.fail(c, 'protocol', 'not a message of the workstation protocol');
    const engine = this.runtime.engine;
    if (c.state === 'greeting') {
      if (message.type !== 'hello') return this.fail(c, 'protocol', 'say hello first');
      return this.hello(c, message.token);
    }
    if (message.type === 'hello') return this.fail(c, 'protocol', 'hello twice');
    // Every line is traffic: it resets the handler's idle time (ignored once the entry is cleaned).
    engine.activity(c.client);
    switch (message.type) {
      case 'call': {
        const result = engine.call(c.client) === 'ok' ? 'ok' : 'TPESYSTEM';
        return this.write(c, { type: 'reply', id: message.id, result });
      }
      case 'probe':
        return this.write(c, { type: 'probeAck', id: message.id });
      case 'probeAck':
        return;
      case 'bye':
        return this.end(c, null);
    }
  }

  private hello(c: Connection, token: string | undefined): void {
    if (this.options.token !== undefined && token !== this.options.token) return this.fail(c, 'token', 'the hello carries no valid token');
    this.cancelTimer(c);
    const l = this.runtime.compiled;
    if (!this.runtime.engine.connect(c.client)) {
      return this.end(c, { type: 'error', code: 'maxClients', message: `listener ${this.name} holds its ${l.maxClients ?? 0} clients (-x)` });
    }
    c.state = 'entry';
    this.clientsChanged();
    const { idleTimeMs, probeIntervalMs, probeCount } = this.runtime.timing;
    const keepAliveApplied = this.socketKeepAlive;
    const { keepAlive, device } = l;
    this.write(c, { type: 'hello', listener: this.name, client: c.client, keepAlive, device, keepAliveApplied, idleTimeMs, probeIntervalMs, probeCount });
  }

  private fail(c: Connection, code: ErrorCode, message: string): void {
    this.counts.connectionsDropped++;
    this.options.metrics?.connectionDropped?.(this.name, code);
    this.end(c, { type: 'error', code, message }, true);
  }

  /** Ends a connection (after one last line); a client that held an entry frees it as a clean close. */
  private end(c: Connection, last: ServerMessage | null, destroy = false): void {
    if (c.state === 'closing') return;
    const held = c.state === 'entry' || c.state === 'cleaned';
    c.state = 'closing';
    this.cancelTimer(c);
    if (held) {
      this.runtime.engine.close(c.client);
      this.clientsChanged();
    }
    if (last !== null) c.socket.write(encode(last));
    if (destroy) c.socket.destroySoon();
    else c.socket.end();
  }

  private closed(c: Connection): void {
    this.end(c, null);
    this.byClient.delete(c.client);
    this.drained?.();
  }

  private drop(socket: Socket, code: ErrorCode, message: string): void {
    this.counts.connectionsDropped++;
    this.options.metrics?.connectionDropped?.(this.name, code);
    socket.on('error', () => undefined);
    socket.end(encode({ type: 'error', code, message }));
  }

  private write(c: Connection, message: ServerMessage): void {
    if (!c.socket.writable) return;
    c.socket.write(encode(message));
  }

  private cancelTimer(c: Connection): void {
    if (c.timer !== null) this.clock.cancel(c.timer);
    c.timer = null;
  }

  private clientsChanged(): void {
    const count = this.runtime.engine.activeEntries;
    if (count === this.lastClients) return;
    this.lastClients = count;
    this.options.metrics?.clients?.(this.name, count);
  }
}
