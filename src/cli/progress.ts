import type { OutStream } from './io.js';
import { formatCount, humanDuration } from '../sim/report/index.js';

export interface Progress {
  /** Simulated time reached so far. */
  update(doneMs: number): void;
  /** Clears the bar (if one was drawn); later updates draw nothing. */
  done(): void;
}

export interface ProgressOptions {
  /** Wall clock in ms; `performance.now` unless a test injects one. */
  now?: () => number;
}

/** Short runs finish before a bar would help, so nothing is drawn during the first second. */
const SHOW_AFTER_MS = 1000;
/** At most ten redraws a second: more only costs time in the terminal. */
const REDRAW_EVERY_MS = 100;

/**
 * A one-line progress bar for long simulations, redrawn in place with `\r`:
 * percentage, simulated time of total, and simulated seconds per wall second.
 * Silent unless `stream` is a TTY, so pipes and CI logs stay clean.
 */
export function createProgress(stream: OutStream, totalMs: number, opts: ProgressOptions = {}): Progress {
  const now = opts.now ?? (() => performance.now());
  const tty = stream.isTTY === true;
  const startedMs = tty ? now() : 0;
  let lastDrawMs: number | undefined;
  let drawnLength = 0;
  let finished = false;

  return {
    update(doneMs) {
      if (!tty || finished) return;
      const wallMs = now();
      const elapsedMs = wallMs - startedMs;
      if (elapsedMs <= SHOW_AFTER_MS) return;
      if (lastDrawMs !== undefined && wallMs - lastDrawMs < REDRAW_EVERY_MS) return;
      lastDrawMs = wallMs;
      // A pseudo-terminal whose size was never set reports 0 columns: treat it as unknown.
      const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
      const line = progressLine(doneMs, totalMs, elapsedMs, columns);
      // Padding overwrites the rest of a longer previous line without terminal escape codes.
      stream.write('\r' + line.padEnd(drawnLength));
      drawnLength = Math.max(drawnLength, line.length);
    },
    done() {
      if (finished) return;
      finished = true;
      if (drawnLength > 0) stream.write('\r' + ' '.repeat(drawnLength) + '\r');
    },
  };
}

/** The bar's text, fitted to `columns` (the bar shrinks first, and is dropped on very narrow terminals). */
export function progressLine(doneMs: number, totalMs: number, elapsedMs: number, columns: number): string {
  const clampedMs = Math.min(Math.max(doneMs, 0), Math.max(totalMs, 0));
  const fraction = totalMs > 0 ? clampedMs / totalMs : 1;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const rate = elapsedMs > 0 ? Math.round(clampedMs / elapsedMs) : 0;
  const info = `${percent}  ${humanDuration(clampedMs)} / ${humanDuration(totalMs)} simulated  ${formatCount(rate)} sim-s/s`;
  // One column is kept free: writing into the last column makes some terminals wrap.
  const barWidth = Math.min(30, columns - 1 - info.length - 3);
  if (barWidth < 5) return info.slice(0, Math.max(0, columns - 1));
  const filled = Math.round(fraction * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${info}`;
}
