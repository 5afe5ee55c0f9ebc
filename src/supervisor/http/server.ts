import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SupervisorLogger } from '../log.js';
import type { SupervisorMetrics } from '../metrics.js';
import type { AgentEvents, AgentSessions } from './agent-sessions.js';
import { isLoopback, originAllowed, presentedToken, tokenMatches } from './auth.js';
import { AgentConnection } from './connection.js';
import { connectionCap, openFileLimit } from './fd-limit.js';
import { ConnectionRefusalLog } from './connection-refusals.js';
import { SessionHub } from './hub.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
import { DEFAULT_LISTEN, parseListenAddress, urlOf } from './listen-address.js';
import { STATUS_HTML, STATUS_JS } from './pages/status-page.js';
import { TOOLBAR_HTML, TOOLBAR_JS } from './pages/toolbar-page.js';
import { TOOLBAR_WORKER_JS } from './pages/toolbar-worker.js';
import { AGENT_PATH, CLOSE } from './protocol.js';
import { healthText, statusSnapshot, type StatusSnapshot, type StoreStatusView } from './status.js';

export interface HttpServerOptions {
  sessions: AgentSessions;
  metrics: SupervisorMetrics;
  log: SupervisorLogger;
  /** `host:port`; default `127.0.0.1:7480`; port 0 picks a free port. */
  listen?: string;
  /** Required on any non-loopback address: agents and the operator endpoints must then present it. */
  authToken?: string | null;
  /** Origins besides the server's own whose pages may open the agent WebSocket. */
  allowedOrigins?: readonly string[];
  limits?: Partial<ServerLimits>;
  /** The store's state, for `/status.json` and the `/healthz` detail. */
  storeStatus?: () => StoreStatusView;
}

export interface HttpServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Hand these to the runtime's listener: log-offs, CMS status, call offers, keep-alive frames. */
  readonly events: AgentEvents;
  status(): StatusSnapshot;
  /** Graceful stop: draining (healthz 503), sessions logged off with reason `shutdown`, all sockets closed within `closeGraceMs`. */
  close(cb?: () => void): Promise<void>;
}

/** Refusal to start (bad listen address, no token beyond loopback): the CLI reports it as a usage error. */
export class HttpStartRefused extends Error {
  override readonly name = 'HttpStartRefused';
}

const STATIC: ReadonlyMap<string, { type: string; body: string }> = new Map([
  ['/', { type: 'text/html; charset=utf-8', body: TOOLBAR_HTML }],
  ['/toolbar.js', { type: 'text/javascript; charset=utf-8', body: TOOLBAR_JS }],
  ['/toolbar-worker.js', { type: 'text/javascript; charset=utf-8', body: TOOLBAR_WORKER_JS }],
  ['/status', { type: 'text/html; charset=utf-8', body: STATUS_HTML }],
  ['/status.js', { type: 'text/javascript; charset=utf-8', body: STATUS_JS }],
]);

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

const MAX_GOODBYE_BODY_BYTES = 64;

/** Starts the supervisor's HTTP and WebSocket face; resolves once listening (the first log line gives the URL). */
export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const listen = opts.listen ?? DEFAULT_LISTEN;
  const address = parseListenAddress(listen);
  if (address === null) throw new HttpStartRefused(`--listen ${listen}: expected host:port, e.g. 127.0.0.1:7480`);
  const token = opts.authToken ?? null;
  if (!isLoopback(address.host) && token === null) {
    throw new HttpStartRefused(`--listen ${listen} is not a loopback address: give --auth-token-file so agents and operators must present a token`);
  }
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const face = new HttpFace(opts, limits, token);
  await face.listen(address.host, address.port);
  return face;
}

class HttpFace implements HttpServer {
  readonly hub: SessionHub;
  readonly events: AgentEvents;
  url = '';
  port = 0;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly refusals: ConnectionRefusalLog;
  private readonly startedAtMs = Date.now();
  private closing: Promise<void> | null = null;

  constructor(
    private readonly opts: HttpServerOptions,
    private readonly limits: ServerLimits,
    private readonly token: string | null,
  ) {
    this.hub = new SessionHub(opts.sessions, opts.metrics, opts.log);
    this.events = this.hub;
    this.server = createServer({
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
      maxHeaderSize: 16 * 1024,
    });
    this.server.maxConnections = connectionCap(limits.maxHttpConnections, openFileLimit());
    this.refusals = new ConnectionRefusalLog(opts.log, () => this.server.maxConnections);
    this.server.on('drop', () => this.refusals.refused('connection-cap'));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, clientTracking: true });
    this.wss.on('connection', (ws) => new AgentConnection(ws, this.hub, limits, opts.log));
    this.server.on('request', (req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(new HttpStartRefused(`cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
      };
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        // After listening, errors are accept failures (EMFILE/ENFILE): logged, never fatal.
        this.server.on('error', (err: NodeJS.ErrnoException) => this.refusals.refused('accept-failed', err.code));
        const bound = this.server.address();
        this.port = typeof bound === 'object' && bound !== null ? bound.port : port;
        this.url = urlOf(host, this.port);
        const maxConnections = this.server.maxConnections;
        this.opts.log.info({ event: 'listening', url: this.url, auth: this.token !== null, maxConnections }, `listening on ${this.url}`);
        resolve();
      });
    });
  }

  status(): StatusSnapshot {
    const snapshot = statusSnapshot(this.hub, this.wss.clients.size, this.startedAtMs, Date.now());
    const store = this.opts.storeStatus?.();
    return store === undefined ? snapshot : { ...snapshot, store };
  }

  close(cb?: () => void): Promise<void> {
    this.closing ??= this.drain();
    if (cb !== undefined) void this.closing.then(cb);
    return this.closing;
  }

  /**
   * Draining first, closing second: while sessions are logged off and their
   * sockets close, the listener stays open so `/healthz` can say 503 to the
   * load balancer; new agent connections are refused meanwhile.
   */
  private async drain(): Promise<void> {
    const deadline = Date.now() + this.limits.closeGraceMs;
    this.opts.log.info({ event: 'draining' }, 'draining: logging every agent off and closing connections');
    this.hub.shutdown();
    for (const ws of this.wss.clients) ws.close(CLOSE.goingAway, 'server shutting down');
    while (this.wss.clients.size > 0 && Date.now() < deadline) await pause(20);
    for (const ws of this.wss.clients) ws.terminate();
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await Promise.race([serverClosed, pause(Math.max(0, deadline - Date.now()))]);
    this.server.closeAllConnections();
    await serverClosed;
    this.wss.close();
    this.opts.log.info({ event: 'stopped' }, 'stopped');
  }

  private authorized(req: IncomingMessage, url: URL): boolean {
    return this.token === null || tokenMatches(this.token, presentedToken(req, url));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const page = STATIC.get(path);
    if (page !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'method not allowed\n');
      return reply(res, 200, page.type, page.body);
    }
    if (path === '/healthz') {
      const draining = this.closing !== null;
      return reply(res, draining ? 503 : 200, 'text/plain', draining ? 'draining\n' : healthText(this.opts.storeStatus?.()));
    }
    if (path === '/status.json' || path === '/metrics' || path === `${AGENT_PATH}/goodbye`) {
      if (!this.authorized(req, url)) return reply(res, 401, 'text/plain', 'token required\n');
    }
    if (path === '/status.json') return reply(res, 200, 'application/json', `${JSON.stringify(this.status())}\n`);
    if (path === '/metrics') return reply(res, 200, this.opts.metrics.contentType, await this.opts.metrics.text());
    if (path === `${AGENT_PATH}/goodbye`) return this.goodbyeBeacon(req, res);
    if (path === AGENT_PATH) return reply(res, 426, 'text/plain', 'this path speaks WebSocket\n');
    reply(res, 404, 'text/plain', 'not found\n');
  }

  /** The page's goodbye by `navigator.sendBeacon` (body: the session token), sent as the page closes. */
  private goodbyeBeacon(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') return reply(res, 405, 'text/plain', 'method not allowed\n');
    if (!originAllowed(req, this.opts.allowedOrigins ?? [])) return reply(res, 403, 'text/plain', 'origin not allowed\n');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_GOODBYE_BODY_BYTES) {
        reply(res, 413, 'text/plain', 'too large\n');
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_GOODBYE_BODY_BYTES) return;
      const session = this.hub.byTokenOf(Buffer.concat(chunks).toString('utf8').trim());
      if (session === undefined) return reply(res, 404, 'text/plain', 'no such session\n');
      this.hub.goodbye(session);
      reply(res, 204, 'text/plain', '');
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
    };
    if (url.pathname !== AGENT_PATH) return refuse(404, 'Not Found');
    if (!originAllowed(req, this.opts.allowedOrigins ?? [])) {
      this.opts.log.warn({ event: 'bad-origin', origin: req.headers.origin }, 'WebSocket upgrade refused: Origin not allowed');
      return refuse(403, 'Forbidden');
    }
    if (!this.authorized(req, url)) return refuse(401, 'Unauthorized');
    if (this.closing !== null) return refuse(503, 'Service Unavailable');
    if (this.wss.clients.size >= this.limits.maxAgentConnections) return refuse(503, 'Service Unavailable');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
