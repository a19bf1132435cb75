import type { SettableState } from '../airflow/model';

/**
 * A task instance as the user named it: ids (with the deployment left out where the channel has a
 * default) or a pasted Airflow UI link. `run` is kept as typed and resolved against Airflow later.
 */
export interface TaskInstanceTarget {
  /** `undefined`: use the channel's default deployment. */
  deployment?: string;
  dagId: string;
  run: RunSpec;
  taskId: string;
  /** `-1` when not mapped. */
  mapIndex: number;
}

/** How the user named the run: an id, `latest`, or a date/time (logical/execution date). */
export type RunSpec = { kind: 'id'; runId: string } | { kind: 'latest' } | { kind: 'date'; date: Date };

/** Reply visibility: ephemeral by default; `--share` posts in the channel. */
export interface CommandOptions {
  share: boolean;
}

export type Command = (
  | { name: 'help' }
  | { name: 'deployments' }
  | { name: 'ti'; target: TaskInstanceTarget }
  | { name: 'runs'; deployment?: string; dagId: string; limit: number }
  | { name: 'failed'; deployment?: string; dagId?: string }
  /** `file`: upload the whole log (masked) instead of showing the excerpt. */
  | { name: 'logs'; target: TaskInstanceTarget; tryNumber?: number; file?: boolean }
  | {
      name: 'mark';
      target: TaskInstanceTarget;
      newState: Extract<SettableState, 'success' | 'failed'>;
      includeUpstream: boolean;
      includeDownstream: boolean;
    }
  | { name: 'clear'; target: TaskInstanceTarget; includeDownstream: boolean }
  | { name: 'note'; target: TaskInstanceTarget; text: string }
  | { name: 'audit'; target: TaskInstanceTarget }
  /** Holds back new alerts of a DAG for `durationMs` (see `src/snoozes`). */
  | { name: 'snooze'; deployment: string; dagId: string; durationMs: number }
  | { name: 'snoozes' }
  | { name: 'unsnooze'; deployment: string; dagId: string }
  /** The last 24 hours of the channel's alerts, from the alert store. */
  | { name: 'digest' }
  /** The human-in-the-loop requests waiting for an answer: in one deployment, or in all the user may read. */
  | { name: 'pending'; deployment?: string }
) &
  CommandOptions;

export type CommandName = Command['name'];

/** What the parser returns when the text is not a command: a short usage text for the subcommand. */
export interface UsageReply {
  name: 'usage';
  /** The subcommand the user seemed to want, when known. */
  subcommand?: CommandName;
  /** mrkdwn, short: what was wrong and the right form with an example. */
  message: string;
}

export type ParseResult = Command | UsageReply;
