import type { ErrorObject } from 'ajv';

/**
 * anyOf/oneOf produce one error per failed branch plus their own; users want
 * one statement about the node. This splits them out: a failed alternative
 * whose branches all miss a required key or all have the wrong type becomes
 * one combined error; otherwise the branch that got furthest (deepest
 * instance path, then fewest errors) is kept and the rest dropped.
 */
export type Alternative =
  | { kind: 'required'; error: ErrorObject; names: string[] }
  | { kind: 'type'; error: ErrorObject; types: string[] }
  | { kind: 'ambiguous'; error: ErrorObject };

export function collapseAlternatives(errors: readonly ErrorObject[]): { singles: ErrorObject[]; alternatives: Alternative[] } {
  const consumed = new Set<ErrorObject>();
  const keep = new Set<ErrorObject>();
  const alternatives: Alternative[] = [];
  const alts = errors
    .map((e, index) => ({ e, index }))
    .filter(({ e }) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.e.schemaPath.length - b.e.schemaPath.length);
  const under = alts.length === 0 ? new Map<string, number[]>() : indexByAncestor(errors);
  for (const { e: alt, index } of alts) {
    if (consumed.has(alt)) continue;
    const branch: ErrorObject[] = [];
    for (const i of under.get(alt.instancePath) ?? []) {
      if (i >= index) break;
      const e = errors[i] as ErrorObject;
      if (!consumed.has(e) && belongsTo(e, alt)) branch.push(e);
    }
    consumed.add(alt);
    for (const e of branch) consumed.add(e);
    const combined = combine(alt, branch);
    if (combined) alternatives.push(combined);
    else for (const e of bestBranch(alt, branch)) keep.add(e);
  }
  const singles = errors.filter((e) => !consumed.has(e) || keep.has(e));
  return { singles, alternatives };
}

/**
 * For each instance path, the positions (ascending) of the errors at it or
 * beneath it: an alternative looks only at its own subtree, not at every error
 * before it (20,000 faults that each failed an anyOf took 27 s).
 */
function indexByAncestor(errors: readonly ErrorObject[]): Map<string, number[]> {
  const under = new Map<string, number[]>();
  errors.forEach((e, i) => {
    const path = e.instancePath;
    for (let end = path.length; end >= 0; end = end === 0 ? -1 : path.lastIndexOf('/', end - 1)) {
      const ancestor = path.slice(0, end);
      const list = under.get(ancestor);
      if (list === undefined) under.set(ancestor, [i]);
      else list.push(i);
    }
  });
  return under;
}

function belongsTo(e: ErrorObject, alt: ErrorObject): boolean {
  const under = e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`);
  // Branches that `$ref` a definition report paths inside `$defs`, not under the anyOf.
  return under && (e.schemaPath.startsWith(`${alt.schemaPath}/`) || e.schemaPath.startsWith('#/$defs/'));
}

function combine(alt: ErrorObject, branch: ErrorObject[]): Alternative | undefined {
  if (branch.length === 0) return { kind: 'ambiguous', error: alt };
  const here = branch.every((e) => e.instancePath === alt.instancePath);
  if (here && branch.every((e) => e.keyword === 'required')) {
    return { kind: 'required', error: alt, names: unique(branch.map((e) => String(e.params.missingProperty))) };
  }
  if (here && branch.every((e) => e.keyword === 'type')) {
    return { kind: 'type', error: alt, types: unique(branch.flatMap((e) => String(e.params.type).split(','))) };
  }
  return undefined;
}

function bestBranch(alt: ErrorObject, branch: ErrorObject[]): ErrorObject[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of branch) {
    const rest = e.schemaPath.startsWith(`${alt.schemaPath}/`) ? e.schemaPath.slice(alt.schemaPath.length + 1) : '?';
    const id = rest.split('/')[0] ?? '?';
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [e]);
    else group.push(e);
  }
  let best: ErrorObject[] = [];
  let bestScore = -Infinity;
  for (const group of groups.values()) {
    // A loop, not Math.max(...): a branch can hold more errors than a call has arguments.
    let depth = -Infinity;
    for (const e of group) depth = Math.max(depth, e.instancePath.split('/').length);
    const score = depth * 1000 - group.length;
    if (score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
