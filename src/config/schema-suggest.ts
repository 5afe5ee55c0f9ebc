import { nearestName } from './nearest-name.js';

/** "; did you mean 'x'?" or "; allowed: a, b, c" (or "" when there is nothing to offer). */
export function suggestion(input: string, candidates: readonly string[], listLabel = 'allowed'): string {
  const near = nearestName(input, candidates);
  if (near !== undefined) return `; did you mean '${near}'?`;
  return candidates.length > 0 ? `; ${listLabel}: ${candidates.join(', ')}` : '';
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
