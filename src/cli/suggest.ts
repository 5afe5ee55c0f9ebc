import { closest, distance } from 'fastest-levenshtein';

/** The candidate nearest to `input`, when it is close enough to be a plausible typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const lower = input.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase !== undefined) return exactCase;
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  const limit = Math.max(2, Math.floor(input.length / 3));
  return distance(lower, best) <= limit ? candidates[index] : undefined;
}

/** ` (did you mean "x"?)`, or an empty string when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const hit = nearest(input, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}
