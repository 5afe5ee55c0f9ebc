import { distance } from 'fastest-levenshtein';

/**
 * Edit distance is only worth its cost on names of a sensible size: a longer
 * input (names have at most 120 characters) gets no edit-distance suggestion,
 * so a megabyte-long typo costs one pass over it, not one per candidate.
 */
export const MAX_COMPARED_LENGTH = 128;
/**
 * At most this many candidates are compared by edit distance per lookup: those
 * whose length is nearest the input's (then alphabetically). Edit distance is at
 * least the length difference, so the nearest lengths are the likeliest matches.
 */
export const MAX_COMPARED_CANDIDATES = 100;
/**
 * Edit-distance work one budget allows across all its lookups, in compared
 * characters (the input's length plus the candidate's, per comparison): about
 * 40,000 comparisons of two 120-character names, well under a second. The
 * caps above bound one lookup, not how many a file makes: 75,000 misspelt
 * 120-character references among 100 such names took minutes. Normal files
 * make a few lookups and never come near it.
 */
export const MAX_COMPARED_CHARACTERS = 10_000_000;

/**
 * What is left of the edit-distance work for a run of lookups. A lookup that
 * starts with budget left finishes (so it is never half-compared), and later
 * ones offer only the cheap matches (another case, a unique prefix): the first
 * lookups, in the order they are made, get full suggestions, so the result is
 * deterministic. Indexes that one rule looks names up in may share a budget.
 */
export class DistanceBudget {
  constructor(private remaining: number = MAX_COMPARED_CHARACTERS) {}

  get spent(): boolean {
    return this.remaining <= 0;
  }

  charge(characters: number): void {
    this.remaining -= characters;
  }
}

interface Spelling {
  name: string;
  lower: string;
  /** How often `name` occurs among the candidates (a prefix must be unique). */
  count: number;
}

/**
 * The candidates of many lookups, prepared once: by lower-case spelling, in
 * sorted lower-case order (prefixes) and by length (edit distance), so one
 * lookup costs about the length of the input, not the size of the set.
 */
export class NameIndex {
  private readonly byLower = new Map<string, string[]>();
  private readonly byLength = new Map<number, Spelling[]>();
  private readonly sorted: Spelling[];
  private distinctSorted: string[] | undefined;

  /**
   * `budget` limits the edit-distance work of all lookups in this index (and in
   * any other index given the same budget); `new DistanceBudget(Infinity)` suits a fixed, small
   * candidate set such as a schema's keys, where each lookup costs a constant.
   */
  constructor(candidates: Iterable<string>, private readonly budget: DistanceBudget = new DistanceBudget()) {
    const spellings = new Map<string, Spelling>();
    for (const name of candidates) {
      const known = spellings.get(name);
      if (known !== undefined) {
        known.count++;
        continue;
      }
      const spelling = { name, lower: name.toLowerCase(), count: 1 };
      spellings.set(name, spelling);
      pushTo(this.byLower, spelling.lower, name);
      pushTo(this.byLength, spelling.lower.length, spelling);
    }
    this.sorted = [...spellings.values()].sort((a, b) => compare(a.lower, b.lower) || compare(a.name, b.name));
    for (const group of this.byLength.values()) group.sort((a, b) => compare(a.name, b.name));
  }

  /** The distinct candidates in code-unit order (as `Array.prototype.sort` orders them). */
  get names(): readonly string[] {
    this.distinctSorted ??= this.sorted.map((s) => s.name).sort();
    return this.distinctSorted;
  }

  /** See `nearestName`. */
  nearest(input: string): string | undefined {
    const lower = input.toLowerCase();
    const sameLetters = this.byLower.get(lower)?.find((c) => c !== input);
    if (sameLetters !== undefined) return sameLetters;
    const prefixed = lower.length >= 3 ? this.onlyWithPrefix(input, lower) : undefined;
    if (prefixed !== undefined) return prefixed;
    if (input.length > MAX_COMPARED_LENGTH || this.budget.spent) return undefined;
    const limit = input.length <= 2 ? 1 : Math.max(2, Math.floor(input.length / 3));
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of this.nearestLengths(input, lower.length, limit)) {
      const d = distance(lower, candidate.lower);
      this.budget.charge(lower.length + candidate.lower.length);
      if (d < bestDistance || (d === bestDistance && best !== undefined && candidate.name < best)) {
        best = candidate.name;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? best : undefined;
  }

  /** The one candidate (counting repeats) other than `input` whose lower case starts with `lower`. */
  private onlyWithPrefix(input: string, lower: string): string | undefined {
    let found: Spelling | undefined;
    let total = 0;
    for (let i = lowerBound(this.sorted, lower); i < this.sorted.length; i++) {
      const spelling = this.sorted[i] as Spelling;
      if (!spelling.lower.startsWith(lower)) break;
      if (spelling.name === input) continue;
      found = spelling;
      total += spelling.count;
      if (total > 1) return undefined;
    }
    return found?.name;
  }

  /**
   * Candidates other than `input` that can be within `limit` edits (length
   * difference ≤ limit), nearest length first, at most MAX_COMPARED_CANDIDATES.
   */
  private *nearestLengths(input: string, length: number, limit: number): Generator<Spelling> {
    let given = 0;
    for (let diff = 0; diff <= limit; diff++) {
      for (const len of diff === 0 ? [length] : [length - diff, length + diff]) {
        for (const spelling of this.byLength.get(len) ?? []) {
          if (spelling.name === input) continue;
          if (given++ >= MAX_COMPARED_CANDIDATES) return;
          yield spelling;
        }
      }
    }
  }
}

/**
 * The candidate a typo most likely meant, shared by every "did you mean" in
 * hbctl (keys, kinds, enum values, names, roles, CLI arguments):
 * 1. the same letters in another case;
 * 2. the only candidate that starts with what was typed (3 characters or more);
 * 3. the nearest by edit distance, when at most about a third of it differs
 *    (at least 2, so a transposition like `spce` still finds `spec`; 1 for
 *    names of one or two characters). Ties go to the alphabetically first.
 *    Only inputs up to MAX_COMPARED_LENGTH characters are compared, with at
 *    most MAX_COMPARED_CANDIDATES candidates of the nearest lengths, while
 *    the index's DistanceBudget (MAX_COMPARED_CHARACTERS) lasts.
 * `input` itself is never suggested. Pass a `NameIndex` to look up many
 * inputs among the same candidates.
 */
export function nearestName(input: string, candidates: Iterable<string> | NameIndex): string | undefined {
  const index = candidates instanceof NameIndex ? candidates : new NameIndex(candidates);
  return index.nearest(input);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Code-unit order, as `<` compares strings (and `localeCompare` does not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index of `sorted` whose lower case is ≥ `lower`. */
function lowerBound(sorted: readonly Spelling[], lower: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Spelling).lower < lower) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
