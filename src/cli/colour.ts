import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import type { OutStream } from './io.js';

/**
 * Colour level for one output stream. `NO_COLOR` (any non-empty value) wins,
 * because it is the user's explicit request; then `FORCE_COLOR` (0/false off,
 * 1/true/empty basic, 2 = 256 colours, 3 = truecolor); otherwise colour only on
 * a TTY whose `TERM` is not `dumb`.
 */
export function colourLevel(stream: OutStream, env: Record<string, string | undefined>): ColorSupportLevel {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 0;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return forcedLevel(force);
  if (stream.isTTY !== true || env['TERM'] === 'dumb') return 0;
  if (env['COLORTERM'] === 'truecolor' || env['COLORTERM'] === '24bit') return 3;
  if (/256/.test(env['TERM'] ?? '')) return 2;
  return 1;
}

function forcedLevel(force: string): ColorSupportLevel {
  if (force === '0' || force === 'false') return 0;
  if (force === '2') return 2;
  if (force === '3') return 3;
  return 1;
}

/** A private chalk instance for `stream`: the global one would read `process` instead of the injected io. */
export function chalkFor(stream: OutStream, env: Record<string, string | undefined>): ChalkInstance {
  return new Chalk({ level: colourLevel(stream, env) });
}
