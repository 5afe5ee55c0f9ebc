import { isScalar } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { LoadedDocument, ScalarSource } from './document.js';
import { hazardsIn, type Hazard } from './hazards.js';
import { keyPosition, nodePosition } from './positions.js';
import type { PositionIndex } from './_yaml-index.js';

/** Composes document `index` of `text` again (the loader's own composition, with the same options). */
export type Recompose = (text: string, index: number) => Document.Parsed;

/**
 * A plain document: positions come from its index, and the `yaml` tree is
 * dropped after loading. What the checks read from the tree (hazards, found
 * by the conversion, and the `clopt` scalar) is taken while it is at hand.
 */
export function indexedDocument(
  tree: Document.Parsed,
  positions: PositionIndex,
  hazards: readonly Hazard[],
  fields: { file: string; index: number; data: unknown; lineCounter: LineCounter; text: string },
  recompose: Recompose,
): LoadedDocument {
  const { file, index, data, lineCounter, text } = fields;
  let yaml: Document.Parsed | undefined;
  return {
    file,
    index,
    data,
    lineCounter,
    hazards,
    cloptScalar: cloptScalarOf(tree, data),
    get yaml() {
      yaml ??= recompose(text, index);
      return yaml;
    },
    position: (path) => positions.position(path),
    keyPosition: (path) => positions.keyPosition(path),
  };
}

/** A document with aliases, tags on collections or complex keys (rare): positions are looked up in its tree. */
export function treeDocument(
  doc: Document.Parsed,
  fields: { file: string; index: number; data: unknown; lineCounter: LineCounter },
): LoadedDocument {
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
