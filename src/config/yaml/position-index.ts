import type { LineCounter } from 'yaml';
import type { SourcePosition, YamlPath } from '../document.js';
import { offsetPosition } from '../positions.js';

/**
 * The source ranges of a plain document's nodes, in a few numbers per node,
 * so that the `yaml` library's tree (several objects per node, and the
 * parser's tokens behind them) can be dropped once the document is loaded.
 * Keeping every tree of a 10,000-document landscape alive doubled the time
 * spent collecting garbage. Answers exactly what `nodePosition` and
 * `keyPosition` in positions.ts answer from the tree, for the documents that
 * `convertPlainDocument` accepts (no aliases, scalar keys only).
 */

/** What a node is, as far as positions care. */
export const NodeKind = {
  Scalar: 0,
  /** A scalar with no text of its own (`isEmptyNode`): positions point at its key. */
  Empty: 1,
  Map: 2,
  Seq: 3,
  /** No node at all: the value of a pair written as an explicit key only. */
  Missing: 4,
} as const;
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind];

/** Numbers per node: start, end, key start (-1 without a key), key end, kind, first child, child count. */
const STRIDE = 7;
const START = 0;
const END = 1;
const KEY_START = 2;
const KEY_END = 3;
const KIND = 4;
const FIRST_CHILD = 5;
const CHILD_COUNT = 6;

/** Maps up to this size are searched pair by pair: cheaper than building an index. */
const SMALL_MAP_PAIRS = 16;

/**
 * The numbers and names of the document being converted. Conversions run
 * one at a time, start to end (they are synchronous): each builder starts
 * over at the beginning, and each index keeps an exact copy. One buffer for
 * all documents, because growing a fresh array per document cost more than
 * the rest of the indexing.
 */
let scratch = new Int32Array(4096);
const scratchNames: (string | undefined)[] = [];

/**
 * Built in document order by `convertPlainDocument`: a collection reserves
 * one slot per child before its children are visited, so the children of
 * every collection are consecutive and found by index or name.
 */
export class PositionIndexBuilder {
  /** Numbers used in `scratch`. */
  private length = 0;

  constructor() {
    this.reserve(1);
  }

  /** Reserves `count` consecutive slots for the children of a collection; returns the first. */
  reserve(count: number): number {
    const first = this.length / STRIDE;
    const end = this.length + count * STRIDE;
    if (end > scratch.length) {
      const larger = new Int32Array(Math.max(end, scratch.length * 2));
      larger.set(scratch.subarray(0, this.length));
      scratch = larger;
    }
    scratch.fill(-1, this.length, end);
    for (let slot = first; slot < first + count; slot++) scratchNames[slot] = undefined;
    this.length = end;
    return first;
  }

  /** Records the node in `slot`; `name` and `key` for the value of a map pair. */
  set(slot: number, kind: NodeKind, range: readonly number[] | undefined, name?: string, key?: readonly number[]): void {
    const at = slot * STRIDE;
    const nodes = scratch;
    nodes[at + START] = range ? (range[0] as number) : -1;
    nodes[at + END] = range ? (range[1] as number) : -1;
    nodes[at + KEY_START] = key ? (key[0] as number) : -1;
    nodes[at + KEY_END] = key ? (key[1] as number) : -1;
    nodes[at + KIND] = kind;
    if (name !== undefined) scratchNames[slot] = name;
  }

  /** Records where the children of the collection in `slot` are. */
  children(slot: number, first: number, count: number): void {
    scratch[slot * STRIDE + FIRST_CHILD] = first;
    scratch[slot * STRIDE + CHILD_COUNT] = count;
  }

  /** The index: a copy of its numbers (in the shared arena) and names. */
  build(lineCounter: LineCounter, documentStart: number): PositionIndex {
    const nodes = arenaCopy(scratch, this.length);
    return new PositionIndex(nodes, scratchNames.slice(0, this.length / STRIDE), lineCounter, documentStart);
  }
}

/** Numbers per arena chunk. */
const ARENA_CHUNK = 64 * 1024;
let arena = new Int32Array(ARENA_CHUNK);
let arenaUsed = 0;

/**
 * The first `length` numbers of `source`, copied into a view of a shared
 * chunk: a typed array of its own per document (an array buffer outside the
 * heap each) cost more to allocate and to collect than the copy. Larger
 * indexes get their own array. A chunk lives as long as any index in it.
 */
function arenaCopy(source: Int32Array, length: number): Int32Array {
  if (length > ARENA_CHUNK / 4) return source.slice(0, length);
  if (arenaUsed + length > ARENA_CHUNK) {
    arena = new Int32Array(ARENA_CHUNK);
    arenaUsed = 0;
  }
  const view = arena.subarray(arenaUsed, arenaUsed + length);
  view.set(source.subarray(0, length));
  arenaUsed += length;
  return view;
}

/** Positions by path in one plain document. */
export class PositionIndex {
  /** Name → slot of each large map's children, built on the first lookup in that map. */
  private largeMaps: Map<number, Map<string, number>> | undefined;

  constructor(
    private readonly nodes: Int32Array,
    private readonly names: readonly (string | undefined)[],
    private readonly lineCounter: LineCounter,
    private readonly documentStart: number,
  ) {}

  /** Position of the node at `path`, or of its deepest existing ancestor (as `nodePosition`). */
  position(path: YamlPath): SourcePosition {
    return this.positionOf(this.walk(path).slot);
  }

  /** Position of the key of the last element of `path`, falling back to `position` (as `keyPosition`). */
  keyPosition(path: YamlPath): SourcePosition {
    const { slot, depth } = this.walk(path);
    const at = slot * STRIDE;
    if (depth === path.length && this.nodes[at + KEY_START] !== -1) return this.keyRange(at);
    return this.positionOf(slot);
  }

  private positionOf(slot: number): SourcePosition {
    const at = slot * STRIDE;
    const kind = this.nodes[at + KIND];
    const hasKey = this.nodes[at + KEY_START] !== -1;
    // An empty value (`key:` with nothing after it) has no text of its own: point at its key.
    if (hasKey && (kind === NodeKind.Empty || kind === NodeKind.Missing)) return this.keyRange(at);
    if (kind !== NodeKind.Missing) return offsetPosition(this.lineCounter, this.nodes[at + START] as number, this.nodes[at + END]);
    return offsetPosition(this.lineCounter, this.documentStart);
  }

  private keyRange(at: number): SourcePosition {
    return offsetPosition(this.lineCounter, this.nodes[at + KEY_START] as number, this.nodes[at + KEY_END]);
  }

  private walk(path: YamlPath): { slot: number; depth: number } {
    let slot = 0;
    let depth = 0;
    for (const element of path) {
      const next = this.step(slot, element);
      if (next < 0) break;
      slot = next;
      depth++;
    }
    return { slot, depth };
  }

  /** The slot of the child `element` of the collection in `slot`, or -1. */
  private step(slot: number, element: string | number): number {
    const at = slot * STRIDE;
    const kind = this.nodes[at + KIND];
    const first = this.nodes[at + FIRST_CHILD] as number;
    const count = this.nodes[at + CHILD_COUNT] as number;
    if (kind === NodeKind.Seq) {
      const index = typeof element === 'number' ? element : /^\d+$/.test(element) ? Number(element) : -1;
      return index < 0 || index >= count ? -1 : first + index;
    }
    if (kind !== NodeKind.Map) return -1;
    const wanted = String(element);
    if (count > SMALL_MAP_PAIRS) return this.largeMap(slot, first, count).get(wanted) ?? -1;
    // From the end: with a duplicated key, the later pair (the one in the data) wins.
    for (let i = first + count - 1; i >= first; i--) if (this.names[i] === wanted) return i;
    return -1;
  }

  private largeMap(slot: number, first: number, count: number): Map<string, number> {
    this.largeMaps ??= new Map();
    let byName = this.largeMaps.get(slot);
    if (byName) return byName;
    byName = new Map();
    // In document order, so that with a duplicated key the later pair wins.
    for (let i = first; i < first + count; i++) byName.set(this.names[i] as string, i);
    this.largeMaps.set(slot, byName);
    return byName;
  }
}
