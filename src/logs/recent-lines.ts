import type { KeptLine } from './excerpt-selection';

/** Turns a raw record (an NDJSON line) into its one text line, when it is needed. */
export type RenderLine = (raw: string) => string;

/**
 * The last `capacity` lines of a log, numbered, in constant memory and without an object per
 * line. A line may be kept raw with its renderer, and is rendered only if it is ever read back:
 * most lines of a large log never are.
 */
export class RecentLines {
  private readonly texts: string[];
  private readonly renders: (RenderLine | undefined)[];
  private next = 0;
  private size = 0;
  private lastNumber = 0;

  constructor(private readonly capacity: number) {
    this.texts = new Array<string>(Math.max(capacity, 0));
    this.renders = new Array<RenderLine | undefined>(Math.max(capacity, 0));
  }

  /** Keeps line number `n` (one more than the last). */
  push(n: number, text: string, render?: RenderLine): void {
    this.lastNumber = n;
    if (this.capacity <= 0) return;
    this.texts[this.next] = text;
    this.renders[this.next] = render;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size += 1;
  }

  /** Forgets the lines kept: the next one pushed does not follow them (lines were passed over). */
  clear(): void {
    this.texts.fill('');
    this.renders.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  /** The last `count` lines, oldest first, rendered. */
  last(count: number): KeptLine[] {
    const taken = Math.min(count, this.size);
    const lines: KeptLine[] = [];
    for (let back = taken; back >= 1; back -= 1) {
      const slot = (this.next - back + this.capacity) % this.capacity;
      const render = this.renders[slot];
      if (render) {
        this.texts[slot] = render(this.texts[slot]);
        this.renders[slot] = undefined;
      }
      lines.push({ n: this.lastNumber - back + 1, text: this.texts[slot] });
    }
    return lines;
  }
}
