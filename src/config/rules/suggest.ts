import { distance } from 'fastest-levenshtein';

/**
 * The existing name closest to `wanted`, when it is close enough to be a
 * plausible typo: same letters in another case, or an edit distance of at
 * most a third of the length (at least 1, at most 3).
 */
export function closestName(wanted: string, candidates: Iterable<string>): string | undefined {
  const lower = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const d = candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/**
 * "did you mean 'STRICT'?" when a close name exists, otherwise the first
 * existing names ("existing: 'A', 'B', 'C', …"), or that there is none.
 */
export function suggestion(wanted: string, candidates: readonly string[], noneText: string): string {
  const close = closestName(wanted, candidates);
  if (close !== undefined) return `did you mean '${close}'?`;
  const unique = [...new Set(candidates)].sort();
  if (unique.length === 0) return noneText;
  const shown = unique.slice(0, 3).map((n) => `'${n}'`).join(', ');
  return `existing: ${shown}${unique.length > 3 ? ', …' : ''}`;
}
