import { DistanceBudget, NameIndex, nearestName } from '../../nearest-name.js';

/** A candidate list the schema fixes, with its index. */
export interface SchemaNames {
  names: readonly string[];
  index: NameIndex;
}

const schemaNames = new WeakMap<object, SchemaNames>();

/**
 * The names a schema object offers (its keys, its enum values), indexed once
 * for every lookup, not once per unknown key or value. The set is fixed by the
 * schema and small, so a lookup costs a constant and needs no edit-distance
 * budget (a shared one would carry over from one run to the next).
 */
export function schemaNamesOf(owner: object, names: () => readonly string[]): SchemaNames {
  let known = schemaNames.get(owner);
  if (known === undefined) {
    const list = names();
    known = { names: list, index: new NameIndex(list, new DistanceBudget(Infinity)) };
    schemaNames.set(owner, known);
  }
  return known;
}

/** "; did you mean 'x'?" or "; allowed: a, b, c" (or "" when there is nothing to offer). */
export function suggestion(input: string, candidates: readonly string[] | SchemaNames, listLabel = 'allowed'): string {
  const { names, index } = Array.isArray(candidates) ? { names: candidates, index: undefined } : (candidates as SchemaNames);
  const near = nearestName(input, index ?? names);
  if (near !== undefined) return `; did you mean '${near}'?`;
  return names.length > 0 ? `; ${listLabel}: ${names.join(', ')}` : '';
}

/** `'text'` for messages: strings quoted, other values as JSON. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** What kind of YAML value this is, for type errors ("got a string 'abc'"). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return `the ${typeof value} ${String(value)}`;
}
