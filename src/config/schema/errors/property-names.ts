import type { ErrorObject } from 'ajv';

/**
 * The wrapper error of propertyNames says nothing the inner one does not: it
 * goes when any other kept key starts with its own key and `#` (its inner
 * error). Keys are visited in insertion order and a dropped key no longer
 * counts for later ones. The keys that start with `k#` are one run of the
 * sorted keys, so a Fenwick tree of the keys still kept answers each question
 * in log time, not with a scan of every key (20,000 bad label keys took 54 s).
 */
export function dropWrappedPropertyNames(byNode: Map<string, ErrorObject>): void {
  const wrappers = [...byNode].filter(([, e]) => e.keyword === 'propertyNames').map(([key]) => key);
  if (wrappers.length === 0) return;
  const sorted = [...byNode.keys()].sort(compareCodeUnits);
  const kept = new KeptCounts(sorted.length);
  for (const key of wrappers) {
    // `key#` ≤ k < `key$` exactly when k starts with `key#`.
    const inside = kept.between(lowerBound(sorted, `${key}#`), lowerBound(sorted, `${key}$`));
    if (inside === 0) continue;
    byNode.delete(key);
    kept.remove(lowerBound(sorted, key));
  }
}

/** How many of n sorted positions are still kept, by range (a Fenwick tree). */
class KeptCounts {
  private readonly tree: number[];

  constructor(n: number) {
    this.tree = new Array<number>(n + 1).fill(0);
    for (let i = 1; i <= n; i++) {
      this.tree[i] = (this.tree[i] as number) + 1;
      const up = i + (i & -i);
      if (up <= n) this.tree[up] = (this.tree[up] as number) + (this.tree[i] as number);
    }
  }

  /** Kept positions in [from, to). */
  between(from: number, to: number): number {
    return this.before(to) - this.before(from);
  }

  remove(position: number): void {
    for (let i = position + 1; i < this.tree.length; i += i & -i) this.tree[i] = (this.tree[i] as number) - 1;
  }

  private before(end: number): number {
    let total = 0;
    for (let i = end; i > 0; i -= i & -i) total += this.tree[i] as number;
    return total;
  }
}

/** Code-unit order, as `<` compares strings. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index of `sorted` whose key is ≥ `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
