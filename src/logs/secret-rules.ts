/**
 * The secret shapes the bot masks in log lines, as a table: each rule names a shape, the
 * gitleaks rule it follows where there is one (gitleaks' `config/gitleaks.toml`, MIT), and what of
 * a match is masked. `SecretMasker` (mask-secrets.ts) applies them one line at a time.
 *
 * Gitleaks' rules are tuned to find secrets in code with few false alarms (exact lengths, entropy
 * floors); a mask must rather never miss, so the lengths here are looser and a few extra words
 * are masked now and then.
 *
 * Patterns stay linear on long lines: every repeat is bounded or cannot overlap its neighbour,
 * and nothing is scanned backwards.
 */

/**
 * A secret found by one regular expression. The match's `secret` group (the whole match when it
 * has none) becomes `***`; its `before` and `after` groups stay.
 */
export interface MatchRule {
  kind: 'match';
  name: string;
  /**
   * Found (case aside) in every line the rule masks anything in, and cheap to look for: lines
   * without any rule's hint, most of a log, are passed over whole.
   */
  hint: RegExp;
  /** The gitleaks rule id this one follows. */
  gitleaks?: string;
  /** Global. */
  pattern: RegExp;
}

/**
 * A value after a key: `key` matches up to where the value starts, and the value is read by hand
 * (`readValue` in mask-secrets.ts) so that a quoted value is masked to its closing quote, escaped
 * quotes and all, however many spaces or commas it holds.
 */
export interface ValueRule {
  kind: 'value';
  name: string;
  /** As for {@link MatchRule.hint}; for a short key such as `-p`, the command that makes it a password. */
  hint: RegExp;
  gitleaks?: string;
  /** Global; ends where the value begins. */
  key: RegExp;
  /**
   * After an unquoted key, an unquoted value of `key: value` or `key = value` runs to the end of the
   * line (YAML, INI, HTTP headers); `key=value` is one word (env, logfmt, query strings), and so is
   * the unquoted value of a quoted key (JSON, Python reprs: `'retries': 3, …`).
   */
  toLineEnd?: boolean;
  /** `Bearer`, `Basic`… before the value stay, so the reader still sees which kind it was. */
  keepScheme?: boolean;
  /** An unquoted value ends at `&`, as in a query string. */
  ampersandEnds?: boolean;
  /** An unquoted value starting with `-`, `<`, `|` or `>` is the next flag or a redirect, not a value. */
  flag?: boolean;
}

/** One row of {@link SECRET_RULES}. */
export type SecretRule = MatchRule | ValueRule;

/** The words that make a key secret: `password`, `db_password`, `AWS_SECRET_ACCESS_KEY`, `auth_token`… */
const SECRET_WORD =
  'passw(?:or)?d|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|signing[_-]?key|encryption[_-]?key|' +
  'fernet[_-]?key|master[_-]?key|authorization|auth(?![a-z])|credentials?|cookie|session[_-]?(?:id|key)|dsn';

const SECRET_WORD_HINT = new RegExp(SECRET_WORD, 'i');

/** Base64 with a digit, `+`, `/` or `=` in it, so that "Basic authentication" is left alone. */
const BASE64_VALUE = '(?=[A-Za-z0-9+/]{0,200}[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}';

/** Whatever can end a host in a URL. */
const HOST_END = String.raw`(?:[/?#\s'"\\,;)\]}>|]|$)`;

/**
 * In the order they run. Whole tokens come first, so that a token inside a quoted value is gone
 * before the value is read; the key/value rules come last.
 */
export const SECRET_RULES: readonly SecretRule[] = [
  // One-line private keys (a JSON string with `\n` escapes, say); keys over several lines are
  // followed by `SecretMasker` itself.
  {
    kind: 'match',
    name: 'private key',
    hint: /-----BEGIN/i,
    gitleaks: 'private-key',
    pattern: /-----BEGIN [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----.*?(?:-----END [A-Z0-9 _-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  // Webhook URLs: the path after the host is the secret; the host says what it was.
  {
    kind: 'match',
    name: 'Slack incoming webhook URL',
    hint: /hooks\.slack/i,
    gitleaks: 'slack-webhook-url',
    pattern: /(?<before>hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/)(?<secret>[\w+/-]{8,})/gi,
  },
  {
    kind: 'match',
    name: 'Microsoft Teams webhook URL',
    hint: /webhook/i,
    gitleaks: 'microsoft-teams-webhook',
    pattern: /(?<before>(?:\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/)(?<secret>[^\s"'<>`]{8,})/gi,
  },
  {
    kind: 'match',
    name: 'Discord webhook URL',
    hint: /webhooks/i,
    pattern: /(?<before>discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/)(?<secret>[^\s"'<>`?#]{8,})/gi,
  },
  // Signed URLs (Teams workflows, S3 and GCS presigned, Azure Functions keys): the signature or key
  // in the query string.
  {
    kind: 'match',
    name: 'signature or key in a query string',
    hint: /[?&](?:sig|code|key|[\w-]{0,20}-(?:signature|credential|security-token))=/i,
    pattern: /(?<before>[?&](?:sig|signature|code|key|[\w-]{0,20}-(?:signature|credential|security-token))=)(?<secret>[^&\s#"'<>`]+)/gi,
  },
  { kind: 'match', name: 'Standard Webhooks or Stripe signing secret', hint: /whsec_/i, pattern: /whsec_[A-Za-z0-9+/=]{8,}/g },
  { kind: 'match', name: 'Slack token', hint: /xox/i, gitleaks: 'slack-bot-token', pattern: /xox[a-z](?:\.xox[a-z])?-[\w-]{8,}/g },
  { kind: 'match', name: 'Slack app-level token', hint: /xapp-/i, gitleaks: 'slack-app-token', pattern: /xapp-\d-[\w-]{8,}/g },
  { kind: 'match', name: 'GitHub token', hint: /gh[pousr]_|github_pat_/i, gitleaks: 'github-pat', pattern: /(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,})/g },
  { kind: 'match', name: 'GitLab token', hint: /gl[a-z]{2,4}-/i, gitleaks: 'gitlab-pat', pattern: /gl(?:pat|ptt|dt|rt|cbt|soat|ft)-[\w-]{20,}/g },
  { kind: 'match', name: 'Google API key', hint: /AIza/i, gitleaks: 'gcp-api-key', pattern: /AIza[\w-]{30,}/g },
  { kind: 'match', name: 'Google OAuth access token', hint: /ya29\./i, pattern: /ya29\.[\w-]{20,}/g },
  {
    kind: 'match',
    name: 'AWS access key id',
    hint: /A3T|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA/i,
    gitleaks: 'aws-access-token',
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
  },
  { kind: 'match', name: 'JSON Web Token', hint: /eyJ/i, gitleaks: 'jwt', pattern: /eyJ[\w-]{4,}\.[\w-]{4,}(?:\.[\w-]*){1,3}/g },
  { kind: 'match', name: 'npm token', hint: /npm_/i, gitleaks: 'npm-access-token', pattern: /npm_[A-Za-z0-9]{36}/g },
  { kind: 'match', name: 'PyPI upload token', hint: /pypi-/i, gitleaks: 'pypi-upload-token', pattern: /pypi-AgEIcHlwaS5vcmc[\w-]{20,}/g },
  { kind: 'match', name: 'Anthropic API key', hint: /sk-ant-/i, gitleaks: 'anthropic-api-key', pattern: /sk-ant-[a-z]{3,5}\d\d-[\w-]{20,}/g },
  { kind: 'match', name: 'OpenAI API key', hint: /sk-/i, gitleaks: 'openai-api-key', pattern: /sk-(?:(?:proj|svcacct|admin)-[\w-]{20,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})/g },
  { kind: 'match', name: 'Stripe key', hint: /[sr]k_/i, gitleaks: 'stripe-access-token', pattern: /\b[sr]k_(?:test|live|prod)_[A-Za-z0-9]{10,}/g },
  { kind: 'match', name: 'SendGrid API key', hint: /SG\./i, gitleaks: 'sendgrid-api-token', pattern: /\bSG\.[\w-]{16,}\.[\w-]{16,}/g },
  { kind: 'match', name: 'Databricks token', hint: /dapi/i, gitleaks: 'databricks-api-token', pattern: /\bdapi[a-f0-9]{32}(?:-\d)?/g },
  { kind: 'match', name: 'HashiCorp Vault token', hint: /hv[sbr]\./i, gitleaks: 'vault-service-token', pattern: /\bhv[sbr]\.[\w-]{20,}/g },
  { kind: 'match', name: 'Hugging Face token', hint: /hf_/i, gitleaks: 'huggingface-access-token', pattern: /\bhf_[A-Za-z0-9]{30,}/g },
  { kind: 'match', name: 'Atlassian API token', hint: /ATATT3/i, gitleaks: 'atlassian-api-token', pattern: /\bATATT3[\w=-]{20,}/g },
  { kind: 'match', name: 'Azure AD client secret', hint: /Q~/i, gitleaks: 'azure-ad-client-secret', pattern: /(?<![\w~.])[\w~.]{3}\dQ~[\w~.-]{31,34}/g },
  {
    kind: 'match',
    name: 'AWS secret access key after aws wording',
    hint: /aws/i,
    pattern: /(?<before>\baws[\w .-]{0,30}?[=:]\s{0,5}["']?)(?<secret>[A-Za-z0-9/+]{40})\b/gi,
  },
  { kind: 'match', name: 'Bearer token', hint: /Bearer/i, pattern: /(?<before>\bBearer\s{1,5})(?<secret>[\w.~+/=-]{8,})/g },
  { kind: 'match', name: 'Basic credentials', hint: /Basic/i, gitleaks: 'curl-auth-header', pattern: new RegExp(String.raw`(?<before>\bBasic\s{1,5})(?<secret>${BASE64_VALUE})`, 'g') },
  // `scheme://user:password@host`: the password may hold any character but `@` (quotes, spaces,
  // slashes); it ends at the first `@` followed by a host. `host:8080/path … a@b.com` is a port.
  {
    kind: 'match',
    name: 'password in a URL',
    hint: /:\/\//,
    pattern: new RegExp(
      String.raw`(?<before>\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@'"]{0,256}:)(?!\d{1,5}(?:[/?#\s]|$))(?<secret>[^\n]{1,512}?)(?<after>@)(?=[\w.-]{1,253}(?::\d{1,5})?${HOST_END}|\[[0-9a-f:.]{2,45}\])`,
      'gi',
    ),
  },
  // Command lines: `--password X`, `-password 'a b'` (`--password=X` is a key/value below).
  {
    kind: 'value',
    name: 'secret command-line option',
    hint: SECRET_WORD_HINT,
    key: new RegExp(String.raw`(?:^|[\s'"])--?[\w-]{0,40}?(?:${SECRET_WORD})[\w-]{0,40}[ \t]+(?=\S)`, 'gi'),
    flag: true,
  },
  { kind: 'value', name: 'MySQL -pPASSWORD', hint: /mysql|mariadb/i, key: /(?:^|[\s'"])-p(?=[^\s-])/g },
  { kind: 'value', name: 'sshpass -p PASSWORD', hint: /sshpass/i, key: /(?:^|[\s'"])-p[ \t]+(?=\S)/g, flag: true },
  { kind: 'value', name: 'redis-cli -a PASSWORD', hint: /redis-cli/i, key: /(?:^|[\s'"])-a[ \t]+(?=\S)/g, flag: true },
  { kind: 'value', name: 'curl -u user:password', hint: /curl/i, gitleaks: 'curl-auth-user', key: /(?:^|[\s'"])(?:-u|--user)(?:=|[ \t]+)(?=\S)/g, flag: true },
  // `password=…`, `"secret": "…"`, `'token': '…'`, `api_key: …`, `PGPASSWORD=…`,
  // `Authorization: Bearer …`: the value goes, to its closing quote when quoted.
  {
    kind: 'value',
    name: 'secret key and value',
    hint: SECRET_WORD_HINT,
    gitleaks: 'generic-api-key',
    key: new RegExp(String.raw`(?:${SECRET_WORD})[\w.-]{0,40}(?:\\{0,3}["'])?\]?[ \t]*(?:=>|:=|=(?!=+(?:[ \t]|$))|:(?=[\s"'\\]|$))[ \t]*`, 'gi'),
    toLineEnd: true,
    keepScheme: true,
    ampersandEnds: true,
  },
];
