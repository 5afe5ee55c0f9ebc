import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export interface SupervisorLogOptions {
  format?: LogFormat;
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Where lines go: a file descriptor (default 1, stdout) or a writable stream (tests). */
  destination?: number | NodeJS.WritableStream;
  /** Colours in the pretty format; defaults to whether the destination is a terminal. */
  colorize?: boolean;
}

export type SupervisorLogger = Logger;

/**
 * The supervisor's logger: one JSON line per event, with the event's fields
 * (`event`, `agent`, `role`, `reason`, `cms`) at the top level so log tools
 * filter on them. `pretty` is for a terminal. Lines are written synchronously
 * (no worker thread): a crash or an fd shortage loses no line already logged.
 */
export function createSupervisorLogger(opts: SupervisorLogOptions = {}): SupervisorLogger {
  const level = opts.level ?? 'info';
  const destination = opts.destination ?? 1;
  const base = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (opts.format === 'pretty') {
    const fd = typeof destination === 'number' ? destination : undefined;
    const stream = pinoPretty({
      sync: true,
      colorize: opts.colorize ?? (fd !== undefined && process.stdout.isTTY === true && fd === 1),
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      destination: typeof destination === 'number' ? destination : (destination as NodeJS.WritableStream),
    });
    return pino(base, stream);
  }
  if (typeof destination === 'number') return pino(base, pino.destination({ fd: destination, sync: true }));
  return pino(base, destination);
}
