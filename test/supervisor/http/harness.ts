import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { createSupervisorLogger } from '../../../src/supervisor/log.js';
import { SupervisorMetrics } from '../../../src/supervisor/metrics.js';
import { startHttpServer, type HttpServer, type HttpServerOptions, type ServerMessage } from '../../../src/supervisor/http/index.js';
import { FakeSessions, ROLES, type FakeRole } from './fake-sessions.js';

export interface Harness {
  server: HttpServer;
  sessions: FakeSessions;
  metrics: SupervisorMetrics;
  logLines: () => Record<string, unknown>[];
  wsUrl: string;
  stop: () => Promise<void>;
}

export async function startHarness(
  extra: Partial<HttpServerOptions> = {},
  roles: ReadonlyMap<string, FakeRole> = ROLES,
): Promise<Harness> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      cb();
    },
  });
  const sessions = new FakeSessions(roles);
  const metrics = new SupervisorMetrics({ version: '0.0.0-test', processMetrics: true });
  const log = createSupervisorLogger({ destination: sink });
  const server = await startHttpServer({ sessions, metrics, log, listen: '127.0.0.1:0', ...extra });
  sessions.events = server.events;
  return {
    server,
    sessions,
    metrics,
    logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    wsUrl: `${server.url.replace('http:', 'ws:')}/agent`,
    stop: async () => {
      await server.close();
      sessions.stop();
    },
  };
}

/** A WebSocket client that queues what it receives, for `await next('ack')`. */
export class AgentClient {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  private waiters: { type: string; resolve: (m: ServerMessage) => void }[] = [];

  constructor(url: string, opts: WebSocket.ClientOptions = {}) {
    const ws = new WebSocket(url, opts);
    this.ws = ws;
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      this.received.push(m);
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
    });
  }

  readonly ws: WebSocket;

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of this type not yet awaited (already received ones count), or a timeout. */
  next<T extends ServerMessage['type']>(type: T, timeoutMs = 3000): Promise<Extract<ServerMessage, { type: T }>> {
    const taken = this.taken.get(type) ?? 0;
    const already = this.received.filter((m) => m.type === type);
    this.taken.set(type, taken + 1);
    if (already.length > taken) return Promise.resolve(already[taken] as Extract<ServerMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs}ms; got ${JSON.stringify(this.received)}`)), timeoutMs);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  private readonly taken = new Map<string, number>();

  async login(agent: string, role: string): Promise<Extract<ServerMessage, { type: 'welcome' }>> {
    await this.opened;
    this.send({ type: 'hello', version: 1, agent, role });
    return this.next('welcome');
  }

  close(): void {
    this.ws.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
