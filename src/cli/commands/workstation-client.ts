import { parseDuration } from '../../config/duration.js';
import type { KeepAliveMode } from '../../engine/workstation-keepalive.js';
import { IoError, UsageError } from '../../errors.js';
import { RealClock } from '../../supervisor/real-clock.js';
import { WorkstationClient, WorkstationConnectError, type WorkstationClientEvent } from '../../supervisor/workstation/index.js';
import { escapeControls } from '../format/escape.js';
import type { CliIo } from '../io.js';

export interface WorkstationClientCliOptions {
  connect: string;
  callInterval?: string;
  keepAlive?: KeepAliveMode;
  calls?: string;
  stopAnsweringAfter?: string;
  token?: string;
  format: 'text' | 'json';
}

/** Ends the run early (SIGINT, SIGTERM); the command passes a function that subscribes and returns its unsubscribe. */
export type OnStopSignal = (stop: () => void) => () => void;

const DEFAULT_CALL_INTERVAL_MS = 10_000;
const REPLY_TIMEOUT_MS = 5_000;

/**
 * `hbctl workstation-client`: one line per event on stdout. Exit 0 when every
 * call succeeded, 1 when a call failed (TPESYSTEM or refused), 2 on a usage
 * error or when the listener cannot be reached at all.
 */
export async function workstationClient(opts: WorkstationClientCliOptions, io: CliIo, onStop: OnStopSignal = processSignals): Promise<number> {
  const { host, port } = hostPort(opts.connect);
  const callIntervalMs = duration('--call-interval', opts.callInterval) ?? DEFAULT_CALL_INTERVAL_MS;
  if (callIntervalMs === 0) throw new UsageError('--call-interval must be longer than 0');
  const stopAnsweringAfterMs = duration('--stop-answering-after', opts.stopAnsweringAfter);
  const calls = opts.calls === undefined ? null : count(opts.calls);
  const clock = new RealClock();
  const print = (e: WorkstationClientEvent): void => io.stdout.write(`${opts.format === 'json' ? JSON.stringify(e) : eventText(e)}\n`);
  const client = new WorkstationClient({
    host,
    port,
    callIntervalMs,
    calls,
    keepAlive: opts.keepAlive ?? null,
    stopAnsweringAfterMs,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    clock,
    emit: print,
  });
  const unsubscribe = onStop(() => client.stop());
  try {
    const summary = await client.run();
    return summary.failed > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof WorkstationConnectError) throw new IoError(err.message);
    throw err;
  } finally {
    unsubscribe();
    clock.cancelAll();
  }
}

function processSignals(stop: () => void): () => void {
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

function hostPort(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (m === null || port < 1 || port > 65_535) throw new UsageError(`--connect wants HOST:PORT (port 1-65535), e.g. 127.0.0.1:5120; got "${text}"`);
  return { host: (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port };
}

function duration(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const d = parseDuration(text);
  if (!d.ok) throw new UsageError(`${flag}: ${d.message}`);
  return d.ms;
}

function count(text: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new UsageError(`--calls wants a whole number ≥ 1; got "${text}"`);
  return Number(text);
}

function eventText(e: WorkstationClientEvent): string {
  switch (e.event) {
    case 'connected':
      return `connected listener=${escapeControls(e.listener)} client=${e.client} keepAlive=${e.keepAlive} probing=${e.probing ? 'yes' : 'no'}`;
    case 'refused':
      return `refused ${escapeControls(e.code)}: ${escapeControls(e.message)}`;
    case 'call':
      return `call ${e.n} ${e.result}${e.reason === undefined ? '' : ` (${e.reason})`}`;
    case 'probe':
      return `probe ${e.id} ${e.answered ? 'answered' : 'not answered'}`;
    case 'probeSent':
      return `probe sent ${e.id}`;
    case 'probeAck':
      return `probe acknowledged ${e.id}`;
    case 'stoppedAnswering':
      return 'stopped answering (as if vanished)';
    case 'disconnected':
      return `disconnected (${e.reason})`;
    case 'log':
      return `log ${escapeControls(e.message)}`;
    case 'done':
      return `done calls=${e.calls} ok=${e.ok} failed=${e.failed}`;
  }
}
