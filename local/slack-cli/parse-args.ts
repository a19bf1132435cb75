/** How long to follow the bot's answer, and how to print it. */
export interface FollowSettings {
  /** Give up after this many seconds (15 by default). */
  waitSeconds: number;
  /** Print raw JSON instead of text. */
  json: boolean;
}

/** One run of `npm run slack`. */
export type CliRequest =
  | { kind: 'help' }
  | ({ kind: 'command'; commandLine: string } & FollowSettings)
  | ({ kind: 'click'; button: string } & FollowSettings)
  | ({ kind: 'submit'; text: string } & FollowSettings);

/** A command line that cannot be run; the message says what to change. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

const DEFAULT_WAIT_SECONDS = 15;
const MAX_WAIT_SECONDS = 600;

/**
 * Reads `npm run slack` arguments: words form the slash command line; `--click <label|n>`,
 * `--submit <text>`, `--wait <seconds>`, `--json`, `--help`. Options take `--name value` or `--name=value`.
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
        submit = value();
        break;
      case '--wait':
        waitSeconds = parseWait(value());
        break;
      default:
        throw new CliUsageError(`Unknown option ${name}. See --help.`);
    }
  }
  const commandLine = words.join(' ').trim();
  const chosen = [commandLine !== '', click !== undefined, submit !== undefined].filter(Boolean).length;
  if (chosen === 0) return { kind: 'help' };
  if (chosen > 1) throw new CliUsageError('Send one thing at a time: a slash command, --click or --submit.');
  const settings = { waitSeconds, json };
  if (click !== undefined) {
    if (click.trim() === '') throw new CliUsageError('--click needs a button label or number.');
    return { kind: 'click', button: click, ...settings };
  }
  if (submit !== undefined) return { kind: 'submit', text: submit, ...settings };
  return { kind: 'command', commandLine, ...settings };
}

function parseWait(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_WAIT_SECONDS)) {
    throw new CliUsageError(`--wait must be a number of seconds above 0 and at most ${MAX_WAIT_SECONDS}, not "${text}".`);
  }
  return seconds;
}
