/** How long to follow the bot's answer, and how to print it. */
export interface FollowSettings {
  /** Give up after this many seconds (15 by default). */
  waitSeconds: number;
  /** Print raw JSON instead of text. */
  json: boolean;
  /** Speak as this Slack user id (`--user`) instead of the demo user. */
  user?: string;
}

/** One run of `npm run slack`. */
export type CliRequest =
  | { kind: 'help' }
  | ({ kind: 'command'; commandLine: string } & FollowSettings)
  | ({ kind: 'click'; button: string; /** `--message`: a channel message's ts, `latest`, or words of its text (the newest message holding them); absent: the last reply. */ message?: string } & FollowSettings)
  | ({ kind: 'submit'; text: string } & FollowSettings)
  /** `--paste <url>`: the user posts a message holding the link (`link_shared`). */
  | ({ kind: 'paste'; url: string } & FollowSettings)
  /** `--home`: the user opens the bot's Home tab (`app_home_opened`). */
  | ({ kind: 'home' } & FollowSettings)
  /** `--suggest "<field label>" "<typed text>"`: a modal menu's options for that text. */
  | ({ kind: 'suggest'; field: string; typed: string } & FollowSettings)
  /** `--select "<field label>" "<option>"`: picks an option of a modal menu, for `--submit`. */
  | ({ kind: 'select'; field: string; option: string } & FollowSettings);

/** A command line that cannot be run; the message says what to change. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

const DEFAULT_WAIT_SECONDS = 15;
const MAX_WAIT_SECONDS = 600;

/**
 * Reads `npm run slack` arguments: words form the slash command line; `--click <label|n>`,
 * `--message <ts|latest|text>` (with `--click`), `--submit <text>`, `--paste <url>`, `--home`, `--user <id>`, `--wait <seconds>`,
 * `--json`, `--help`. Options take `--name value` or `--name=value`.
 *
 * @throws CliUsageError for an unknown option, a missing value, a bad `--wait`, or more or less than one thing to send.
 * @example
 * parseCliArgs(['/airflow ti demo-v2 etl_daily latest transform', '--wait', '30'])
 * // { kind: 'command', commandLine: '/airflow ti demo-v2 etl_daily latest transform', waitSeconds: 30, json: false }
 */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  const words: string[] = [];
  let click: string | undefined;
  let submit: string | undefined;
  let suggest: { field: string; text: string } | undefined;
  let select: { field: string; text: string } | undefined;
  let message: string | undefined;
  let paste: string | undefined;
  let home = false;
  let user: string | undefined;
  let waitSeconds = DEFAULT_WAIT_SECONDS;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') && arg !== '-h') {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined) throw new CliUsageError(`${name} needs a value.`);
      i += 1;
      return next;
    };
    switch (name) {
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--json':
        json = true;
        break;
      case '--click':
        click = value();
        break;
      case '--submit':
        // Alone, it submits what was picked (the builder); with a text, that text fills the modal's input.
        submit = inline !== undefined || (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) ? value() : '';
        break;
      case '--suggest':
        suggest = { field: value(), text: value() };
        break;
      case '--select':
        select = { field: value(), text: value() };
        break;
      case '--paste':
        paste = value().trim();
        if (!/^https?:\/\/\S+$/i.test(paste)) throw new CliUsageError(`--paste takes one http(s) link, such as an Airflow UI link to a task instance, not "${paste}".`);
        break;
      case '--home':
        home = true;
        break;
      case '--message':
        message = value().trim();
        if (message === '') throw new CliUsageError('--message takes a message ts (such as 1767225600.000100), latest, or words of the message.');
        break;
      case '--user':
        user = value().trim();
        if (!/^[UW][A-Z0-9]+$/.test(user)) throw new CliUsageError(`--user takes a Slack user id (such as ULOCAL0002), not "${user}".`);
        break;
      case '--wait':
        waitSeconds = parseWait(value());
        break;
      default:
        throw new CliUsageError(`Unknown option ${name}. See --help.`);
    }
  }
  const commandLine = words.join(' ').trim();
  const chosen = [commandLine !== '', click !== undefined, submit !== undefined, suggest !== undefined, select !== undefined, paste !== undefined, home].filter(Boolean).length;
  if (message !== undefined && click === undefined) throw new CliUsageError('--message picks the message to --click on; add --click "<label>".');
  if (chosen === 0) return { kind: 'help' };
  if (chosen > 1) throw new CliUsageError('Send one thing at a time: a slash command, --click, --suggest, --select, --submit, --paste or --home.');
  const settings = { waitSeconds, json, ...(user === undefined ? {} : { user }) };
  if (click !== undefined) {
    if (click.trim() === '') throw new CliUsageError('--click needs a button label or number.');
    return { kind: 'click', button: click, ...(message === undefined ? {} : { message }), ...settings };
  }
  if (submit !== undefined) return { kind: 'submit', text: submit, ...settings };
  if (paste !== undefined) return { kind: 'paste', url: paste, ...settings };
  if (home) return { kind: 'home', ...settings };
  if (suggest !== undefined) return { kind: 'suggest', field: suggest.field, typed: suggest.text, ...settings };
  if (select !== undefined) return { kind: 'select', field: select.field, option: select.text, ...settings };
  return { kind: 'command', commandLine, ...settings };
}

function parseWait(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_WAIT_SECONDS)) {
    throw new CliUsageError(`--wait must be a number of seconds above 0 and at most ${MAX_WAIT_SECONDS}, not "${text}".`);
  }
  return seconds;
}
