/**
 * Secret masking for log text before it leaves the worker (an excerpt, a log file, an alert).
 * Written here rather than taken from a scanner's rule set: scanners such as secretlint run
 * asynchronous rules over whole documents and report findings, while a log needs a synchronous
 * replace on each line as it streams by, with a private key block followed across lines.
 */

/** What a masked secret becomes: the same mark Airflow's own masker writes. */
export const MASK = '***';

/** Airflow leaves values this short unmasked (`min_length_masked_secret`); so does the bot. */
export const MIN_MASKED_LENGTH = 5;

interface SecretShape {
  name: string;
  pattern: RegExp;
  /** The replacement; `$1`… keep the parts around the secret. */
  replacement: string;
}

/** Well-known secret shapes, each masked wherever it appears in a line. */
export const SECRET_SHAPES: readonly SecretShape[] = [
  // Whole private keys inside one line (a JSON string with `\n` escapes, say).
  {
    name: 'private key',
    pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replacement: MASK,
  },
  {
    name: 'Authorization header',
    pattern: /(\bAuthorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Token|Digest)\s+)?)(?!\*\*\*)[^\s"',;}]+/gi,
    replacement: `$1${MASK}`,
  },
  { name: 'Bearer token', pattern: /\b(Bearer\s+)(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}/g, replacement: `$1${MASK}` },
  { name: 'password in URL', pattern: /(\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/@"']*:)(?!\*\*\*@)[^\s@/"']+(@)/g, replacement: `$1${MASK}$2` },
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g, replacement: MASK },
  { name: 'Slack token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{8,}/g, replacement: MASK },
  { name: 'Slack app token', pattern: /\bxapp-\d-[A-Za-z0-9-]{8,}/g, replacement: MASK },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replacement: MASK },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g, replacement: MASK },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g, replacement: MASK },
  { name: 'Google OAuth token', pattern: /\bya29\.[0-9A-Za-z_-]{20,}/g, replacement: MASK },
  // `password=…`, `"secret": "…"`, `AWS_SECRET_ACCESS_KEY=…`, `api_key: …`: the value goes.
  {
    name: 'secret pair',
    pattern:
      /(\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*["']?\s*[=:]\s*["']?)(?!\*\*\*)(?!None\b|null\b|True\b|False\b)[^\s"',;&)}]+/gi,
    replacement: `$1${MASK}`,
  },
  // A bare 40-character AWS secret access key next to an access key id or `aws` wording.
  { name: 'AWS secret access key', pattern: /(\baws[\w .-]{0,30}?[=:]\s*["']?)[A-Za-z0-9/+]{40}\b/gi, replacement: `$1${MASK}` },
];

const BLOCK_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const BLOCK_END = /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

/** The values of a deployment's own credentials, with the ways a log may spell them. */
function knownSpellings(values: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_MASKED_LENGTH) continue;
    spellings.add(value);
    spellings.add(encodeURIComponent(value));
    spellings.add(JSON.stringify(value).slice(1, -1));
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
    for (const shape of SECRET_SHAPES) masked = masked.replace(shape.pattern, shape.replacement);
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
