/**
 * Secret masking for log text before it leaves the worker (an excerpt, a log file, an alert, a
 * webhook lookup). The shapes are a table (secret-rules.ts) following gitleaks' public rule list
 * where it has one; the engine here is ours because a log needs a synchronous replace on each
 * line as it streams by, with a private key block followed across lines, where scanners such as
 * secretlint run asynchronous rules over whole documents and report findings.
 */
import { SECRET_RULES, type MatchRule, type ValueRule } from './secret-rules';

/** What a masked secret becomes: the same mark Airflow's own masker writes. */
export const MASK = '***';

/** Airflow leaves values this short unmasked (`min_length_masked_secret`); so does the bot. */
export const MIN_MASKED_LENGTH = 5;

const BLOCK_BEGIN = /-----BEGIN [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----/;
const BLOCK_END = /-----END [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----/;

/** Any rule's hint: a line without one holds no secret shape. */
const ANY_HINT = new RegExp(SECRET_RULES.map((rule) => rule.hint.source).join('|'), 'i');

/** The values of a deployment's own credentials, with the ways a log may spell them. */
function knownSpellings(values: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_MASKED_LENGTH) continue;
    spellings.add(value);
    spellings.add(encodeURIComponent(value));
    // Python's quote(value, safe='') and quote_plus(value).
    const quoted = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    spellings.add(quoted);
    spellings.add(quoted.replace(/%20/g, '+'));
    spellings.add(JSON.stringify(value).slice(1, -1));
    // Inside a Python repr's single quotes.
    spellings.add(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
  }
  // Longest first, so a value that contains another is masked whole.
  return [...spellings].filter((spelling) => spelling.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Masks one line at a time, in order: a private key block is followed from its `BEGIN` line to its
 * `END` line, so a key printed over many lines (or arriving over many reads) is masked whole.
 *
 * @example
 * const masker = new SecretMasker(['hunter2hunter2']);
 * masker.maskLine('login with hunter2hunter2'); // 'login with ***'
 */
export class SecretMasker {
  private readonly known: string[];
  private inPrivateKeyBlock = false;

  constructor(knownSecrets: readonly string[] = []) {
    this.known = knownSpellings(knownSecrets);
  }

  /** True between a private key's `BEGIN` line and its `END` line. */
  get inPrivateKey(): boolean {
    return this.inPrivateKeyBlock;
  }

  /** The line with every secret replaced by `***`. */
  maskLine(line: string): string {
    return this.maskContent(this.guardLine(line));
  }

  /**
   * Only the private key block tracking, cheap enough for every line of a large log; the lines
   * that are kept go through {@link SecretMasker.maskContent} later.
   */
  guardLine(line: string): string {
    if (this.inPrivateKeyBlock) {
      if (line.includes('-----END') && BLOCK_END.test(line)) this.inPrivateKeyBlock = false;
      return MASK;
    }
    if (line.includes('-----BEGIN') && BLOCK_BEGIN.test(line)) {
      const begin = line.search(BLOCK_BEGIN);
      if (!BLOCK_END.test(line.slice(begin))) {
        this.inPrivateKeyBlock = true;
        return line.slice(0, begin) + MASK;
      }
    }
    return line;
  }

  /** Known values and secret shapes, within one line; no state. */
  maskContent(line: string): string {
    let masked = line;
    for (const value of this.known) if (masked.includes(value)) masked = masked.split(value).join(MASK);
    if (!ANY_HINT.test(masked)) return masked;
    for (const rule of SECRET_RULES) {
      if (rule.hint.test(masked)) masked = rule.kind === 'match' ? maskMatches(masked, rule) : maskValues(masked, rule);
    }
    return masked;
  }
}

/**
 * Masks a whole text (an alert's message, say), line by line.
 *
 * @param knownSecrets the deployment's own credential values, masked wherever they appear.
 * @example
 * maskSecrets('conn postgres://etl:s3cr3t-pw@db/x', []); // 'conn postgres://etl:***@db/x'
 */
export function maskSecrets(text: string, knownSecrets: readonly string[] = []): string {
  const masker = new SecretMasker(knownSecrets);
  return text
    .split('\n')
    .map((line) => masker.maskLine(line))
    .join('\n');
}

function maskMatches(line: string, rule: MatchRule): string {
  return line.replace(rule.pattern, (...args: unknown[]) => {
    const groups = args.at(-1);
    if (typeof groups !== 'object' || groups === null) return MASK;
    const { before, after } = groups as { before?: string; after?: string };
    return `${before ?? ''}${MASK}${after ?? ''}`;
  });
}

function maskValues(line: string, rule: ValueRule): string {
  const key = rule.key;
  key.lastIndex = 0;
  let masked = '';
  let copied = 0;
  for (let match = key.exec(line); match; match = key.exec(line)) {
    const start = match.index + match[0].length;
    const span = readValue(line, start, { ...rule, toLineEnd: rule.toLineEnd === true && spansLine(match[0]), within: enclosingQuote(line, match) });
    if (span) {
      masked += line.slice(copied, span.from) + MASK;
      copied = span.to;
    }
    key.lastIndex = Math.max(span?.to ?? start, match.index + 1);
  }
  return copied === 0 ? line : masked + line.slice(copied);
}

/**
 * The quote that opens just before the key and is not closed after it, as in
 * `-H 'Authorization: Bearer …'`: the value ends there.
 */
function enclosingQuote(line: string, key: RegExpExecArray): string | undefined {
  if (/["']/.test(key[0])) return undefined;
  let at = key.index;
  while (at > 0 && key.index - at < 64 && /[\w.-]/.test(line[at - 1]!)) at -= 1;
  const quote = line[at - 1];
  return quote === '"' || quote === "'" ? quote : undefined;
}

/** An unquoted key with `: ` or ` = ` (YAML, INI, a header), whose unquoted value is the rest of the line. */
function spansLine(key: string): boolean {
  const separator = /(=>|:=|[:=])([ \t]*)$/.exec(key);
  if (!separator || /["']/.test(key.slice(0, separator.index))) return false;
  return separator[1] !== '=' || separator[2] !== '';
}

type ValueReading = Pick<ValueRule, 'toLineEnd' | 'keepScheme' | 'ampersandEnds' | 'flag'> & {
  /** The quote the key and its value are inside of, which ends an unquoted value. */
  within?: string;
};

interface Span {
  from: number;
  to: number;
}

/** What may precede the credentials in a value: it stays, so the reader sees which kind it was. */
const SCHEME = /^(?:Bearer|Basic|Token|Digest|Negotiate|Bot|AWS4-HMAC-SHA256)[ \t]+(?=\S)/i;

/** Values that say there is no secret: `password=None`, `token: null`, Airflow's own `***`. */
const NO_SECRET = /^(?:None|null|nil|true|false|\*+)[,;]?$/i;

/** Ends an unquoted word, one character of it, when it closes what the key was in: `(password=x)`. */
const CLOSING = `"'),;}]>`;

/** After a closing quote, these end the value; anything else carries on (`"ab"cd` is one shell word). */
const AFTER_QUOTE = `,;:)}]>&\\"'\``;

/**
 * Where the value starting at `start` is, as the part to mask: inside its quotes when quoted, up to
 * the unescaped closing quote (or the end of the line when there is none); else one word, or the
 * rest of the line.
 */
function readValue(line: string, start: number, reading: ValueReading): Span | undefined {
  let at = start;
  const prefix = /^[bBrRuUfF]{1,2}(?=\\{0,7}["'])/.exec(line.slice(at, at + 12));
  if (prefix) at += prefix[0].length;
  let backslashes = 0;
  while (line[at + backslashes] === '\\' && backslashes < 8) backslashes += 1;
  const quote = line[at + backslashes];
  if (quote === '"' || quote === "'") return readQuoted(line, at + backslashes + 1, quote, backslashes, reading);
  return readBare(line, start, reading);
}

/**
 * A quoted value whose opening quote had `escapes` backslashes before it: 0 for `"…"`, 1 for
 * `\"…\"` (JSON inside a JSON string). With 0, a quote after an odd run of backslashes is inside
 * the value and `''` is YAML's escaped single quote; with more, the closing quote has exactly as
 * many backslashes, more is a quote inside the value, fewer ends the outer string.
 */
function readQuoted(line: string, body: number, quote: string, escapes: number, reading: ValueReading): Span | undefined {
  let from = body;
  if (reading.keepScheme) from += SCHEME.exec(line.slice(body, body + 40))?.[0].length ?? 0;
  let end = line.length;
  let after = line.length;
  let at = body;
  while (at < line.length) {
    const c = line[at];
    if (c !== '\\' && c !== quote) {
      at += 1;
      continue;
    }
    let run = 0;
    while (line[at + run] === '\\') run += 1;
    const q = at + run;
    if (line[q] !== quote) {
      at = q;
      continue;
    }
    if (escapes > 0) {
      if (run > escapes) {
        at = q + 1;
        continue;
      }
      // Exactly as escaped as the opening quote: the close; less: the outer string's end.
      end = at;
      after = run === escapes ? q + 1 : at;
      break;
    }
    // `\'` (Python, JSON) and `''` (YAML) are quotes inside the value. `\''` is an escaped quote
    // and the close in Python but a backslash and an escaped quote in YAML: read on, the longer way.
    const doubled = quote === "'" && line[q + 1] === "'";
    if (run % 2 === 1 || doubled) {
      at = q + (doubled ? 2 : 1);
      continue;
    }
    end = q;
    after = q + 1;
    break;
  }
  // `"ab"cd`: the value goes on to the end of the shell word.
  if (after > end && after < line.length && !isSpace(line.charCodeAt(after)) && !AFTER_QUOTE.includes(line[after]!)) {
    let to = after;
    while (to < line.length && !isSpace(line.charCodeAt(to))) to += 1;
    return { from, to };
  }
  return end > from ? { from, to: end } : undefined;
}

function readBare(line: string, start: number, reading: ValueReading): Span | undefined {
  if (reading.flag && '-<|>'.includes(line[start] ?? '-')) return undefined;
  let from = start;
  if (reading.keepScheme) from += SCHEME.exec(line.slice(start, start + 40))?.[0].length ?? 0;
  let to = from;
  const stop = reading.within === undefined ? -1 : line.indexOf(reading.within, from);
  if (reading.toLineEnd) {
    to = stop === -1 ? line.length : stop;
    while (to > from && isSpace(line.charCodeAt(to - 1))) to -= 1;
  } else {
    while (to < line.length && to !== stop && !isSpace(line.charCodeAt(to)) && !(reading.ampersandEnds && line[to] === '&')) to += 1;
    if (to - from > 1 && CLOSING.includes(line[to - 1]!)) to -= 1;
  }
  if (to <= from || NO_SECRET.test(line.slice(from, to))) return undefined;
  return { from, to };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0x0b || code === 0x0c || code === 0xa0;
}
