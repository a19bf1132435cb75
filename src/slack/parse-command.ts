import { NOTE_MAX_LENGTH } from '../airflow/model';
import type { Command, CommandName, ParseResult, TaskInstanceTarget } from '../protocol/command';
import { COMMAND_NAMES, DEFAULT_SLASH_COMMAND, usageMessage } from './command-forms';
import { knownDeployment, type ParseContext } from './parse-context';
import type { Parsed } from '../protocol/parse-run';
import { checkDagId, parseTaskInstanceWords, taskInstanceWordCount } from './parse-target';
import { parseSnooze, parseUnsnooze } from './parse-snooze';
import { unescapeSlackText } from './slack-text';
import { tokenize, type Token } from './tokenize';
import { showTyped } from '../views/show-typed';

export type { ParseContext } from './parse-context';

const RUNS_DEFAULT_LIMIT = 10;
const RUNS_MAX_LIMIT = 25;

// Autocorrect turns `--` into a dash, so `—share` and `–share` count as well.
const SHARE_FLAG = /(^|\s+)(?:-{1,2}|[—–])share(?=\s|$)/giu;

/** Everything after the subcommand, in the forms the parsers of each subcommand need. */
interface Arguments {
  words: string[];
  tokens: Token[];
  /** The text without `--share`, for free text that must keep its spacing. */
  text: string;
  context: ParseContext;
}

/** A command without its options: each subcommand's parser builds one of these. */
type CommandBody = Command extends infer Each ? (Each extends Command ? Omit<Each, 'share'> : never) : never;
type SubcommandParser = (args: Arguments) => Parsed<CommandBody>;

/**
 * Reads the text of an `/airflow` slash command as Slack sends it. Never throws: text that is not
 * a command gives `{ name: 'usage' }` with a short mrkdwn message naming what was wrong, the
 * right form and an example. `--share` anywhere sets `share`.
 *
 * @example
 * parseCommand('ti prod etl latest load:2 --share', { deployments: ['prod'], uiLinks: [] });
 * // { name: 'ti', share: true, target: { deployment: 'prod', dagId: 'etl', run: { kind: 'latest' }, taskId: 'load', mapIndex: 2 } }
 */
export function parseCommand(text: string, context: ParseContext): ParseResult {
  const slashCommand = context.slashCommand ?? DEFAULT_SLASH_COMMAND;
  const unescaped = unescapeSlackText(text);
  const withoutShare = unescaped.replace(SHARE_FLAG, '');
  const share = withoutShare !== unescaped;
  const tokens = tokenize(withoutShare);
  if (tokens.length === 0) return { name: 'help', share };

  const subcommand = tokens[0].value.toLowerCase();
  const parse = isCommandName(subcommand) ? SUBCOMMANDS[subcommand] : undefined;
  if (!isCommandName(subcommand) || !parse) {
    const names = COMMAND_NAMES.map((name) => `\`${name}\``).join(', ');
    return {
      name: 'usage',
      message: `${showTyped(tokens[0].value)} is not a command. Commands: ${names}.\nSee \`${slashCommand} help\`.`,
    };
  }
  const rest = tokens.slice(1);
  const parsed = parse({ words: rest.map((token) => token.value), tokens: rest, text: withoutShare, context });
  if (!parsed.ok) return { name: 'usage', subcommand, message: usageMessage(subcommand, parsed.problem, slashCommand) };
  return { ...parsed.value, share };
}

function isCommandName(word: string): word is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(word);
}

const SUBCOMMANDS: Record<CommandName, SubcommandParser> = {
  help: () => ok({ name: 'help' }),
  deployments: ({ words }) =>
    words.length === 0 ? ok({ name: 'deployments' }) : problem(`\`deployments\` takes no words, but got ${showTyped(words.join(' '))}.`),
  ti: ({ words, context }) => withTarget(words, context, (target) => ({ name: 'ti', target })),
  runs: parseRuns,
  failed: parseFailed,
  logs: parseLogs,
  mark: parseMark,
  clear: parseClear,
  note: parseNote,
  audit: ({ words, context }) => withTarget(words, context, (target) => ({ name: 'audit', target })),
  snooze: parseSnooze,
  snoozes: ({ words }) => (words.length === 0 ? ok({ name: 'snoozes' }) : problem(`\`snoozes\` takes no words, but got ${showTyped(words.join(' '))}.`)),
  unsnooze: parseUnsnooze,
  digest: ({ words }) =>
    words.length === 0 ? ok({ name: 'digest' }) : problem(`\`digest\` takes no words, but got ${showTyped(words.join(' '))}.`),
  pending: parsePending,
};

/** `pending [<deployment>]`: every deployment the user may read, or the one named. */
function parsePending({ words, context }: Arguments): Parsed<CommandBody> {
  if (words.length > 1) return problem(`Too many words: ${showTyped(words.slice(1).join(' '))} is left over.`);
  if (words.length === 0) return ok({ name: 'pending' });
  return ok({ name: 'pending', deployment: knownDeployment(words[0], context) ?? words[0] });
}

/**
 * `runs [<deployment>] <dag_id> [<n>]`. The first word is the deployment when it names a known
 * deployment, when there are three words, or when there are two and the second is not a number.
 */
function parseRuns({ words, context }: Arguments): Parsed<CommandBody> {
  const named = knownDeployment(words[0] ?? '', context);
  const takesDeployment = named !== undefined || words.length === 3 || (words.length === 2 && !/^\d+$/.test(words[1]));
  const deployment = takesDeployment ? (named ?? words[0]) : undefined;
  const rest = takesDeployment ? words.slice(1) : words;
  if (rest.length === 0) return problem('Missing the DAG id.');
  if (rest.length > 2) return problem(`Too many words: ${showTyped(rest.slice(2).join(' '))} is left over.`);
  const [dagId, countWord] = rest;
  const dag = checkDagId(dagId);
  if (!dag.ok) return dag;
  let limit = RUNS_DEFAULT_LIMIT;
  if (countWord !== undefined) {
    limit = Number(countWord);
    if (!/^\d+$/.test(countWord) || limit < 1 || limit > RUNS_MAX_LIMIT) {
      return problem(`The number of runs must be a whole number from 1 to ${RUNS_MAX_LIMIT}, not ${showTyped(countWord)}.`);
    }
  }
  return ok({ name: 'runs', deployment, dagId, limit });
}

/** `failed [<deployment>] [<dag_id>]`: one word is the deployment only when it names one. */
function parseFailed({ words, context }: Arguments): Parsed<CommandBody> {
  if (words.length > 2) return problem(`Too many words: ${showTyped(words.slice(2).join(' '))} is left over.`);
  if (words.length === 0) return ok({ name: 'failed' });
  const named = knownDeployment(words[0], context);
  if (words.length === 1 && named !== undefined) return ok({ name: 'failed', deployment: named });
  const dag = checkDagId(words[words.length - 1]);
  if (!dag.ok) return dag;
  if (words.length === 1) return ok({ name: 'failed', dagId: dag.value });
  return ok({ name: 'failed', deployment: named ?? words[0], dagId: dag.value });
}

/** `--file` (or an autocorrected dash) asks for the whole log as a file. */
const FILE_FLAG = /^(?:-{1,2}|[—–])file$/iu;

/** `logs <task instance> [try <n>] [--file]`. */
function parseLogs(args: Arguments): Parsed<CommandBody> {
  const file = args.words.some((word) => FILE_FLAG.test(word));
  const parsed = parseLogsTarget({ ...args, words: args.words.filter((word) => !FILE_FLAG.test(word)) });
  return parsed.ok && file && parsed.value.name === 'logs' ? ok({ ...parsed.value, file }) : parsed;
}

function parseLogsTarget({ words, context }: Arguments): Parsed<CommandBody> {
  const last = words.length - 1;
  if (last >= 0 && words[last].toLowerCase() === 'try') return problem('Give the try number after `try`, as in `try 2`.');
  if (last >= 1 && words[last - 1].toLowerCase() === 'try') {
    const tryNumber = Number(words[last]);
    if (!/^\d+$/.test(words[last]) || tryNumber < 1 || !Number.isSafeInteger(tryNumber)) {
      return problem(`The try number must be a whole number from 1, not ${showTyped(words[last])}.`);
    }
    return withTarget(words.slice(0, -2), context, (target) => ({ name: 'logs', target, tryNumber }));
  }
  return withTarget(words, context, (target) => ({ name: 'logs', target }));
}

/** `mark success|failed <task instance> [+downstream] [+upstream]`. */
function parseMark({ words, context }: Arguments): Parsed<CommandBody> {
  const state = words[0]?.toLowerCase();
  if (state !== 'success' && state !== 'failed') {
    const got = words[0] === undefined ? '' : `, not ${showTyped(words[0])}`;
    return problem(`Say which state to set: \`success\` or \`failed\`${got}.`);
  }
  const flags = readFlags(words.slice(1), ['+downstream', '+upstream'], 'mark');
  if (!flags.ok) return flags;
  const { rest, present } = flags.value;
  return withTarget(rest, context, (target) => ({
    name: 'mark',
    target,
    newState: state,
    includeDownstream: present.has('+downstream'),
    includeUpstream: present.has('+upstream'),
  }));
}

/** `clear <task instance> [+downstream]`. */
function parseClear({ words, context }: Arguments): Parsed<CommandBody> {
  const flags = readFlags(words, ['+downstream'], 'clear');
  if (!flags.ok) return flags;
  const { rest, present } = flags.value;
  return withTarget(rest, context, (target) => ({ name: 'clear', target, includeDownstream: present.has('+downstream') }));
}

/** `note <task instance> <text>`: the text is everything after the task instance, as typed. */
function parseNote({ words, tokens, text, context }: Arguments): Parsed<CommandBody> {
  const count = taskInstanceWordCount(words, context);
  const target = parseTaskInstanceWords(words.slice(0, count), context);
  if (!target.ok) return target;
  const note = tokens.length > count ? unwrapQuotes(text.slice(tokens[count].start).trim()) : '';
  const length = Array.from(note).length;
  if (length === 0) return problem('Missing the note text after the task instance.');
  if (length > NOTE_MAX_LENGTH) return problem(`The note is ${length} characters long; Airflow keeps at most ${NOTE_MAX_LENGTH}.`);
  return ok({ name: 'note', target: target.value, text: note });
}

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '„': '“', '«': '»' };

/** `"text"` → `text`, when the quotes wrap the whole text and appear nowhere inside it. */
function unwrapQuotes(text: string): string {
  const close = QUOTE_PAIRS[text[0] ?? ''];
  if (close === undefined || text.length < 2 || !text.endsWith(close)) return text;
  const inner = text.slice(1, -1);
  return inner.includes(text[0]) || inner.includes(close) ? text : inner.trim();
}

/** Takes `+option` words out of `words`, refusing options the subcommand does not know. */
function readFlags(
  words: readonly string[],
  allowed: readonly string[],
  subcommand: CommandName,
): Parsed<{ rest: string[]; present: Set<string> }> {
  const present = new Set<string>();
  const rest: string[] = [];
  for (const word of words) {
    if (!word.startsWith('+')) {
      rest.push(word);
      continue;
    }
    const flag = word.toLowerCase();
    if (!allowed.includes(flag)) {
      const known = allowed.map((option) => `\`${option}\``).join(' and ');
      return problem(`\`${subcommand}\` does not know the option ${showTyped(word)}; it takes ${known}.`);
    }
    present.add(flag);
  }
  return ok({ rest, present });
}

function withTarget(
  words: readonly string[],
  context: ParseContext,
  build: (target: TaskInstanceTarget) => CommandBody,
): Parsed<CommandBody> {
  const option = words.find((word) => /^\+(?:downstream|upstream)$/i.test(word));
  if (option !== undefined) return problem(`${showTyped(option)} only goes with \`mark\` and \`clear\`.`);
  const target = parseTaskInstanceWords(words, context);
  return target.ok ? ok(build(target.value)) : target;
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function problem(message: string): { ok: false; problem: string } {
  return { ok: false, problem: message };
}
