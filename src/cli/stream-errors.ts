/**
 * Write errors already reported by the command that awaited its write, so the
 * process-wide stdout `error` listener does not print the same failure twice.
 */
const reported = new WeakSet<object>();

export function markReported(err: object): void {
  reported.add(err);
}

export function wasReported(err: object): boolean {
  return reported.has(err);
}
