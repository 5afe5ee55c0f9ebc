/**
 * Per-agent arrays that grow by doubling: the simulator knows its agents up
 * front (and sizes them once), a supervisor learns them as they log in.
 */

/** The capacity that holds index `index`: `current` doubled until it is larger. */
export function capacityFor(current: number, index: number): number {
  let size = Math.max(1, current);
  while (size <= index) size *= 2;
  return size;
}

export function grownInt32(old: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size).fill(fill, old.length);
  next.set(old);
  return next;
}

export function grownUint8(old: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(size);
  next.set(old);
  return next;
}

/** `old`, or a larger copy (doubled) when it cannot hold `index`; new slots hold `fill`. */
export function withRoom(old: Int32Array<ArrayBuffer>, index: number, fill: number): Int32Array<ArrayBuffer> {
  return index < old.length ? old : grownInt32(old, capacityFor(old.length, index), fill);
}

/** Extends a plain array with `undefined` up to `size` (pushed one by one, so it stays a packed array). */
export function growSlots<T>(slots: (T | undefined)[], size: number): void {
  while (slots.length < size) slots.push(undefined);
}
