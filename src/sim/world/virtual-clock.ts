import type { Clock, TimerId } from '../../engine/ports.js';

/**
 * A discrete-event scheduler: the simulator's `Clock`. Time only moves when
 * the caller drives it (`runUntil`, `tick`, `next`, `runAll`). Timers are
 * totally ordered by due time, then by scheduling order, so a run is
 * reproducible whatever the callbacks do.
 *
 * The simulator pushes millions of timers through it, so the heap is kept in
 * parallel typed arrays indexed by a recycled slot number, and cancellation is
 * lazy: a cancelled slot stays in the heap with its callback cleared and is
 * skipped when it reaches the top. The clock allocates no closures itself.
 */

/** Slot numbers occupy the low 24 bits of a timer id; the slot's generation the rest. */
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const DEFAULT_LOOP_LIMIT = 1_000_000;
/** Timers that may wait at once: a slot number must fit in the low bits of a timer id. */
export const MAX_PENDING_TIMERS = SLOT_LIMIT;

export interface VirtualClockOptions {
  /** `runAll` throws after running this many timers in one call (a runaway schedule). */
  loopLimit?: number;
  /** Timers the clock runs in its lifetime before it throws instead of running another (default: no limit). */
  eventLimit?: number;
}

/**
 * The clock refuses to go on: too many timers waiting, past its event limit,
 * or a runaway `runAll`. A typed error so that callers can turn it into a
 * message of their own; the clock is spent after it.
 */
export class ClockLimitError extends Error {
  override name = 'ClockLimitError';
  constructor(
    /** `calls`: more calls waiting than the simulator holds (raised by the call model, not the clock). */
    readonly limit: 'pending' | 'events' | 'loop' | 'calls',
    message: string,
  ) {
    super(message);
  }
}

export class VirtualClock implements Clock {
  private nowMs: number;
  private readonly loopLimit: number;
  private readonly eventLimit: number;
  private nextSeq = 0;
  private live = 0;
  private ran = 0;

  // Per-slot state: a slot holds one scheduled callback until it runs.
  private gen = new Uint32Array(1024);
  private fns: Array<(() => void) | null> = [];
  private free = new Int32Array(1024);
  private freeCount = 0;
  private slotCount = 0;

  // Binary min-heap ordered by (dueMs, seq), keys stored inline so that
  // comparisons never chase a slot number.
  private heapDueMs = new Float64Array(1024);
  private heapSeq = new Float64Array(1024);
  private heapSlot = new Int32Array(1024);
  private heapSize = 0;
  private poppedDueMs = 0;

  constructor(startMs = 0, opts: VirtualClockOptions = {}) {
    this.nowMs = startMs;
    this.loopLimit = opts.loopLimit ?? DEFAULT_LOOP_LIMIT;
    this.eventLimit = opts.eventLimit ?? Infinity;
  }

  now(): number {
    return this.nowMs;
  }

  /** Timers scheduled and neither run nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Timers run since the clock was created. */
  get eventsRun(): number {
    return this.ran;
  }

  schedule(delayMs: number, fn: () => void): TimerId {
    const slot = this.allocSlot();
    // `> 0` also maps NaN to 0.
    this.fns[slot] = fn;
    this.live++;
    this.push(slot, this.nowMs + (delayMs > 0 ? delayMs : 0), this.nextSeq++);
    return (this.gen[slot] as number) * SLOT_LIMIT + slot;
  }

  cancel(id: TimerId): void {
    const slot = id % SLOT_LIMIT;
    if (slot < 0 || slot >= this.slotCount) return;
    if (this.gen[slot] !== Math.floor(id / SLOT_LIMIT) || this.fns[slot] === null) return;
    this.fns[slot] = null;
    this.live--;
  }

  /** Runs every timer due at or before `tMs` (including ones scheduled meanwhile), then sets now to `tMs`. */
  runUntil(tMs: number): void {
    while (this.heapSize > 0 && (this.heapDueMs[0] as number) <= tMs) {
      this.runTop();
    }
    if (tMs > this.nowMs) this.nowMs = tMs;
  }

  /** Advances time by `ms`, running every timer that falls due. */
  tick(ms: number): void {
    this.runUntil(this.nowMs + ms);
  }

  /** Runs the next pending timer, moving time to its due time. False when none is pending. */
  next(): boolean {
    while (this.heapSize > 0) {
      if (this.runTop()) return true;
    }
    return false;
  }

  /** Runs timers until none is pending. Throws when more than `loopLimit` run in this call. */
  runAll(): void {
    let count = 0;
    while (this.heapSize > 0) {
      if (!this.runTop()) continue;
      if (++count >= this.loopLimit && this.live > 0) {
        throw new ClockLimitError(
          'loop',
          `VirtualClock.runAll: ran ${this.loopLimit} timers (loopLimit) and ${this.live} are still pending; ` +
            'the schedule looks runaway (a timer that always schedules another). Use runUntil(tMs) or raise loopLimit.',
        );
      }
    }
  }

  /** Pops the top slot; runs it unless it was cancelled. Returns whether a callback ran. */
  private runTop(): boolean {
    const slot = this.pop();
    const fn = this.fns[slot] ?? null;
    const due = this.poppedDueMs;
    this.releaseSlot(slot);
    if (fn === null) return false;
    if (this.ran >= this.eventLimit) throw new ClockLimitError('events', `VirtualClock: ran ${this.ran} timers (eventLimit)`);
    this.live--;
    if (due > this.nowMs) this.nowMs = due;
    this.ran++;
    fn();
    return true;
  }

  private allocSlot(): number {
    if (this.freeCount > 0) return this.free[--this.freeCount] as number;
    const slot = this.slotCount++;
    if (slot >= SLOT_LIMIT) throw new ClockLimitError('pending', `VirtualClock: more than ${SLOT_LIMIT} timers pending at once`);
    if (slot >= this.gen.length) this.gen = grow(this.gen, this.gen.length * 2);
    this.gen[slot] = 1;
    this.fns.push(null);
    return slot;
  }

  private releaseSlot(slot: number): void {
    this.fns[slot] = null;
    this.gen[slot] = ((this.gen[slot] as number) + 1) % SLOT_LIMIT || 1;
    if (this.freeCount >= this.free.length) this.free = grow(this.free, this.free.length * 2);
    this.free[this.freeCount++] = slot;
  }

  private push(slot: number, dueMs: number, seq: number): void {
    if (this.heapSize >= this.heapSlot.length) this.growHeap();
    this.siftUp(this.heapSize++, dueMs, seq, slot);
  }

  /** Places (dueMs, seq, slot) at hole `i` or above it. */
  private siftUp(i: number, dueMs: number, seq: number, slot: number): void {
    const hT = this.heapDueMs;
    const hS = this.heapSeq;
    const hI = this.heapSlot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = hT[parent] as number;
      if (pt < dueMs || (pt === dueMs && (hS[parent] as number) < seq)) break;
      hT[i] = pt;
      hS[i] = hS[parent] as number;
      hI[i] = hI[parent] as number;
      i = parent;
    }
    hT[i] = dueMs;
    hS[i] = seq;
    hI[i] = slot;
  }

  /**
   * Removes the top entry; its due time is left in `poppedDueMs`. The hole is
   * first walked down to a leaf along the smaller children, then the last
   * entry is sifted up from there ("bottom-up" deletion): the last entry
   * usually belongs near the bottom, so this halves the comparisons.
   */
  private pop(): number {
    const hT = this.heapDueMs;
    const hS = this.heapSeq;
    const hI = this.heapSlot;
    const top = hI[0] as number;
    this.poppedDueMs = hT[0] as number;
    const size = --this.heapSize;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const lt = hT[child] as number;
        const rt = hT[right] as number;
        if (rt < lt || (rt === lt && (hS[right] as number) < (hS[child] as number))) child = right;
      }
      hT[i] = hT[child] as number;
      hS[i] = hS[child] as number;
      hI[i] = hI[child] as number;
      i = child;
    }
    if (i !== size) this.siftUp(i, hT[size] as number, hS[size] as number, hI[size] as number);
    return top;
  }

  private growHeap(): void {
    const size = this.heapSlot.length * 2;
    this.heapDueMs = grow(this.heapDueMs, size);
    this.heapSeq = grow(this.heapSeq, size);
    this.heapSlot = grow(this.heapSlot, size);
  }
}

function grow<T extends Float64Array | Uint32Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
