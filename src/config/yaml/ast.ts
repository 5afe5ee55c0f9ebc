import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, LineCounter, Scalar, YAMLMap } from 'yaml';
import { MAX_NESTING_DEPTH, TOO_DEEP_MESSAGE } from './cst.js';
import {
  HB001_YAML_SYNTAX,
  HB002_DUPLICATE_KEY,
  HB007_NESTING_TOO_DEEP,
  HB008_FORBIDDEN_KEY,
  offsetFinding,
} from './findings.js';
import type { YamlPath } from '../document.js';
import type { Finding } from '../finding.js';
import { offsetPosition, scalarKeyString } from '../positions.js';

/**
 * Keys refused (HB008): `__proto__`, the one key whose assignment to a plain
 * object sets its prototype instead of adding an entry. `constructor`,
 * `prototype`, `toString` and the like are ordinary names: every lookup by a
 * user's name reads own entries of null-prototype tables or Maps.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/** An alias as it occurs in the document, with its anchored node. */
export interface AliasUse {
  alias: Alias;
  target: object;
  /** Number of collections enclosing the alias. */
  depth: number;
}

export interface TreeScan {
  findings: Finding[];
  /** False when the data cannot be built safely (unknown alias, nesting too deep). */
  usable: boolean;
  hasForbiddenKeys: boolean;
  /** Nodes in the document as written (aliases not expanded). */
  nodeCount: number;
  aliases: AliasUse[];
}

interface Frame {
  node: unknown;
  path: YamlPath;
  depth: number;
  /** The node is a map key. */
  isKey?: boolean;
}

/**
 * One pass over a composed document in document order, with an explicit
 * stack: duplicate keys (HB002), forbidden keys (HB008), unknown aliases
 * (HB001), collections nested too deep (HB007), and the aliases for the
 * expansion check. Aliases are resolved here the way the `yaml` library does
 * (the nearest preceding anchor of that name) without its per-alias scan of
 * the whole document.
 */
export function scanTree(doc: Document.Parsed, lineCounter: LineCounter, file: string): TreeScan {
  const scan: TreeScan = { findings: [], usable: true, hasForbiddenKeys: false, nodeCount: 0, aliases: [] };
  const anchors = new Map<string, object>();
  const stack: Frame[] = [{ node: doc.contents, path: [], depth: 0 }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node, path, depth, isKey } = frame;
    if (!node || typeof node !== 'object') continue;
    scan.nodeCount++;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) unknownAlias(scan, file, lineCounter, node, path);
      else {
        scan.aliases.push({ alias: node, target, depth });
        if (isKey && isScalar(target)) checkForbiddenKey(scan, file, lineCounter, scalarKeyString(target.value), node, path);
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > MAX_NESTING_DEPTH) {
      const range = [node.range?.[0] ?? 0];
      scan.findings.push(offsetFinding(file, lineCounter, HB007_NESTING_TOO_DEEP, 'error', TOO_DEEP_MESSAGE, range, path));
      scan.usable = false;
      return scan;
    }
    if (isMap(node)) checkKeys(scan, file, lineCounter, node, path);
    pushChildren(stack, node.items, path, depth + 1);
  }
  return scan;
}

/** Children are pushed in reverse so that they are popped in document order. */
function pushChildren(stack: Frame[], items: readonly unknown[], path: YamlPath, depth: number): void {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isPair(item)) {
      const keyPath = isScalar(item.key) ? [...path, scalarKeyString(item.key.value)] : path;
      stack.push({ node: item.value, path: keyPath, depth });
      // Keys that are collections get the path of their map: they have no path of their own.
      stack.push({ node: item.key, path, depth, isKey: true });
    } else {
      stack.push({ node: item, path: [...path, i], depth });
    }
  }
}

function checkKeys(scan: TreeScan, file: string, lineCounter: LineCounter, map: YAMLMap, path: YamlPath): void {
  const seen = new Map<string, Scalar>();
  for (const pair of map.items) {
    const key: unknown = pair.key;
    if (!isScalar(key)) continue;
    const name = scalarKeyString(key.value);
    checkForbiddenKey(scan, file, lineCounter, name, key, path);
    const first = seen.get(name);
    if (first) scan.findings.push(duplicateKeyFinding(file, lineCounter, name, first, key, path));
    else seen.set(name, key);
  }
}

function checkForbiddenKey(
  scan: TreeScan,
  file: string,
  lineCounter: LineCounter,
  name: string,
  keyNode: { range?: readonly number[] | null },
  mapPath: YamlPath,
): void {
  if (!FORBIDDEN_KEYS.has(name)) return;
  scan.hasForbiddenKeys = true;
  scan.findings.push(forbiddenKeyFinding(file, lineCounter, name, keyNode, mapPath));
}

/** HB002 for `key`, a later key of the map at `mapPath` named like `first`. */
export function duplicateKeyFinding(
  file: string,
  lineCounter: LineCounter,
  name: string,
  first: Scalar,
  key: Scalar,
  mapPath: YamlPath,
): Finding {
  const firstLine = offsetPosition(lineCounter, first.range?.[0] ?? 0).line;
  const message = `duplicate key '${name}' (first defined on line ${firstLine}): the later value wins; remove one of them`;
  return offsetFinding(file, lineCounter, HB002_DUPLICATE_KEY, 'error', message, key.range, [...mapPath, name]);
}

/** HB008 for a key named `name` (in FORBIDDEN_KEYS) of the map at `mapPath`. */
export function forbiddenKeyFinding(
  file: string,
  lineCounter: LineCounter,
  name: string,
  keyNode: { range?: readonly number[] | null },
  mapPath: YamlPath,
): Finding {
  const message = `forbidden key '${name}': it is ignored because assigning it would set a JavaScript object's prototype; remove it`;
  return offsetFinding(file, lineCounter, HB008_FORBIDDEN_KEY, 'error', message, keyNode.range, [...mapPath, name]);
}

function unknownAlias(scan: TreeScan, file: string, lineCounter: LineCounter, alias: Alias, path: YamlPath): void {
  const message = `unknown alias '*${alias.source}': define the anchor '&${alias.source}' before using it`;
  scan.findings.push(offsetFinding(file, lineCounter, HB001_YAML_SYNTAX, 'error', message, alias.range, path));
  scan.usable = false;
}

/**
 * Deletes forbidden keys from converted data. The walk keeps a set of
 * visited objects because aliases make the data a graph, not a tree.
 */
export function removeForbiddenKeys(data: unknown): void {
  const visited = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!value || typeof value !== 'object' || visited.has(value)) continue;
    visited.add(value);
    for (const key of FORBIDDEN_KEYS) {
      if (Object.prototype.hasOwnProperty.call(value, key)) delete (value as Record<string, unknown>)[key];
    }
    // A loop, not `push(...values)`: spreading a huge array overflows the argument limit.
    for (const child of Object.values(value)) stack.push(child);
  }
}
