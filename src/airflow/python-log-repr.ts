/**
 * Airflow 2 sends a JSON log page's `content` as Python's `repr` of a list of `(host, text)`
 * tuples: `[('worker-1', '*** Found local files:\n…')]`, quotes and escapes included. This reads
 * that back into the texts. `undefined` when `content` is not such a list (plain text is used as is).
 *
 * @example
 * pythonLogTexts("[('w1', 'line 1\\nline 2')]") // ['line 1\nline 2']
 */
export function pythonLogTexts(content: string): string[] | undefined {
  try {
    return new ReprReader(content).readTupleList();
  } catch {
    return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

class ReprReader {
  private index = 0;

  constructor(private readonly text: string) {}

  readTupleList(): string[] {
    const texts: string[] = [];
    this.expect('[');
    while (!this.accept(']')) {
      this.expect('(');
      this.readString(); // the host
      this.expect(',');
      texts.push(this.readString());
      this.accept(',');
      this.expect(')');
      if (!this.accept(',')) {
        this.expect(']');
        break;
      }
    }
    this.skipSpace();
    if (this.index !== this.text.length) throw new Error('text after the list');
    return texts;
  }

  private readString(): string {
    this.skipSpace();
    const quote = this.text[this.index];
    if (quote !== "'" && quote !== '"') throw new Error('expected a string');
    this.index += 1;
    let value = '';
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined) throw new Error('unterminated string');
      this.index += 1;
      if (char === quote) return value;
      value += char === '\\' ? this.readEscape() : char;
    }
  }

  private readEscape(): string {
    const char = this.text[this.index];
    if (char === undefined) throw new Error('unterminated escape');
    this.index += 1;
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) return simple;
    if (char === 'x') return this.readCodePoint(2);
    if (char === 'u') return this.readCodePoint(4);
    if (char === 'U') return this.readCodePoint(8);
    if (/[0-7]/.test(char)) {
      let digits = char;
      while (digits.length < 3 && /[0-7]/.test(this.text[this.index] ?? '')) digits += this.text[this.index++];
      return String.fromCodePoint(Number.parseInt(digits, 8));
    }
    return `\\${char}`;
  }

  private readCodePoint(length: number): string {
    const digits = this.text.slice(this.index, this.index + length);
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== length) throw new Error('bad escape');
    this.index += length;
    return String.fromCodePoint(Number.parseInt(digits, 16));
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.index] ?? '')) this.index += 1;
  }

  private accept(char: string): boolean {
    this.skipSpace();
    if (this.text[this.index] !== char) return false;
    this.index += 1;
    return true;
  }

  private expect(char: string): void {
    if (!this.accept(char)) throw new Error(`expected ${char}`);
  }
}
