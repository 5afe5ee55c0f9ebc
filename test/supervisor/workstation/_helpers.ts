import { connect, type Socket } from 'node:net';
import { compiledListener } from '../../helpers/compiled-listener.js';
import type { CompiledConfig, CompiledListener } from '../../../src/config/compiled/types.js';
import { WorkstationListeners, type WorkstationListenersOptions } from '../../../src/supervisor/workstation/index.js';

/** Time-compressed keep-alive: probed 200 ms after the last traffic, then every 100 ms; dead after 2 misses (400 ms). */
export const TIMING = { idleTimeMs: 200, probeIntervalMs: 100, probeCount: 2 };
export const DEAD_AFTER_MS = TIMING.idleTimeMs + TIMING.probeCount * TIMING.probeIntervalMs;
/** Timers on a loaded machine run late; a rule measured on real time gets this much slack. */
export const SLACK_MS = 250;

export const listener = compiledListener;

export function config(listeners: CompiledListener[]): Pick<CompiledConfig, 'listeners' | 'keepAlive'> {
  return { listeners: Object.fromEntries(listeners.map((l) => [l.name, l])), keepAlive: { ...TIMING, origin: 'settings' } };
}

/** Starts the listeners of `listeners` on free loopback ports, recording metrics and log lines. */
export async function start(listeners: CompiledListener[], options: Omit<WorkstationListenersOptions, 'listenOn'> = {}) {
  const events: string[] = [];
  const logs: string[] = [];
  const group = await WorkstationListeners.start(config(listeners), {
    listenOn: new Map(listeners.map((l) => [l.name, { port: 0 }])),
    metrics: {
      entriesCleaned: (name) => events.push(`${name} cleaned @${Date.now()}`),
      clients: (name, count) => events.push(`${name} clients ${count}`),
      connectsRefused: (name) => events.push(`${name} refused`),
      tpesystemFailures: (name) => events.push(`${name} TPESYSTEM`),
      connectionsDropped: (name, code) => events.push(`${name} dropped ${code}`),
    },
    log: (line) => logs.push(line),
    ...options,
  });
  const portOf = (name: string): number => group.get(name)?.address()?.port as number;
  return { group, events, logs, portOf };
}

export type Line = Record<string, unknown>;

/** A raw protocol client: sends objects as lines and waits for the lines the listener sends. */
export class RawClient {
  readonly lines: Line[] = [];
  closed = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl !== -1; nl = this.buffer.indexOf('\n')) {
        this.lines.push(JSON.parse(this.buffer.slice(0, nl)) as Line);
        this.buffer = this.buffer.slice(nl + 1);
      }
      this.notify();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Connects and says hello; resolves with the listener's first answer. */
  static async hello(port: number, extra: Line = {}): Promise<{ client: RawClient; answer: Line }> {
    const client = await RawClient.open(port);
    client.send({ type: 'hello', ...extra });
    const answer = await client.next((l) => l['type'] === 'hello' || l['type'] === 'error');
    return { client, answer };
  }

  send(message: Line | string): void {
    this.socket.write(typeof message === 'string' ? message : `${JSON.stringify(message)}\n`);
  }

  /** The first line (received so far or later) that `matches`, removed from `lines`. */
  next(matches: (l: Line) => boolean, timeoutMs = 3000): Promise<Line> {
    return this.until(() => this.lines.findIndex(matches) !== -1, timeoutMs).then(() => {
      const i = this.lines.findIndex(matches);
      return this.lines.splice(i, 1)[0] as Line;
    });
  }

  waitClosed(timeoutMs = 3000): Promise<void> {
    return this.until(() => this.closed, timeoutMs);
  }

  async call(id: number): Promise<unknown> {
    this.send({ type: 'call', id });
    const reply = await this.next((l) => l['type'] === 'reply' && l['id'] === id);
    return reply['result'];
  }

  /** Answers every probe of the handler from now on. */
  answerProbes(): void {
    const answer = (): void => {
      for (let i = this.lines.findIndex((l) => l['type'] === 'probe'); i !== -1; i = this.lines.findIndex((l) => l['type'] === 'probe')) {
        const [probe] = this.lines.splice(i, 1);
        this.send({ type: 'probeAck', id: probe?.['id'] });
      }
    };
    this.socket.on('data', answer);
    answer();
  }

  close(): void {
    this.socket.destroy();
  }

  private until(done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; lines: ${JSON.stringify(this.lines)}`)), timeoutMs);
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
      check();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
