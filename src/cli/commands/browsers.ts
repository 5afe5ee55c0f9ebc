import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../engine/ports.js';
import { parseDuration } from '../../config/duration.js';
import { UsageError } from '../../errors.js';
import { Random, subSeed } from '../../sim/world/index.js';
import { BrowserFleet, DEFAULT_RELOGIN_AFTER_MS, agentId, agentSocketUrl, browserCapacity, planRoles, prefixProblem, type BrowserEvent, type CallAnswer } from '../../supervisor/browsers/index.js';
import { openFileLimit } from '../../supervisor/http/fd-limit.js';
import { RealClock } from '../../supervisor/real-clock.js';
import type { CliIo } from '../io.js';
import { drawVictims } from './browsers-faults.js';

/** Options of `hbctl browsers` as commander hands them over (values still strings; the command checks them). */
export interface BrowsersCliOptions {
  /** Repeatable; each value may list several addresses separated by commas. */
  url: string[];
  count: string;
  /** Repeatable `ROLE` or `ROLE:COUNT`. */
  role?: string[];
  prefix?: string;
  crashAfter?: string;
  crashCount?: string;
  freezeAfter?: string;
  freezeFor?: string;
  freezeCount?: string;
  answerCalls?: string;
  reloginAfter?: string;
  spread?: string;
  duration?: string;
  seed?: string;
  tokenEnv?: string;
  quiet?: boolean;
}

/** What the command listens to for SIGTERM/SIGINT; `process` in production. */
export interface SignalSource {
  on(signal: NodeJS.Signals, fn: () => void): unknown;
  off(signal: NodeJS.Signals, fn: () => void): unknown;
}

export const DEFAULT_BROWSER_ROLE = 'IC_AGENT';
const ANSWERS: readonly CallAnswer[] = ['accept', 'reject', 'ignore'];

interface Parsed {
  urls: string[];
  count: number;
  roles: string[];
  prefix: string;
  crashAfterMs: number | null;
  crashCount: number | null;
  freezeAfterMs: number | null;
  freezeForMs: number;
  freezeCount: number | null;
  answerCalls: CallAnswer;
  reloginAfterMs: number | null;
  spreadMs: number | null;
  durationMs: number | null;
  seed: number;
  token: string | null;
  quiet: boolean;
}

export interface BrowsersDeps {
  signals?: SignalSource;
  clock?: Clock & { cancelAll?: () => void };
  /** This process's open-file limit and descriptors in use (Linux /proc by default). */
  fds?: () => { limit: number | null; inUse: number };
}

/**
 * `hbctl browsers`: N simulated agent browsers against one or more
 * supervisors. One JSON line per event on stdout (docs/browsers.md), then a
 * summary line. Runs for `--duration` or until SIGTERM/SIGINT; either way the
 * live browsers say goodbye and the exit code is 0.
 */
export async function browsersCommand(opts: BrowsersCliOptions, io: CliIo, deps: BrowsersDeps = {}): Promise<number> {
  const p = parseOptions(opts, io.env);
  const fds = (deps.fds ?? processFds)();
  const capacity = browserCapacity(fds.limit, fds.inUse);
  if (p.count > capacity) {
    throw new UsageError(
      `--count ${p.count}: this process can run at most ${capacity} browsers (one socket each; open-file limit ${fds.limit ?? 'unlimited'}, ${fds.inUse} in use); lower --count or raise ulimit -n`,
    );
  }
  const clock = deps.clock ?? new RealClock();
  const random = new Random(subSeed(p.seed, 'browsers'));
  const victims = drawVictims(p.count, p, p.seed);
  const emit = p.quiet ? (): void => undefined : (e: BrowserEvent): void => io.stdout.write(`${JSON.stringify(e)}\n`);
  const fleet = new BrowserFleet({
    urls: p.urls,
    browsers: p.roles.map((role, i) => ({ agent: agentId(p.prefix, i), role })),
    clock,
    random: () => random.float(),
    emit,
    answerCalls: p.answerCalls,
    reloginAfterMs: p.reloginAfterMs,
    spreadMs: p.spreadMs,
    crash: p.crashAfterMs === null ? null : { afterMs: p.crashAfterMs, victims: victims.crash },
    freeze: p.freezeAfterMs === null ? null : { afterMs: p.freezeAfterMs, forMs: p.freezeForMs, victims: victims.freeze },
    token: p.token,
    latencyNowMs: () => performance.now(),
  });
  const stop = untilStopped(deps.signals ?? process, clock, p.durationMs);
  fleet.start();
  await stop.promise;
  stop.dispose();
  await fleet.stop();
  io.stdout.write(`${JSON.stringify(fleet.summary())}\n`);
  clock.cancelAll?.();
  return 0;
}

/** Resolves on SIGTERM, SIGINT or after `durationMs`. */
function untilStopped(signals: SignalSource, clock: Clock, durationMs: number | null): { promise: Promise<void>; dispose: () => void } {
  let onSignal = (): void => undefined;
  let timer: number | null = null;
  const promise = new Promise<void>((resolve) => {
    onSignal = resolve;
    if (durationMs !== null) timer = clock.schedule(durationMs, resolve);
  });
  signals.on('SIGTERM', onSignal);
  signals.on('SIGINT', onSignal);
  return {
    promise,
    dispose: () => {
      signals.off('SIGTERM', onSignal);
      signals.off('SIGINT', onSignal);
      if (timer !== null) clock.cancel(timer);
    },
  };
}

function processFds(): { limit: number | null; inUse: number } {
  let inUse = 16;
  try {
    inUse = readdirSync('/proc/self/fd').length;
  } catch {
    // Not Linux: assume a few descriptors are open.
  }
  return { limit: openFileLimit(), inUse };
}

function parseOptions(opts: BrowsersCliOptions, env: Record<string, string | undefined>): Parsed {
  const urls = parseUrls(opts.url);
  const count = whole('--count', opts.count, 1, 1_000_000);
  const prefix = opts.prefix ?? 'agent-';
  const prefixError = prefixProblem(prefix, count);
  if (prefixError !== null) throw new UsageError(prefixError);
  const roles = planRoles(opts.role ?? [], count, DEFAULT_BROWSER_ROLE);
  if (!roles.ok) throw new UsageError(roles.message);
  const faults = parseFaults(opts, count);
  const answer = opts.answerCalls ?? 'accept';
  if (!(ANSWERS as readonly string[]).includes(answer)) throw new UsageError(`--answer-calls ${answer}: write accept, reject or ignore`);
  return {
    urls,
    count,
    roles: roles.roles,
    prefix,
    ...faults,
    answerCalls: answer as CallAnswer,
    reloginAfterMs: opts.reloginAfter === 'never' ? null : duration('--relogin-after', opts.reloginAfter, DEFAULT_RELOGIN_AFTER_MS),
    spreadMs: opts.spread === undefined ? null : duration('--spread', opts.spread, 0),
    durationMs: opts.duration === undefined ? null : duration('--duration', opts.duration, 0, 1),
    seed: whole('--seed', opts.seed ?? '1', 0, 0xffff_ffff),
    token: readToken(opts.tokenEnv, env),
    quiet: opts.quiet === true,
  };
}

function parseUrls(values: readonly string[]): string[] {
  const urls = values.flatMap((v) => v.split(',')).map((u) => u.trim());
  if (urls.length === 0) throw new UsageError('--url: give the supervisor address, e.g. --url http://127.0.0.1:7480');
  if (urls.length > 16) throw new UsageError(`--url: ${urls.length} addresses; at most 16`);
  for (const url of urls) {
    if (agentSocketUrl(url) === null) throw new UsageError(`--url ${url}: write the supervisor's http:// address, e.g. http://127.0.0.1:7480`);
  }
  return urls;
}

type Faults = Pick<Parsed, 'crashAfterMs' | 'crashCount' | 'freezeAfterMs' | 'freezeForMs' | 'freezeCount'>;

function parseFaults(opts: BrowsersCliOptions, count: number): Faults {
  if (opts.crashCount !== undefined && opts.crashAfter === undefined) throw new UsageError('--crash-count needs --crash-after');
  if (opts.freezeCount !== undefined && opts.freezeAfter === undefined) throw new UsageError('--freeze-count needs --freeze-after');
  if ((opts.freezeAfter === undefined) !== (opts.freezeFor === undefined)) throw new UsageError('--freeze-after and --freeze-for go together');
  return {
    crashAfterMs: opts.crashAfter === undefined ? null : duration('--crash-after', opts.crashAfter, 0),
    crashCount: opts.crashCount === undefined ? null : whole('--crash-count', opts.crashCount, 0, count),
    freezeAfterMs: opts.freezeAfter === undefined ? null : duration('--freeze-after', opts.freezeAfter, 0),
    freezeForMs: opts.freezeFor === undefined ? 0 : duration('--freeze-for', opts.freezeFor, 0, 1),
    freezeCount: opts.freezeCount === undefined ? null : whole('--freeze-count', opts.freezeCount, 0, count),
  };
}

function duration(flag: string, raw: string | undefined, fallbackMs: number, minMs = 0): number {
  if (raw === undefined) return fallbackMs;
  const r = parseDuration(raw);
  if (!r.ok) throw new UsageError(`${flag} ${raw}: ${r.message}`);
  if (r.ms < minMs) throw new UsageError(`${flag} ${raw}: must be longer than 0`);
  return r.ms;
}

function whole(flag: string, raw: string, min: number, max: number): number {
  const text = raw.trim();
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} ${raw}: write a whole number from ${min} to ${max}`);
  }
  return Number(text);
}

function readToken(name: string | undefined, env: Record<string, string | undefined>): string | null {
  if (name === undefined) return null;
  const token = env[name];
  if (token === undefined || token.length < 16) {
    throw new UsageError(`--token-env ${name}: the variable must hold the supervisor's token (at least 16 characters)`);
  }
  return token;
}
