import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { duplicateKeyFinding, FORBIDDEN_KEYS, forbiddenKeyFinding } from './ast.js';
import { MAX_NESTING_DEPTH } from './cst.js';
import type { Finding } from '../finding.js';
import { classify, type Hazard } from '../hazards.js';
import { NodeKind, PositionIndexBuilder, type PositionIndex } from './position-index.js';
import { isEmptyNode } from '../positions.js';

/** A document's data, the findings about its keys (HB002, HB008), and its nodes' positions. */
export interface PlainConversion {
  data: unknown;
  findings: Finding[];
  positions: PositionIndex;
  /** What `hazardsIn` finds in the same tree. */
  hazards: Hazard[];
}

/** Stops the conversion: the document needs the general path. */
const NOT_PLAIN: unique symbol = Symbol('not plain');

/** Maps up to this size find duplicate keys by comparing names; larger ones use a Map. */
const SMALL_MAP_PAIRS = 8;

/**
 * The data of a document without aliases, collection tags, collection keys
 * or pairs in sequences (nearly every configuration document), built in the
 * same pass that checks its keys: what `scanTree`, `toJS` and
 * `removeForbiddenKeys` give in three passes, with the same data, findings
 * and finding order. Undefined for any other document, which then takes the
 * general path. Recursion is safe: nesting deeper than MAX_NESTING_DEPTH
 * stops the conversion.
 */
export function convertPlainDocument(doc: Document.Parsed, lineCounter: LineCounter, file: string): PlainConversion | undefined {
  const converter = new PlainConverter(lineCounter, file);
  const data = converter.value(doc.contents, 0, 0);
  if (data === NOT_PLAIN) return undefined;
  const positions = converter.index.build(lineCounter, doc.range[0]);
  return { data, findings: converter.findings, positions, hazards: converter.hazards };
}

class PlainConverter {
  readonly findings: Finding[] = [];
  readonly index = new PositionIndexBuilder();
  readonly hazards: Hazard[] = [];
  /** Path of the node being converted; copied only into findings and hazards. */
  private readonly path: (string | number)[] = [];
  /** Enclosing keys that are neither strings nor numbers: `hazardsIn` does not look below them. */
  private keysWithoutHazards = 0;

  constructor(
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {}

  /** The data of `node`, recording its position in `slot` (with its key's, for a pair's value). */
  value(node: unknown, depth: number, slot: number, name?: string, key?: Scalar): unknown {
    if (isScalar(node)) {
      this.index.set(slot, isEmptyNode(node) ? NodeKind.Empty : NodeKind.Scalar, node.range ?? undefined, name, key?.range ?? undefined);
      if (node.type === 'PLAIN' && typeof node.source === 'string' && this.keysWithoutHazards === 0) this.hazard(node.source);
      return node.value;
    }
    if (node === null) {
      this.index.set(slot, NodeKind.Missing, undefined, name, key?.range ?? undefined);
      return null;
    }
    if (isMap(node) || isSeq(node)) {
      if (node.tag || depth + 1 > MAX_NESTING_DEPTH) return NOT_PLAIN;
      this.index.set(slot, isMap(node) ? NodeKind.Map : NodeKind.Seq, node.range ?? undefined, name, key?.range ?? undefined);
      return isMap(node) ? this.map(node, depth + 1, slot) : this.seq(node, depth + 1, slot);
    }
    return NOT_PLAIN;
  }

  private map(map: YAMLMap, depth: number, slot: number): unknown {
    const names = this.keyNames(map);
    if (names === NOT_PLAIN) return NOT_PLAIN;
    const data: Record<string, unknown> = {};
    const { items } = map;
    const first = this.index.reserve(items.length);
    this.index.children(slot, first, items.length);
    for (let i = 0; i < items.length; i++) {
      const name = names[i] as string;
      const pair = items[i] as { key: Scalar; value: unknown };
      const keyType = typeof pair.key.value;
      const hazardsBelow = keyType === 'string' || keyType === 'number';
      if (!hazardsBelow) this.keysWithoutHazards++;
      this.path.push(name);
      const value = this.value(pair.value, depth, first + i, name, pair.key);
      this.path.pop();
      if (!hazardsBelow) this.keysWithoutHazards--;
      if (value === NOT_PLAIN) return NOT_PLAIN;
      // Forbidden keys are checked inside but left out, as `removeForbiddenKeys` does after `toJS`.
      if (!FORBIDDEN_KEYS.has(name)) data[name] = value;
    }
    return data;
  }

  private hazard(source: string): void {
    const rule = classify(source);
    if (rule) this.hazards.push({ rule, path: [...this.path], source });
  }

  /** The property names of a map's keys, with HB008 and HB002 for them in key order; NOT_PLAIN for a key that is not a scalar. */
  private keyNames(map: YAMLMap): string[] | typeof NOT_PLAIN {
    const { items } = map;
    const names: string[] = [];
    const large = items.length > SMALL_MAP_PAIRS ? new Map<string, Scalar>() : undefined;
    for (const pair of items) {
      const key: unknown = pair.key;
      if (!isScalar(key)) return NOT_PLAIN;
      const raw = key.value;
      // Keys that `toJS` turns into text another way (dates, binary) take the general path.
      if (raw === undefined || (typeof raw === 'object' && raw !== null)) return NOT_PLAIN;
      const name = raw === null ? '' : String(raw);
      if (FORBIDDEN_KEYS.has(name)) this.findings.push(forbiddenKeyFinding(this.file, this.lineCounter, name, key, this.path));
      const first = large ? large.get(name) : firstKeyNamed(items, names, name);
      if (first) this.findings.push(duplicateKeyFinding(this.file, this.lineCounter, name, first, key, this.path));
      else large?.set(name, key);
      names.push(name);
    }
    return names;
  }

  private seq(seq: YAMLSeq, depth: number, slot: number): unknown {
    const data: unknown[] = [];
    const { items } = seq;
    const first = this.index.reserve(items.length);
    this.index.children(slot, first, items.length);
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (isPair(item)) return NOT_PLAIN;
      this.path.push(i);
      const value = this.value(item, depth, first + i);
      this.path.pop();
      if (value === NOT_PLAIN) return NOT_PLAIN;
      data.push(value);
    }
    return data;
  }
}

/** The first key among the `names` seen so far that is called `name`. */
function firstKeyNamed(items: YAMLMap['items'], names: readonly string[], name: string): Scalar | undefined {
  const at = names.indexOf(name);
  return at < 0 ? undefined : (items[at]?.key as Scalar);
}
