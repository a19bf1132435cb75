/**
 * Airflow 2's JSON log `content` is Python's `str()` of a list of `(host, text)` tuples, e.g.
 * `[('worker-1', '*** Found local files:\n…')]`, escapes and all. This writes that form.
 */

/** Python's `repr` of a `str`: single quotes unless only double quotes avoid escaping. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}

/** `[('host', 'text')]`, as `str(list_of_tuples)` prints it. */
export function pythonHostLogRepr(host: string, text: string): string {
  return `[(${pythonStringRepr(host)}, ${pythonStringRepr(text)})]`;
}
