import { ALERT_EVENT_TYPES, type AlertEventType } from '../../src/alerts/alert-event';

/** What `npm run alert` was asked to send. */
export type AlertCliRequest =
  | { kind: 'event'; event: Record<string, unknown> }
  /** Every failed task instance the demo Airflows were seeded with. */
  | { kind: 'seeded' }
  | { kind: 'usage'; message: string };

/** Short names accepted for the event types. */
const SHORT_NAMES: Readonly<Record<string, AlertEventType>> = {
  failed: 'task_instance.failed',
  up_for_retry: 'task_instance.up_for_retry',
  success: 'task_instance.success',
  dag_failed: 'dag_run.failed',
  dag_success: 'dag_run.success',
};

export const ALERT_CLI_USAGE = [
  'Usage: npm run alert -- <event> <deployment> <dag_id> <run_id|latest|date> [task_id] [--try N] [--map-index N]',
  '       npm run alert -- --seeded      (every failure the demo Airflows were seeded with)',
  `  <event>: ${Object.keys(SHORT_NAMES).join(', ')} (or ${ALERT_EVENT_TYPES.join(', ')})`,
  '  Example: npm run alert -- failed demo-v2 etl_daily latest transform --try 2',
  '  Sends to ALERT_URL (default: the local bot) signed with ALERT_SECRET (default: the local demo source).',
].join('\n');

/**
 * Reads the command line of `npm run alert`.
 *
 * @example
 * parseAlertCliArgs(['failed', 'demo-v2', 'etl_daily', 'r1', 'transform', '--try', '2'])
 */
export function parseAlertCliArgs(argv: readonly string[]): AlertCliRequest {
  if (argv.includes('--seeded')) return { kind: 'seeded' };
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--try' || arg === '--map-index') {
      const value = argv[i + 1];
      if (value === undefined || !/^-?\d+$/.test(value)) return { kind: 'usage', message: `${arg} needs a whole number.\n${ALERT_CLI_USAGE}` };
      flags[arg] = value;
      i += 1;
    } else if (arg.startsWith('--')) {
      return { kind: 'usage', message: `Unknown option ${arg}.\n${ALERT_CLI_USAGE}` };
    } else {
      positional.push(arg);
    }
  }
  const [name, deployment, dagId, runId, taskId] = positional;
  if (name === undefined || deployment === undefined || dagId === undefined || runId === undefined) {
    return { kind: 'usage', message: ALERT_CLI_USAGE };
  }
  const type = SHORT_NAMES[name] ?? (ALERT_EVENT_TYPES as readonly string[]).find((t) => t === name);
  if (type === undefined) return { kind: 'usage', message: `Unknown event "${name}".\n${ALERT_CLI_USAGE}` };
  const event: Record<string, unknown> = { version: 1, event: type, deployment, dag_id: dagId, run_id: runId };
  if (type.startsWith('task_instance.')) {
    if (taskId === undefined) return { kind: 'usage', message: `A task event needs a task_id.\n${ALERT_CLI_USAGE}` };
    event.task_id = taskId;
    event.map_index = flags['--map-index'] === undefined ? -1 : Number(flags['--map-index']);
    if (flags['--try'] !== undefined) event.try_number = Number(flags['--try']);
  }
  event.occurred_at = new Date().toISOString();
  return { kind: 'event', event };
}
