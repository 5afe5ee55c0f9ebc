import { readFileSync } from 'node:fs';

/** File descriptors kept free of client connections: logs, the CMS and Redis links, listeners, DNS. */
export const FD_RESERVE_MIN = 32;

/** The soft open-file limit of this process (Linux `/proc/self/limits`), or null where unknown or unlimited. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    const n = Number(soft);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/**
 * The most client connections the server accepts: the configured maximum,
 * lowered so that connections never take the descriptors the process needs
 * for itself. Past it Node closes new connections at once (`drop`), which
 * keeps every open session working instead of failing at random places.
 */
export function connectionCap(configured: number, fdLimit: number | null): number {
  if (fdLimit === null) return configured;
  const reserve = Math.max(FD_RESERVE_MIN, Math.ceil(fdLimit / 10));
  return Math.max(1, Math.min(configured, fdLimit - reserve));
}
