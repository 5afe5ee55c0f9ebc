import { pino } from 'pino';
import { parseDuration } from '../../config/duration.js';
import { UsageError } from '../../errors.js';
import { parseHostPort } from '../../supervisor/cms/endpoints.js';
import { CmsServer } from '../../supervisor/cms-server/server.js';
import { seededRandom } from '../../supervisor/cms-server/random.js';
import { RealClock } from '../../supervisor/real-clock.js';
import type { CliIo } from '../io.js';

export interface CmsCliOptions {
  listen: string;
  callsPerSecond?: string;
  handleTime?: string;
  ringTimeout?: string;
  outageAt?: string;
  outageFor?: string;
  seed?: string;
  maxConnections?: string;
  tokenEnv?: string;
}

/** What the command listens to for SIGUSR1 (outage toggle) and SIGTERM/SIGINT (stop); `process` in production. */
export interface SignalSource {
  on(signal: NodeJS.Signals, fn: () => void): unknown;
  off(signal: NodeJS.Signals, fn: () => void): unknown;
}

export const DEFAULT_CMS_LISTEN = '127.0.0.1:7481';

interface Parsed {
  host: string;
  port: number;
  callsPerSecond: number;
  handleTimeMs: number;
  ringTimeoutMs: number;
  outageAtMs: number | undefined;
  outageForMs: number | undefined;
  seed: number;
  maxConnections: number;
  token: string | undefined;
}

/**
 * `hbctl cms`: the built-in CMS. The first stdout line says where it
 * listens; every later line is one JSON event (pino). Runs until SIGTERM or
 * SIGINT (exit 0); SIGUSR1 starts or ends an outage.
 */
export async function cmsCommand(opts: CmsCliOptions, io: CliIo, signals: SignalSource = process): Promise<number> {
  const p = parseOptions(opts, io.env);
  const clock = new RealClock();
  const logger = pino(
    { base: null, messageKey: 'event', formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => io.stdout.write(line) },
  );
  const server = new CmsServer({
    host: p.host,
    port: p.port,
    clock,
    callsPerSecond: p.callsPerSecond,
    handleTimeMs: p.handleTimeMs,
    ringTimeoutMs: p.ringTimeoutMs,
    random: seededRandom(p.seed),
    log: (event, fields) => logger.info(fields, event),
    limits: { maxConnections: p.maxConnections },
    ...(p.token === undefined ? {} : { token: p.token }),
  });
  let bound: { host: string; port: number };
  try {
    bound = await server.start();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--listen ${opts.listen}: cannot listen (${code})`);
  }
  // Listening before the address is announced: a signal sent as soon as the line is read is handled.
  const stopped = untilStopSignal(signals, () => server.toggleOutage());
  io.stdout.write(`hbctl cms listening on ${formatAddress(bound.host, bound.port)}\n`);
  logger.info({ host: bound.host, port: bound.port, callsPerSecond: p.callsPerSecond, handleTimeMs: p.handleTimeMs, ringTimeoutMs: p.ringTimeoutMs, seed: p.seed }, 'started');
  if (p.outageAtMs !== undefined) {
    clock.schedule(p.outageAtMs, () => {
      server.setOutage(true);
      if (p.outageForMs !== undefined) clock.schedule(p.outageForMs, () => server.setOutage(false));
    });
  }
  await stopped;
  clock.cancelAll();
  await server.stop();
  logger.info({ ...server.router.stats, ...server.counters }, 'stopped');
  return 0;
}

/** Resolves on SIGTERM or SIGINT; SIGUSR1 meanwhile calls `toggle`. */
function untilStopSignal(signals: SignalSource, toggle: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      signals.off('SIGUSR1', toggle);
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      resolve();
    };
    signals.on('SIGUSR1', toggle);
    signals.on('SIGTERM', stop);
    signals.on('SIGINT', stop);
  });
}

function parseOptions(opts: CmsCliOptions, env: Record<string, string | undefined>): Parsed {
  const at = parseHostPort(opts.listen);
  if (at === null) throw new UsageError(`--listen ${opts.listen}: write HOST:PORT, e.g. ${DEFAULT_CMS_LISTEN} (port 0 picks a free port)`);
  const token = readToken(opts.tokenEnv, env);
  if (!isLoopback(at.host) && token === undefined) {
    throw new UsageError(`--listen ${opts.listen} is beyond loopback: name an environment variable holding a token with --token-env`);
  }
  if (opts.outageFor !== undefined && opts.outageAt === undefined) throw new UsageError('--outage-for needs --outage-at');
  return {
    host: at.host,
    port: at.port,
    callsPerSecond: parseRate(opts.callsPerSecond ?? '0'),
    handleTimeMs: duration('--handle-time', opts.handleTime ?? '30s'),
    ringTimeoutMs: duration('--ring-timeout', opts.ringTimeout ?? '20s', 1),
    outageAtMs: opts.outageAt === undefined ? undefined : duration('--outage-at', opts.outageAt),
    outageForMs: opts.outageFor === undefined ? undefined : duration('--outage-for', opts.outageFor, 1),
    seed: parseWhole('--seed', opts.seed ?? '1', 0xffff_ffff),
    maxConnections: parseWhole('--max-connections', opts.maxConnections ?? '64', 10_000, 1),
    token,
  };
}

function readToken(name: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (name === undefined) return undefined;
  const token = env[name];
  if (token === undefined || token.length < 16) {
    throw new UsageError(`--token-env ${name}: the variable must hold a token of at least 16 characters`);
  }
  return token;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function duration(flag: string, raw: string, minMs = 0): number {
  const r = parseDuration(raw);
  if (!r.ok) throw new UsageError(`${flag} ${raw}: ${r.message}`);
  if (r.ms < minMs) throw new UsageError(`${flag} ${raw}: must be longer than 0`);
  return r.ms;
}

function parseRate(raw: string): number {
  const text = raw.trim();
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n > 1_000) {
    throw new UsageError(`--calls-per-second ${raw}: write a number from 0 to 1000, e.g. 2 or 0.5`);
  }
  return n;
}

function parseWhole(flag: string, raw: string, max: number, min = 0): number {
  const text = raw.trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) > max || Number(text) < min) {
    throw new UsageError(`${flag} ${raw}: write a whole number from ${min} to ${max}`);
  }
  return Number(text);
}
