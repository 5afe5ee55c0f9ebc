import type { YamlPath } from '../../document.js';

/** ajv's `instancePath` (JSON Pointer) → YAML path; segments that index a list become numbers. */
export function instancePathToYamlPath(instancePath: string, data: unknown): (string | number)[] {
  if (instancePath === '') return [];
  const out: (string | number)[] = [];
  let node = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(seg);
      out.push(index);
      node = node[index];
    } else {
      out.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** The sub-schema at an ajv `schemaPath` (`#/properties/spec/additionalProperties`). */
export function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  let node = root;
  const parts = schemaPath.replace(/^#\/?/, '');
  if (parts !== '') {
    for (const raw of parts.split('/')) {
      const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[seg];
    }
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

/** The value at `path` in plain data. */
export function valueAt(data: unknown, path: YamlPath): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, seg) ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return node;
}

/** How findings name a node: without the leading `spec.` (`heartbeatLag`, `parameters.X.default`, `metadata.name`). */
export function labelOf(path: YamlPath): string {
  const rest = path[0] === 'spec' && path.length > 1 ? path.slice(1) : path;
  return rest.length === 0 ? 'the document' : rest.map(String).join('.');
}
