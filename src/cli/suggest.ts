import { nearestName } from '../config/nearest-name.js';

/** ` (did you mean "x"?)`, or an empty string when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const hit = nearestName(input, candidates);
  return hit === undefined ? '' : ` (did you mean "${hit}"?)`;
}
