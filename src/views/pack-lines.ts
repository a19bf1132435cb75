/** One packed text and how many lines went into it. */
export interface PackedText {
  text: string;
  lineCount: number;
}

/**
 * Joins lines with `\n` into as few texts as possible, each at most `maxLength` characters. Lines
 * must each fit on their own (callers cut them first); one that does not is cut hard here.
 *
 * @example
 * packLines(['a', 'b', 'c'], 3) // ['a\nb', 'c']
 */
export function packLines(lines: readonly string[], maxLength: number): string[] {
  return packLinesCounted(lines, maxLength).map((packed) => packed.text);
}

/** {@link packLines}, also telling how many lines each text holds (to count what was left out). */
export function packLinesCounted(lines: readonly string[], maxLength: number): PackedText[] {
  const packed: PackedText[] = [];
  let current: PackedText | undefined;
  for (const rawLine of lines) {
    const line = rawLine.length > maxLength ? rawLine.slice(0, maxLength) : rawLine;
    if (current !== undefined && current.text.length + 1 + line.length <= maxLength) {
      current.text += `\n${line}`;
      current.lineCount += 1;
    } else {
      current = { text: line, lineCount: 1 };
      packed.push(current);
    }
  }
  return packed;
}
