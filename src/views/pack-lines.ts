/**
 * Joins lines with `\n` into as few texts as possible, each at most `maxLength` characters. Lines
 * must each fit on their own (callers cut them first); one that does not is cut hard here.
 *
 * @example
 * packLines(['a', 'b', 'c'], 3) // ['a\nb', 'c']
 */
export function packLines(lines: readonly string[], maxLength: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const rawLine of lines) {
    const line = rawLine.length > maxLength ? rawLine.slice(0, maxLength) : rawLine;
    if (current === '') current = line;
    else if (current.length + 1 + line.length <= maxLength) current += `\n${line}`;
    else {
      texts.push(current);
      current = line;
    }
  }
  if (current !== '') texts.push(current);
  return texts;
}
