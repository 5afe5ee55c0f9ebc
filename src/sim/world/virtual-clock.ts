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
 *
 * Most timers of a big run are the same delay scheduled again and again (a
 * million watchdogs each sleeping the same time). Timers of one delay fall
 * due in the order they were scheduled, so such a delay gets a lane: a FIFO
 * queue that sits in the heap as one entry keyed by its oldest timer. The
 * heap then holds a few lanes and the odd timers instead of a million
 * entries, and the order is exactly the heap's: (due time, scheduling order).
 * A lane only needs each timer to fall due no earlier than the one before
 * it, so a run of timers scheduled at one time in due order (a million
 * logins spread over the first minutes) shares a lane too.
 */

/** Slot numbers occupy the low 24 bits of a timer id; the slot's generation the rest. */
const SLOT_BITS = 24;
// A shift, not `2 ** SLOT_BITS`: a small integer, so timer ids stay small integers too (an engine
// field holding one then needs no boxed number).
const SLOT_LIMIT = 1 << SLOT_BITS;
const DEFAULT_LOOP_LIMIT = 1_000_000;
/** Timers that may wait at once: a slot number must fit in the low bits of a timer id. */
export const MAX_PENDING_TIMERS = SLOT_LIMIT;
/** A delay scheduled from this many different times gets a lane (a one-off burst scheduled at one time does not). */
const LANE_AFTER_TIMES = 4;
const MAX_LANES = 64;
/** Lanes of timer runs open at once (the rest of MAX_LANES stays for delays). */
const MAX_RUN_LANES = 4;
/** The delays seen lately, direct-mapped by a hash of the delay (a collision just forgets the older one). */
const DELAY_BUCKET_BITS = 12;

/** The timers of one delay, in scheduling order (so in due order): a ring buffer. */
class Lane {
  dueMs = new Float64Array(16);
  seq = new Float64Array(16);
  slot = new Int32Array(16);
  head = 0;
  count = 0;
  /** Due time of the newest timer: a timer due earlier may not join. */
  tailDueMs = -Infinity;
  delayMs = Number.NaN;
  /** The delay table's bucket that names this lane; −1 for a run of timers (no one delay). */
  bucket = -1;

  append(dueMs: number, seq: number, slot: number): void {
    if (this.count === this.slot.length) this.grow();
    const i = (this.head + this.count) & (this.slot.length - 1);
    this.tailDueMs = dueMs;
    this.dueMs[i] = dueMs;
    this.seq[i] = seq;
    this.slot[i] = slot;
    this.count++;
  }

  private grow(): void {
    const size = this.slot.length * 2;
    const dueMs = new Float64Array(size);
    const seq = new Float64Array(size);
    const slot = new Int32Array(size);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (this.slot.length - 1);
      dueMs[k] = this.dueMs[i] as number;
      seq[k] = this.seq[i] as number;
      slot[k] = this.slot[i] as number;
    }
    this.dueMs = dueMs;
    this.seq = seq;
    this.slot = slot;
    this.head = 0;
  }
}

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
  // comparisons never chase a slot number. An entry is a slot (≥ 0) or a
  // lane (−1 − lane index), keyed by the lane's oldest timer.
  private heapDueMs = new Float64Array(1024);
  private heapSeq = new Float64Array(1024);
  private heapSlot = new Int32Array(1024);
  private heapSize = 0;
  private poppedDueMs = 0;

  // Lanes, and the delay table that decides which delays get one.
  private readonly lanes: Lane[] = [];
  private readonly freeLanes: number[] = [];
  private readonly bucketDelayMs = new Float64Array(1 << DELAY_BUCKET_BITS).fill(Number.NaN);
  private readonly bucketLastNowMs = new Float64Array(1 << DELAY_BUCKET_BITS);
  private readonly bucketTimes = new Int32Array(1 << DELAY_BUCKET_BITS);
  private readonly bucketLane = new Int32Array(1 << DELAY_BUCKET_BITS).fill(-1);
  /** The last delay that went to a lane, and its lane (the watchdogs' sleep, nearly always). */
  private cachedDelayMs = Number.NaN;
  private cachedLane = -1;
  /** The lane taking a run of timers in due order (−1: none), and the last timer that went to the heap. */
  private runLane = -1;
  private runLanesOpen = 0;
  private lastHeapNowMs = Number.NaN;
  private lastHeapDueMs = Number.NaN;

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
    this.fns[slot] = fn;
    this.live++;
    // `> 0` also maps NaN to 0.
    const d = delayMs > 0 ? delayMs : 0;
    const dueMs = this.nowMs + d;
    const seq = this.nextSeq++;
    const lane = d === this.cachedDelayMs ? this.cachedLane : this.laneFor(d);
    if (lane < 0) this.pushOrRun(slot, dueMs, seq);
    else {
      const l = this.lanes[lane] as Lane;
      // A lane is in the heap exactly while it holds timers.
      if (l.count === 0) this.push(-1 - lane, dueMs, seq);
      l.append(dueMs, seq, slot);
    }
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
    const top = this.heapSlot[0] as number;
    const slot = top >= 0 ? this.pop() : this.popLane(-1 - top);
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

  /**
   * The lane of delay `d`, or −1 when its timers go to the heap: a delay
   * gets a lane once it was scheduled from LANE_AFTER_TIMES different times,
   * while a lane is free and its bucket is not held by another delay's lane.
   */
  private laneFor(d: number): number {
    const b = Math.imul(d | 0, 0x9e37_79b1) >>> (32 - DELAY_BUCKET_BITS);
    if (this.bucketDelayMs[b] !== d) {
      if ((this.bucketLane[b] as number) >= 0) return -1;
      this.bucketDelayMs[b] = d;
      this.bucketTimes[b] = 1;
      this.bucketLastNowMs[b] = this.nowMs;
      return -1;
    }
    let lane = this.bucketLane[b] as number;
    if (lane < 0) {
      if (this.bucketLastNowMs[b] !== this.nowMs) {
        this.bucketLastNowMs[b] = this.nowMs;
        this.bucketTimes[b] = (this.bucketTimes[b] as number) + 1;
      }
      if ((this.bucketTimes[b] as number) < LANE_AFTER_TIMES) return -1;
      lane = this.openLane(d, b);
      if (lane < 0) return -1;
    }
    this.cachedDelayMs = d;
    this.cachedLane = lane;
    return lane;
  }

  /**
   * A timer of no lane's delay: it joins the run lane when due no earlier
   * than the run's last timer; the second of two timers scheduled at one
   * time in due order opens a new run lane; any other goes to the heap.
   */
  private pushOrRun(slot: number, dueMs: number, seq: number): void {
    let lane = this.runLane;
    if (lane >= 0 && dueMs >= (this.lanes[lane] as Lane).tailDueMs) {
      (this.lanes[lane] as Lane).append(dueMs, seq, slot);
      return;
    }
    if (this.nowMs === this.lastHeapNowMs && dueMs >= this.lastHeapDueMs && this.runLanesOpen < MAX_RUN_LANES) {
      lane = this.openLane(Number.NaN, -1);
      if (lane >= 0) {
        this.runLane = lane;
        this.runLanesOpen++;
        this.push(-1 - lane, dueMs, seq);
        (this.lanes[lane] as Lane).append(dueMs, seq, slot);
        return;
      }
    }
    this.lastHeapNowMs = this.nowMs;
    this.lastHeapDueMs = dueMs;
    this.push(slot, dueMs, seq);
  }

  private openLane(d: number, bucket: number): number {
    let lane = this.freeLanes.pop();
    if (lane === undefined) {
      if (this.lanes.length >= MAX_LANES) return -1;
      lane = this.lanes.length;
      this.lanes.push(new Lane());
    }
    const l = this.lanes[lane] as Lane;
    l.delayMs = d;
    l.bucket = bucket;
    if (bucket >= 0) this.bucketLane[bucket] = lane;
    return lane;
  }

  /** An empty lane leaves the heap (the caller removed its entry) and is free for another delay. */
  private closeLane(lane: number): void {
    const l = this.lanes[lane] as Lane;
    if (l.bucket >= 0) this.bucketLane[l.bucket] = -1;
    else this.runLanesOpen--;
    if (this.cachedLane === lane) {
      this.cachedLane = -1;
      this.cachedDelayMs = Number.NaN;
    }
    if (this.runLane === lane) this.runLane = -1;
    l.head = 0;
    l.tailDueMs = -Infinity;
    this.freeLanes.push(lane);
  }

  /** Takes the oldest timer of the lane on top of the heap; its due time is left in `poppedDueMs`. */
  private popLane(lane: number): number {
    const l = this.lanes[lane] as Lane;
    const i = l.head;
    const slot = l.slot[i] as number;
    this.poppedDueMs = l.dueMs[i] as number;
    l.head = (i + 1) & (l.slot.length - 1);
    if (--l.count > 0) this.siftDownFromTop(l.dueMs[l.head] as number, l.seq[l.head] as number, -1 - lane);
    else {
      this.pop();
      this.closeLane(lane);
    }
    return slot;
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

  /** Places (dueMs, seq, slot) at hole `i` or above it (`slot` is a heap entry: a slot or a lane). */
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
   * Removes the top entry; its due time is left in `poppedDueMs`. The last
   * entry takes its place.
   */
  private pop(): number {
    const hT = this.heapDueMs;
    const hS = this.heapSeq;
    const hI = this.heapSlot;
    const top = hI[0] as number;
    this.poppedDueMs = hT[0] as number;
    const size = --this.heapSize;
    if (size > 0) this.replaceTop(hT[size] as number, hS[size] as number, hI[size] as number);
    return top;
  }

  /**
   * Puts (dueMs, seq, entry) in place of the top entry, top-down: a lane's
   * next timer is usually due right after the one just taken, so the lane
   * most often stays on top after one or two comparisons.
   */
  private siftDownFromTop(dueMs: number, seq: number, entry: number): void {
    const hT = this.heapDueMs;
    const hS = this.heapSeq;
    const hI = this.heapSlot;
    const size = this.heapSize;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      let ct = hT[child] as number;
      const right = child + 1;
      if (right < size) {
        const rt = hT[right] as number;
        if (rt < ct || (rt === ct && (hS[right] as number) < (hS[child] as number))) {
          child = right;
          ct = rt;
        }
      }
      if (dueMs < ct || (dueMs === ct && seq < (hS[child] as number))) break;
      hT[i] = ct;
      hS[i] = hS[child] as number;
      hI[i] = hI[child] as number;
      i = child;
    }
    hT[i] = dueMs;
    hS[i] = seq;
    hI[i] = entry;
  }

  /**
   * Puts (dueMs, seq, entry) in place of the top entry. The hole is first
   * walked down to a leaf along the smaller children, then the entry is
   * sifted up from there ("bottom-up" deletion): the entry usually belongs
   * near the bottom, so this halves the comparisons.
   */
  private replaceTop(dueMs: number, seq: number, entry: number): void {
    const hT = this.heapDueMs;
    const hS = this.heapSeq;
    const hI = this.heapSlot;
    const size = this.heapSize;
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
    this.siftUp(i, dueMs, seq, entry);
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
