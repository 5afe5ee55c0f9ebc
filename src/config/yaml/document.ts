import { isScalar } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { LoadedDocument, ScalarSource, SourcePosition, YamlPath } from '../document.js';
import { hazardsIn, type Hazard } from '../hazards.js';
import { keyPosition, nodePosition } from '../positions.js';
import type { PositionIndex } from './position-index.js';

/** Composes document `index` of `text` again (the loader's own composition, with the same options). */
export type Recompose = (text: string, index: number) => Document.Parsed;

interface Fields {
  file: string;
  index: number;
  data: unknown;
  lineCounter: LineCounter;
}

/**
 * A plain document: positions come from its index, and the `yaml` tree is
 * dropped after loading. What the checks read from the tree (hazards, found
 * by the conversion, and the `clopt` scalar) is taken while it is at hand.
 * A class, not an object literal: ten thousand documents share its methods.
 */
class IndexedDocument implements LoadedDocument {
  readonly file: string;
  readonly index: number;
  readonly data: unknown;
  readonly lineCounter: LineCounter;
  readonly cloptScalar: ScalarSource | undefined;
  #yaml: Document.Parsed | undefined;

  constructor(
    tree: Document.Parsed,
    private readonly positions: PositionIndex,
    readonly hazards: readonly Hazard[],
    fields: Fields,
    private readonly text: string,
    private readonly recompose: Recompose,
  ) {
    this.file = fields.file;
    this.index = fields.index;
    this.data = fields.data;
    this.lineCounter = fields.lineCounter;
    this.cloptScalar = cloptScalarOf(tree, fields.data);
  }

  get yaml(): Document.Parsed {
    this.#yaml ??= this.recompose(this.text, this.index);
    return this.#yaml;
  }

  position(path: YamlPath): SourcePosition {
    return this.positions.position(path);
  }

  keyPosition(path: YamlPath): SourcePosition {
    return this.positions.keyPosition(path);
  }
}

export function indexedDocument(
  tree: Document.Parsed,
  positions: PositionIndex,
  hazards: readonly Hazard[],
  fields: Fields & { text: string },
  recompose: Recompose,
): LoadedDocument {
  return new IndexedDocument(tree, positions, hazards, fields, fields.text, recompose);
}

/** A document with aliases, tags on collections or complex keys (rare): positions are looked up in its tree. */
export function treeDocument(doc: Document.Parsed, fields: Fields): LoadedDocument {
  const { file, index, data, lineCounter } = fields;
  return {
    file,
    index,
    data,
    yaml: doc,
    lineCounter,
    hazards: hazardsIn(doc.contents),
    cloptScalar: cloptScalarOf(doc, data),
    position: (path) => nodePosition(doc, lineCounter, path),
    keyPosition: (path) => keyPosition(doc, lineCounter, path),
  };
}

/**
 * The checks read the scalar only where the data's `spec.clopt` is a string
 * (what a listener's `clopt` is taken from): other documents skip the lookup.
 */
function cloptScalarOf(doc: Document.Parsed, data: unknown): ScalarSource | undefined {
  const spec = isObject(data) ? data.spec : undefined;
  if (!isObject(spec) || typeof spec.clopt !== 'string') return undefined;
  const node = doc.getIn(['spec', 'clopt'], true);
  if (!isScalar(node) || !node.range) return undefined;
  return { value: node.value, type: node.type, range: [node.range[0], node.range[1]] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
