import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { duplicateKeyFinding, FORBIDDEN_KEYS, forbiddenKeyFinding } from './_yaml-ast.js';
import { MAX_NESTING_DEPTH } from './_yaml-cst.js';
import type { Finding } from './finding.js';

/** A document's data and the findings about its keys (HB002, HB008). */
export interface PlainConversion {
  data: unknown;
  findings: Finding[];
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
  const data = converter.value(doc.contents, 0);
  return data === NOT_PLAIN ? undefined : { data, findings: converter.findings };
}

class PlainConverter {
  readonly findings: Finding[] = [];
  /** Path of the node being converted; copied only into findings. */
  private readonly path: (string | number)[] = [];

  constructor(
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {}

  value(node: unknown, depth: number): unknown {
    if (isScalar(node)) return node.value;
    if (node === null) return null;
    if (isMap(node) || isSeq(node)) {
      if (node.tag || depth + 1 > MAX_NESTING_DEPTH) return NOT_PLAIN;
      return isMap(node) ? this.map(node, depth + 1) : this.seq(node, depth + 1);
    }
    return NOT_PLAIN;
  }

  private map(map: YAMLMap, depth: number): unknown {
    const names = this.keyNames(map);
    if (names === NOT_PLAIN) return NOT_PLAIN;
    const data: Record<string, unknown> = {};
    const { items } = map;
    for (let i = 0; i < items.length; i++) {
      const name = names[i] as string;
      this.path.push(name);
      const value = this.value((items[i] as { value: unknown }).value, depth);
      this.path.pop();
      if (value === NOT_PLAIN) return NOT_PLAIN;
      // Forbidden keys are checked inside but left out, as `removeForbiddenKeys` does after `toJS`.
      if (!FORBIDDEN_KEYS.has(name)) data[name] = value;
    }
    return data;
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

  private seq(seq: YAMLSeq, depth: number): unknown {
    const data: unknown[] = [];
    const { items } = seq;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (isPair(item)) return NOT_PLAIN;
      this.path.push(i);
      const value = this.value(item, depth);
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
