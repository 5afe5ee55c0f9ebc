import { distance } from 'fastest-levenshtein';

/**
 * The candidate a typo most likely meant, shared by every "did you mean" in
 * hbctl (keys, kinds, enum values, names, roles, CLI arguments):
 * 1. the same letters in another case;
 * 2. the only candidate that starts with what was typed (3 characters or more);
 * 3. the nearest by edit distance, when at most about a third of it differs
 *    (at least 2, so a transposition like `spce` still finds `spec`; 1 for
 *    names of one or two characters). Ties go to the alphabetically first.
 * `input` itself is never suggested.
 */
export function nearestName(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  const others = [...candidates].filter((c) => c !== input);
  const sameLetters = others.find((c) => c.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  const prefixed = lower.length >= 3 ? others.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of others) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = input.length <= 2 ? 1 : Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}
