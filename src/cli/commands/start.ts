import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { compileLandscape, type CompiledConfig } from '../../config/compiled/index.js';
import { IoError, UsageError } from '../../errors.js';
import { parseHostPort, type HostPort } from '../../supervisor/cms/index.js';
import { readTokenFile } from '../../supervisor/http/index.js';
import { Supervisor, SupervisorStartError } from '../../supervisor/live/index.js';
import { createSupervisorLogger, type LogFormat, type SupervisorLogger } from '../../supervisor/log.js';
import { SupervisorMetrics } from '../../supervisor/metrics.js';
import type { ListenAddress } from '../../supervisor/workstation/index.js';
import { loadCompiledOrYaml } from '../compiled-input.js';
import { checkInput, DEFAULT_PATHS, hasErrors, printFindings } from '../findings.js';
import type { FindingsReport } from '../format/report.js';
import type { CliIo } from '../io.js';
import type { SignalSource } from './cms.js';
import { startCompanions, type Companions } from './start-companions.js';
import { packageVersion } from '../version.js';

export interface StartCliOptions {
  paths: string[];
  compiled?: string;
  listen?: string;
  authTokenFile?: string;
  allowOrigin: string[];
  store?: string;
  cms?: string;
  listener: string[];
  logFormat: LogFormat;
  watch?: boolean;
  withCms?: boolean;
  callsPerSecond?: string;
  browsers?: string;
  browsersRole?: string;
}

/** The longest a stop may take before the process exits anyway (issue: "exit 0 within 5 s"). */
export const STOP_DEADLINE_MS = 5000;
const WATCH_DEBOUNCE_MS = 200;

type Loaded = { ok: true; config: CompiledConfig } | { ok: false; report: FindingsReport };

/**
 * `hbctl start`: compiles the configuration (refusing to start on error
 * findings, exit 1), runs the supervisor until SIGTERM or SIGINT (exit 0),
 * recompiles on SIGHUP or, with --watch, when an input file changes; a
 * configuration with errors is then rejected and the running one stays.
 */
export async function startCommand(opts: StartCliOptions, io: CliIo, signals: SignalSource = process): Promise<number> {
  const listenerAddresses = parseListenerOverrides(opts.listener);
  let cms = opts.cms === undefined ? null : hostPort('--cms', opts.cms);
  const browsers = opts.browsers === undefined ? 0 : count('--browsers', opts.browsers);
  if (opts.compiled !== undefined && opts.paths.length > 0) throw new UsageError('give either --compiled FILE or YAML paths, not both');
  if (opts.withCms === true && cms !== null) throw new UsageError('--with-cms starts its own CMS: drop --cms');
  const authToken = opts.authTokenFile === undefined ? null : token(opts.authTokenFile, io);
  const load = (): Promise<Loaded> => loadConfig(opts, io);
  const first = await load();
  if (!first.ok) {
    await printFindings(io.stderr, io, 'text', first.report);
    io.stderr.write('hbctl: not started: fix the errors above first\n');
    return 1;
  }
  const log = createSupervisorLogger({ format: opts.logFormat, destination: io.stdout === process.stdout ? 1 : streamOf(io) });
  const metrics = new SupervisorMetrics({ version: packageVersion() });
  const companions: Companions = await startCompanions({ withCms: opts.withCms === true, callsPerSecond: opts.callsPerSecond, browsers, io, log });
  if (companions.cms !== null) cms = companions.cms;
  let supervisor: Supervisor;
  try {
    supervisor = await Supervisor.start({
      config: first.config,
      log,
      metrics,
      cms,
      allowedOrigins: opts.allowOrigin,
      authToken,
      ...(opts.listen === undefined ? {} : { listen: opts.listen }),
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(listenerAddresses.size === 0 ? {} : { listenerAddresses }),
    });
  } catch (err) {
    await companions.stop();
    if (err instanceof Error && (err.name === 'SupervisorStartError' || err.name === 'HttpStartRefused' || err.name === 'WorkstationSetupError')) {
      throw new UsageError(err.message);
    }
    throw err;
  }
  log.info({ event: 'started', url: supervisor.url, hash: supervisor.hash, agents: 0 }, `hbctl supervisor on ${supervisor.url}`);
  companions.startBrowsers(supervisor.url, opts.browsersRole ?? Object.keys(first.config.roles).sort()[0] ?? null);

  let reloading = Promise.resolve();
  const reload = (trigger: string): void => {
    reloading = reloading.then(() => reloadOnce(supervisor, load, log, metrics, trigger));
  };
  const onHangup = (): void => reload('SIGHUP');
  signals.on('SIGHUP', onHangup);
  const watcher = opts.watch === true ? watchInputs(opts, io, () => reload('watch'), log) : null;
  await untilStopped(signals);
  signals.off('SIGHUP', onHangup);
  watcher?.close();
  log.info({ event: 'stopping' }, 'stopping: agents are logged off (reason shutdown)');
  // The supervisor first, so the companion browsers hear `shutdown`, not their own goodbye.
  const stopped = await withDeadline(
    reloading.then(() => supervisor.close()).finally(() => companions.stop()),
    STOP_DEADLINE_MS,
  );
  log.info({ event: 'exit', clean: stopped }, stopped ? 'exiting' : `exiting after the ${STOP_DEADLINE_MS} ms deadline`);
  log.flush?.();
  return 0;
}

async function reloadOnce(supervisor: Supervisor, load: () => Promise<Loaded>, log: SupervisorLogger, metrics: SupervisorMetrics, trigger: string): Promise<void> {
  let loaded: Loaded;
  try {
    loaded = await load();
  } catch (err) {
    metrics.configReload('rejected');
    log.error({ event: 'reload-rejected', trigger }, `configuration not reloaded: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (!loaded.ok) {
    metrics.configReload('rejected');
    for (const f of loaded.report.findings) {
      if (f.severity !== 'error') continue;
      log.error({ event: 'reload-finding', rule: f.rule, file: f.file, line: f.line, column: f.column }, f.message);
    }
    log.error({ event: 'reload-rejected', trigger, errors: loaded.report.findings.filter((f) => f.severity === 'error').length }, 'configuration not reloaded: the running one stays');
    return;
  }
  if (loaded.config.hash === supervisor.hash) {
    log.info({ event: 'reload-unchanged', trigger, hash: supervisor.hash }, 'configuration unchanged');
    return;
  }
  const result = supervisor.reload(loaded.config);
  if (!result.applied) {
    metrics.configReload('rejected');
    log.error({ event: 'reload-rejected', trigger }, result.message);
    return;
  }
  metrics.configReload('applied');
  log.info({ event: 'reload-applied', trigger, hash: loaded.config.hash, carried: result.carried, loggedOff: result.loggedOff }, 'configuration reloaded');
}

async function loadConfig(opts: StartCliOptions, io: CliIo): Promise<Loaded> {
  if (opts.compiled !== undefined) {
    const input = await loadCompiledOrYaml(opts.compiled, io);
    return input.ok ? { ok: true, config: input.compiled } : { ok: false, report: input.report };
  }
  const { result, report } = await checkInput(opts.paths, io);
  if (hasErrors(report)) return { ok: false, report };
  return { ok: true, config: compileLandscape(result.landscape) };
}

function watchInputs(opts: StartCliOptions, io: CliIo, changed: () => void, log: SupervisorLogger): { close(): void } {
  const paths = opts.compiled !== undefined ? [opts.compiled] : opts.paths.length > 0 ? opts.paths : [...DEFAULT_PATHS];
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  const debounced = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      changed();
    }, WATCH_DEBOUNCE_MS);
  };
  for (const path of paths) {
    const full = resolve(io.cwd, path);
    try {
      // A file is watched through its directory: an atomic replace (hbctl compile -o, most editors) gives it a new inode.
      if (statSync(full).isDirectory()) watchers.push(watch(full, { recursive: true }, debounced));
      else watchers.push(watch(dirname(full), (_event, name) => name === basename(full) && debounced()));
    } catch (err) {
      log.warn({ event: 'watch-failed', path }, `cannot watch ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    close: () => {
      if (timer !== null) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}

function untilStopped(signals: SignalSource): Promise<void> {
  return new Promise((done) => {
    const stop = (): void => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      done();
    };
    signals.on('SIGTERM', stop);
    signals.on('SIGINT', stop);
  });
}

function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    work.then(
      () => {
        clearTimeout(timer);
        done(true);
      },
      () => {
        clearTimeout(timer);
        done(false);
      },
    );
  });
}

function parseListenerOverrides(specs: readonly string[]): Map<string, Partial<ListenAddress>> {
  const out = new Map<string, Partial<ListenAddress>>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--listener ${spec}: write NAME=HOST:PORT (port 0 picks a free one)`);
    out.set(spec.slice(0, eq), hostPort(`--listener ${spec.slice(0, eq)}`, spec.slice(eq + 1)));
  }
  return out;
}

function hostPort(flag: string, text: string): HostPort {
  const at = parseHostPort(text);
  if (at === null) throw new UsageError(`${flag} ${text}: write HOST:PORT, e.g. 127.0.0.1:7481`);
  return at;
}

function count(flag: string, text: string): number {
  if (!/^[0-9]{1,6}$/.test(text)) throw new UsageError(`${flag} ${text}: write a whole number`);
  return Number(text);
}

function token(path: string, io: CliIo): string {
  try {
    return readTokenFile(resolve(io.cwd, path));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new IoError(`--auth-token-file ${path}: ${message}`, path);
  }
}

function streamOf(io: CliIo): NodeJS.WritableStream {
  return { write: (chunk: string) => (io.stdout.write(chunk), true) } as unknown as NodeJS.WritableStream;
}

export { SupervisorStartError };
