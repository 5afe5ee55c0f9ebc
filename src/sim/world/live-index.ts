/**
 * Which browsers are alive (neither crashed nor frozen), as a Fenwick tree of
 * 0/1 flags: counting the live browsers in a range and finding the k-th one
 * cost O(log n), so a fault draws its victims among a million agents without
 * listing the live ones.
 */
export class LiveIndex {
  /** Fenwick tree over 1-based positions: tree[i] sums the flags of (i − lowbit(i), i]. */
  private readonly tree: Int32Array;
  private readonly flags: Uint8Array;
  private readonly highBit: number;

  /** Every one of `size` browsers starts alive. */
  constructor(readonly size: number) {
    this.flags = new Uint8Array(size).fill(1);
    this.tree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i++) {
      this.tree[i] = (this.tree[i] as number) + 1;
      const parent = i + (i & -i);
      if (parent <= size) this.tree[parent] = (this.tree[parent] as number) + (this.tree[i] as number);
    }
    let bit = 1;
    while (bit * 2 <= size) bit *= 2;
    this.highBit = bit;
  }

  isLive(agent: number): boolean {
    return this.flags[agent] === 1;
  }

  set(agent: number, live: boolean): void {
    const flag = live ? 1 : 0;
    if (this.flags[agent] === flag) return;
    this.flags[agent] = flag;
    const delta = live ? 1 : -1;
    for (let i = agent + 1; i <= this.size; i += i & -i) this.tree[i] = (this.tree[i] as number) + delta;
  }

  /** Live browsers among agents 0 … end − 1. */
  countBefore(end: number): number {
    let sum = 0;
    for (let i = Math.min(end, this.size); i > 0; i -= i & -i) sum += this.tree[i] as number;
    return sum;
  }

  /** The agent that is the `rank`-th live browser (0-based), or −1 when there are not that many. */
  select(rank: number): number {
    let position = 0;
    let left = rank + 1;
    for (let bit = this.highBit; bit > 0; bit >>= 1) {
      const next = position + bit;
      if (next <= this.size && (this.tree[next] as number) < left) {
        position = next;
        left -= this.tree[next] as number;
      }
    }
    return position < this.size ? position : -1;
  }
}
