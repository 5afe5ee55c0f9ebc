import { isAlias, isMap, isPair, isSeq } from 'yaml';
import type { Alias, Document, LineCounter } from 'yaml';
import type { AliasUse, TreeScan } from './ast.js';
import { MAX_NESTING_DEPTH } from './cst.js';
import { HB006_ALIAS_LIMIT, HB007_NESTING_TOO_DEEP, offsetFinding } from './findings.js';
import type { Finding } from '../finding.js';

/**
 * Most nodes that aliases may add to a document once expanded (HB006). The
 * `yaml` library shares one object per anchor, so an alias bomb ("billion
 * laughs") costs little memory when parsed; it explodes in whatever walks
 * the data as a tree afterwards (schema validation, JSON output).
 */
export const MAX_ALIAS_EXPANSION_NODES = 100_000;

/**
 * Most aliases in one document (HB006). Each alias is work for whatever
 * resolves it, however small its anchor; configuration documents use a few.
 */
export const MAX_ALIASES_PER_DOCUMENT = 10_000;

interface Measure {
  /** Nodes in the subtree once every alias is expanded. */
  size: number;
  /** Collection levels in the subtree once every alias is expanded. */
  height: number;
}

interface Frame {
  node: object;
  children: object[];
  next: number;
  size: number;
  height: number;
}

/**
 * Checks what the aliases of a document expand to: cycles (an alias inside
 * its own anchored node) and expansion bombs are HB006, nesting made deeper
 * than the limit by aliases is HB007. Returns the findings; any finding means
 * the data is unusable.
 */
export function checkAliasExpansion(doc: Document.Parsed, scan: TreeScan, lineCounter: LineCounter, file: string): Finding[] {
  const first = scan.aliases[MAX_ALIASES_PER_DOCUMENT];
  if (first) {
    const message =
      `more than ${MAX_ALIASES_PER_DOCUMENT} aliases in one document (an alias bomb, "alias expansion"): ` +
      'write the data out, or use fewer aliases';
    return [offsetFinding(file, lineCounter, HB006_ALIAS_LIMIT, 'error', message, first.alias.range)];
  }
  const targets = new Map<Alias, object>(scan.aliases.map((use) => [use.alias, use.target]));
  const measured = measure(doc.contents, targets);
  if ('cycle' in measured) {
    const alias = measured.cycle;
    const message = `alias '*${alias.source}' is used inside its own anchor '&${alias.source}', which makes the data endless: remove the alias`;
    return [offsetFinding(file, lineCounter, HB006_ALIAS_LIMIT, 'error', message, alias.range)];
  }
  const root = measured.memo.get(doc.contents as object);
  if (!root) return [];
  const sizeOf = (use: AliasUse): Measure => measured.memo.get(use.target) ?? { size: 0, height: 0 };
  if (root.height > MAX_NESTING_DEPTH) {
    const culprit = scan.aliases.find((use) => use.depth + sizeOf(use).height > MAX_NESTING_DEPTH);
    const message = `aliases make the data nest deeper than ${MAX_NESTING_DEPTH} levels: flatten the anchored data`;
    return [offsetFinding(file, lineCounter, HB007_NESTING_TOO_DEEP, 'error', message, culprit?.alias.range)];
  }
  if (root.size - scan.nodeCount > MAX_ALIAS_EXPANSION_NODES) {
    let culprit = scan.aliases[0];
    for (const use of scan.aliases) if (culprit && sizeOf(use).size > sizeOf(culprit).size) culprit = use;
    const message =
      `aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes (an alias bomb, "billion laughs"): ` +
      'use fewer nested aliases';
    return [offsetFinding(file, lineCounter, HB006_ALIAS_LIMIT, 'error', message, culprit?.alias.range)];
  }
  return [];
}

/** Post-order walk with an explicit stack; each node is measured once, however many aliases point at it. */
function measure(
  contents: unknown,
  targets: ReadonlyMap<Alias, object>,
): { memo: Map<object, Measure> } | { cycle: Alias } {
  const memo = new Map<object, Measure>();
  if (!contents || typeof contents !== 'object') return { memo };
  const onPath = new Set<object>([contents]);
  const stack: Frame[] = [frameOf(contents, targets)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const child = top.children[top.next++];
    if (child) {
      const known = memo.get(child);
      if (known) add(top, known);
      else if (onPath.has(child)) return { cycle: top.node as Alias };
      else {
        onPath.add(child);
        stack.push(frameOf(child, targets));
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.node);
    const result = finish(top);
    memo.set(top.node, result);
    const parent = stack[stack.length - 1];
    if (parent) add(parent, result);
  }
  return { memo };
}

function frameOf(node: object, targets: ReadonlyMap<Alias, object>): Frame {
  const children: object[] = [];
  if (isAlias(node)) {
    const target = targets.get(node);
    if (target) children.push(target);
  } else if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key && typeof item.key === 'object') children.push(item.key);
        if (item.value && typeof item.value === 'object') children.push(item.value);
      } else if (item && typeof item === 'object') {
        children.push(item);
      }
    }
  }
  return { node, children, next: 0, size: 0, height: 0 };
}

function add(frame: Frame, child: Measure): void {
  frame.size += child.size;
  if (child.height > frame.height) frame.height = child.height;
}

function finish(frame: Frame): Measure {
  if (isAlias(frame.node)) return { size: frame.size, height: frame.height };
  if (isMap(frame.node) || isSeq(frame.node)) return { size: 1 + frame.size, height: 1 + frame.height };
  return { size: 1, height: 0 };
}
