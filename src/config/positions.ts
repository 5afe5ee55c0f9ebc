import { isAlias, isMap, isPair, isScalar, isSeq, Pair, YAMLMap } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { SourcePosition, YamlPath } from './document.js';

/**
 * Source positions of nodes in a parsed YAML document, computed on demand:
 * validating thousands of documents asks for only a handful of positions, so
 * nothing is precomputed.
 */

/** 1-based position of `startOffset` (and of `endOffset` when given) in the text counted by `lineCounter`. */
export function offsetPosition(lineCounter: LineCounter, startOffset: number, endOffset?: number): SourcePosition {
  const start = linePos(lineCounter, startOffset);
  const pos: SourcePosition = { line: start.line, column: start.col };
  if (endOffset !== undefined && endOffset > startOffset) {
    const end = linePos(lineCounter, endOffset);
    pos.endLine = end.line;
    pos.endColumn = end.col;
  }
  return pos;
}

/** Position of the node at `path`, or of its deepest existing ancestor. */
export function nodePosition(doc: Document.Parsed, lineCounter: LineCounter, path: YamlPath): SourcePosition {
  const found = walk(doc, path);
  const node = found.node;
  // An empty value (`key:` with nothing after it) has no text of its own: point at its key.
  if (found.pair && (!node || isEmptyNode(node)) && isNodeWithRange(found.pair.key)) {
    return rangePosition(lineCounter, found.pair.key);
  }
  if (node && isNodeWithRange(node)) return rangePosition(lineCounter, node);
  return offsetPosition(lineCounter, doc.range[0]);
}

/**
 * Position of the key of the last element of `path` (for findings about the
 * key itself, such as unknown keys); falls back to `nodePosition`.
 */
export function keyPosition(doc: Document.Parsed, lineCounter: LineCounter, path: YamlPath): SourcePosition {
  const found = walk(doc, path);
  if (found.depth === path.length && found.pair && isNodeWithRange(found.pair.key)) {
    return rangePosition(lineCounter, found.pair.key);
  }
  return nodePosition(doc, lineCounter, path);
}

interface WalkResult {
  /** The deepest node reached (`null` for an empty pair value). */
  node: unknown;
  /** The pair through which `node` was reached, when the last step was a map key. */
  pair: Pair | undefined;
  /** How many path elements were followed. */
  depth: number;
}

function walk(doc: Document.Parsed, path: YamlPath): WalkResult {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let depth = 0;
  for (const element of path) {
    const container = isAlias(node) ? node.resolve(doc) : node;
    const next = step(doc, container, element);
    if (!next) break;
    node = next.node;
    pair = next.pair;
    depth++;
  }
  return { node, pair, depth };
}

function step(doc: Document.Parsed, container: unknown, element: string | number): { node: unknown; pair?: Pair } | undefined {
  if (isMap(container)) {
    const pair = findPair(doc, container, String(element));
    return pair ? { node: pair.value, pair } : undefined;
  }
  if (isSeq(container)) {
    const index = typeof element === 'number' ? element : /^\d+$/.test(element) ? Number(element) : -1;
    if (index < 0 || index >= container.items.length) return undefined;
    const item: unknown = container.items[index];
    if (isPair(item)) return { node: item.value, pair: item };
    return { node: item };
  }
  return undefined;
}

/** Maps up to this size are searched pair by pair: cheaper than building an index. */
const SMALL_MAP_PAIRS = 16;

/** The pair whose key `toJS` names `wanted`; with a duplicated key, the later pair (the one in the data). */
function findPair(doc: Document.Parsed, map: YAMLMap, wanted: string): Pair | undefined {
  if (map.items.length > SMALL_MAP_PAIRS) return pairsByKey(doc, map).get(wanted);
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i] as Pair;
    if (keyName(doc, pair.key) === wanted) return pair;
  }
  return undefined;
}

/**
 * Each large map's pairs by key name, built on the first lookup in that map:
 * a document with thousands of findings in one large map would otherwise
 * scan the map once per finding.
 */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsByKey(doc: Document.Parsed, map: YAMLMap): Map<string, Pair> {
  let index = pairIndexes.get(map);
  if (index) return index;
  index = new Map();
  // In document order, so that with a duplicated key the later pair wins.
  for (const pair of map.items) {
    const name = keyName(doc, pair.key);
    if (name !== undefined) index.set(name, pair);
  }
  pairIndexes.set(map, index);
  return index;
}

/** The property name `toJS` gives a key. */
function keyName(doc: Document.Parsed, key: unknown): string | undefined {
  return isScalar(key) ? scalarKeyString(key.value) : complexKeyString(doc, key);
}

/**
 * The property name `toJS` gives a collection or alias key (`[a]: 1` becomes
 * `"[ a ]"`), found by converting a map holding only that key.
 */
function complexKeyString(doc: Document.Parsed, key: unknown): string | undefined {
  if (!key || typeof key !== 'object') return scalarKeyString(key);
  try {
    const single = new YAMLMap<unknown, unknown>();
    single.items.push(new Pair(key, null));
    const data = single.toJS(doc) as Record<string, unknown>;
    return Object.keys(data)[0];
  } catch {
    return undefined;
  }
}

/** The property name `toJS` gives a scalar key. */
export function scalarKeyString(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A node with no text of its own: the value of `key:` or the content of an empty document. */
export function isEmptyNode(node: unknown): boolean {
  return (
    isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1] && !node.tag && !node.anchor
  );
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return !!node && typeof node === 'object' && Array.isArray((node as Node).range);
}

function rangePosition(lineCounter: LineCounter, node: { range: [number, number, number] }): SourcePosition {
  return offsetPosition(lineCounter, node.range[0], node.range[1]);
}

function linePos(lineCounter: LineCounter, offset: number): { line: number; col: number } {
  const pos = lineCounter.linePos(Math.max(0, offset));
  // `line` is 0 when no newline was ever counted (an unparsed text): treat as the first line.
  return { line: Math.max(1, pos.line), col: Math.max(1, pos.col) };
}
