/**
 * Calls waiting for a free agent: new calls join at the back, rerouted calls
 * go back to the front (they keep their place). A growable ring buffer, so
 * both ends cost O(1) however long the queue gets.
 */
export class CallQueue<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private first = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  pushBack(item: T): void {
    this.growIfFull();
    this.items[(this.first + this.count) % this.items.length] = item;
    this.count++;
  }

  pushFront(item: T): void {
    this.growIfFull();
    this.first = (this.first - 1 + this.items.length) % this.items.length;
    this.items[this.first] = item;
    this.count++;
  }

  /** The front item, removed; undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.first];
    this.items[this.first] = undefined;
    this.first = (this.first + 1) % this.items.length;
    this.count--;
    return item;
  }

  private growIfFull(): void {
    if (this.count < this.items.length) return;
    const grown = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) grown[i] = this.items[(this.first + i) % this.items.length];
    this.items = grown;
    this.first = 0;
  }
}
