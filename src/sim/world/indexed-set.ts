/** A set of agent numbers with O(1) add, remove and pick-by-position (for uniform random choice). */
export class IndexedSet {
  private items: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(universe: number) {
    this.items = new Int32Array(Math.max(16, Math.min(universe, 1024)));
    this.pos = new Int32Array(universe).fill(-1);
  }

  has(x: number): boolean {
    return (this.pos[x] as number) >= 0;
  }

  add(x: number): void {
    if (this.has(x)) return;
    if (this.size >= this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.size] = x;
    this.pos[x] = this.size++;
  }

  delete(x: number): void {
    const i = this.pos[x] as number;
    if (i < 0) return;
    const last = this.items[--this.size] as number;
    this.items[i] = last;
    this.pos[last] = i;
    this.pos[x] = -1;
  }

  at(i: number): number {
    return this.items[i] as number;
  }
}
