/** Simulated browsers per process at most, whatever the open-file limit says. */
export const MAX_BROWSERS = 20_000;
/** Descriptors kept free besides the browsers' sockets: standard streams, DNS, the event loop's own. */
export const FD_RESERVE = 32;

/**
 * How many browsers this process can run: one socket each, within the
 * open-file limit minus the descriptors already in use and a reserve, and
 * never more than `MAX_BROWSERS`. `fdLimit` null: unknown or unlimited.
 */
export function browserCapacity(fdLimit: number | null, fdsInUse: number): number {
  if (fdLimit === null) return MAX_BROWSERS;
  return Math.max(0, Math.min(MAX_BROWSERS, fdLimit - fdsInUse - FD_RESERVE));
}
