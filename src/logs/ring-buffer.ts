/** The last `capacity` items pushed, oldest first: the tail of a log in constant memory. */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The items, oldest first; the last `count` of them when given. */
  toArray(count = this.items.length): T[] {
    const ordered = this.items.length < this.capacity ? this.items : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return ordered.slice(Math.max(0, ordered.length - count));
  }

  get size(): number {
    return this.items.length;
  }
}
