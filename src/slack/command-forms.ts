import type { CommandName } from '../protocol/command';
import { escapeMrkdwn } from '../views/mrkdwn-escape';

/** One way to write a command, for the help view and usage messages. */
export interface CommandForm {
  name: CommandName;
  /** Plain text after the slash command, e.g. `runs [<deployment>] <dag_id> [<n>]`. */
  syntax: string;
  /** Plain text after the slash command. */
  example: string;
  summary: string;
}

/** The slash command used in messages when the caller does not name its own. */
export const DEFAULT_SLASH_COMMAND = '/airflow';

/** How a task instance is written wherever a form says `<task instance>`. */
export const TASK_INSTANCE_SYNTAX = '[<deployment>] <dag_id> <run> <task_id>[:<map_index>]';

const RUN_HINT = '`&lt;run&gt;` is a run id, `latest`, or a date such as `2026-11-22` or `2026-11-22T06:00Z`.';
const TASK_INSTANCE_HINT = `\`&lt;task instance&gt;\` is \`${escapeMrkdwn(TASK_INSTANCE_SYNTAX)}\` or an Airflow UI link; ${RUN_HINT}`;

/** Notes that apply to several forms, for the help view. */
export const COMMAND_NOTES: readonly string[] = [
  `<task instance> is ${TASK_INSTANCE_SYNTAX}, or a link to it in the Airflow UI.`,
  '<run> is a run id, latest, or a logical date such as 2026-11-22 or 2026-11-22T06:00 (UTC unless an offset is given).',
  'Leave out <deployment> to use the channel’s default deployment.',
  'Add --share to post the answer in the channel instead of only to you.',
];

/** Every form the parser accepts, in the order the help view lists them. */
export const COMMAND_FORMS: readonly CommandForm[] = [
  { name: 'help', syntax: 'help', example: 'help', summary: 'Shows the commands.' },
  { name: 'deployments', syntax: 'deployments', example: 'deployments', summary: 'Lists the Airflow deployments.' },
  {
    name: 'ti',
    syntax: `ti ${TASK_INSTANCE_SYNTAX}`,
    example: 'ti prod etl latest load',
    summary: 'Shows a task instance, with buttons to act on it.',
  },
  {
    name: 'ti',
    syntax: 'ti <Airflow UI link>',
    example: 'ti https://airflow.example.com/dags/etl/runs/manual__2026-11-22T00:00:00+00:00/tasks/load',
    summary: 'Shows the task instance a link from the Airflow UI points to.',
  },
  {
    name: 'runs',
    syntax: 'runs [<deployment>] <dag_id> [<n>]',
    example: 'runs prod etl 5',
    summary: 'Lists the newest runs of a DAG (n from 1 to 25, default 10).',
  },
  {
    name: 'failed',
    syntax: 'failed [<deployment>] [<dag_id>]',
    example: 'failed prod etl',
    summary: 'Lists recently failed task instances.',
  },
  {
    name: 'logs',
    syntax: 'logs <task instance> [try <n>] [--file]',
    example: 'logs prod etl 2026-11-22 load try 2',
    summary: 'Shows the part of a task log that explains the failure (latest try by default); `--file` uploads the whole log, secrets masked.',
  },
  {
    name: 'mark',
    syntax: 'mark success|failed <task instance> [+downstream] [+upstream]',
    example: 'mark success prod etl latest load +downstream',
    summary: 'Sets the state of a task instance, after showing what would change.',
  },
  {
    name: 'clear',
    syntax: 'clear <task instance> [+downstream]',
    example: 'clear prod etl latest load:3',
    summary: 'Clears a task instance so Airflow runs it again, after showing what would change.',
  },
  {
    name: 'note',
    syntax: 'note <task instance> <text>',
    example: 'note prod etl latest load Rerun after the vendor fixed the feed',
    summary:
      'Adds a line, signed with your name, to the note on a task instance, at once (no preview). ' +
      'The whole note stays within Airflow’s 1000 characters: the bot’s own oldest lines give way, never anyone’s text.',
  },
  {
    name: 'audit',
    syntax: `audit ${TASK_INSTANCE_SYNTAX}`,
    example: 'audit prod etl latest load',
    summary: 'Shows who changed a task instance from Slack, and what became of each attempt.',
  },
  {
    name: 'snooze',
    syntax: 'snooze <deployment> <dag_id> <duration>',
    example: 'snooze prod etl 4h',
    summary:
      'Holds back new alerts of a DAG for a while (30m, 4h, 2d; at most 7 days): a run that starts failing posts nothing and mentions no one, and is counted. Actors only.',
  },
  { name: 'snoozes', syntax: 'snoozes', example: 'snoozes', summary: 'Lists the snoozed DAGs, until when, and how many failing runs each held back.' },
  {
    name: 'unsnooze',
    syntax: 'unsnooze <deployment> <dag_id>',
    example: 'unsnooze prod etl',
    summary: 'Ends a snooze now: the DAG’s failures alert again. Actors only.',
  },
  {
    name: 'digest',
    syntax: 'digest',
    example: 'digest',
    summary:
      'Sums up the last 24 hours of the alerts in this channel: runs that failed, how each recovered and how long it took, what is still open, acknowledgements and snoozes.',
  },
  {
    name: 'pending',
    syntax: 'pending [<deployment>]',
    example: 'pending prod',
    summary:
      'Lists the human-in-the-loop requests (Airflow 3.1+) that wait for an answer, in one deployment or in all you may read, each with its buttons to answer.',
  },
];

/** The deployment name the examples are written with. */
const EXAMPLE_DEPLOYMENT = 'prod';

/**
 * The forms with their examples naming a deployment that exists (the first configured one, such
 * as `demo-v2` locally), so an example can be typed as it is.
 *
 * @example
 * formsForDeployment(COMMAND_FORMS, 'demo-v2')[2].example // 'ti demo-v2 etl latest load'
 */
export function formsForDeployment(forms: readonly CommandForm[], deployment: string | undefined): CommandForm[] {
  if (deployment === undefined) return [...forms];
  const word = new RegExp(`(^|\\s)${EXAMPLE_DEPLOYMENT}(?=\\s|$)`);
  return forms.map((form) => ({ ...form, example: form.example.replace(word, `$1${deployment}`) }));
}

/** The subcommand names, in help order. */
export const COMMAND_NAMES: readonly CommandName[] = [...new Set(COMMAND_FORMS.map((form) => form.name))];

/**
 * One form as mrkdwn: the syntax and the example, each in a code span, with the slash command.
 *
 * @example
 * formatUsage(COMMAND_FORMS[4], '/af');
 * // '`/af runs [&lt;deployment&gt;] &lt;dag_id&gt; [&lt;n&gt;]`  e.g. `/af runs prod etl 5`'
 */
export function formatUsage(form: CommandForm, slashCommand: string = DEFAULT_SLASH_COMMAND): string {
  return `\`${escapeMrkdwn(`${slashCommand} ${form.syntax}`)}\`  e.g. \`${escapeMrkdwn(`${slashCommand} ${form.example}`)}\``;
}

/**
 * A usage message for one subcommand: what was wrong, then every form of that subcommand.
 *
 * @example
 * usageMessage('runs', 'The count must be a whole number from 1 to 25.', '/airflow');
 */
export function usageMessage(name: CommandName, problem: string, slashCommand: string = DEFAULT_SLASH_COMMAND): string {
  const forms = COMMAND_FORMS.filter((form) => form.name === name);
  const lines = [problem, ...forms.map((form) => `Usage: ${formatUsage(form, slashCommand)}`)];
  if (forms.some((form) => form.syntax.includes('<task instance>'))) lines.push(TASK_INSTANCE_HINT);
  else if (forms.some((form) => form.syntax.includes('<run>'))) lines.push(RUN_HINT);
  return lines.join('\n');
}
