import { distance } from 'fastest-levenshtein';

/**
 * The candidate a typo most likely meant: an exact case-insensitive match, or
 * the nearest by edit distance when at most about a third of it differs.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  const prefixed = candidates.filter((c) => lower.length >= 3 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(Math.max(input.length, 3) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "; did you mean 'x'?" or "; allowed: a, b, c" (or "" when there is nothing to offer). */
export function suggestion(input: string, candidates: readonly string[], listLabel = 'allowed'): string {
  const near = didYouMean(input, candidates);
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
