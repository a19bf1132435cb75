import type { Command } from './command';
import type { HitlRequestAddress } from './hitl-values';
import type { ActionId, TaskInstanceAddress } from './interaction-types';

/** Who asked, where, and where the answer goes. Holds no token: the worker has its own. */
export interface SlackRequestContext {
  userId: string;
  userName?: string;
  teamId?: string;
  channelId?: string;
  /** Slack's `response_url`: answers slash commands and updates ephemeral messages. */
  responseUrl?: string;
  /** The message a button sat on, when it is a channel message (`chat.update` and threads). */
  messageTs?: string;
  /** Ephemeral messages can only be changed through `response_url`. */
  isEphemeral: boolean;
  /** The click came from a row of a list: answer beside the list instead of replacing it. */
  fromList?: boolean;
}

/**
 * An Airflow UI link pasted in Slack, as the Slack-facing function read it against the registry:
 * what it points to in which deployment. `url` is the link exactly as Slack sent it (`chat.unfurl`
 * is keyed by it).
 */
export type AirflowLink =
  | { kind: 'task_instance'; url: string; deployment: string; dagId: string; runId: string; taskId: string; mapIndex: number }
  | { kind: 'run'; url: string; deployment: string; dagId: string; runId: string }
  | { kind: 'dag'; url: string; deployment: string; dagId: string };

/**
 * The message whose links are unfurled: a posted message (`channel` and `ts`), or one still being
 * written (`unfurlId` and `source`, which Slack then prefers).
 */
export interface UnfurlMessage {
  channelId: string;
  ts: string;
  unfurlId?: string;
  source?: 'composer' | 'conversations_history';
}

/**
 * Work handed from the Slack-facing function to the worker: anything that calls Airflow or
 * Secrets Manager for a deployment, so Slack gets its acknowledgement within 3 seconds.
 */
export type WorkerJob =
  /** `requestId`: unique per Slack request, so a redelivered job changes nothing twice. */
  | { kind: 'command'; command: Command; slack: SlackRequestContext; requestId?: string }
  /** A button click; `value` is the button's raw value, decoded and validated by the worker. */
  | { kind: 'button'; actionId: ActionId; value: string; slack: SlackRequestContext; requestId?: string }
  | { kind: 'note_submitted'; address: TaskInstanceAddress; note: string; slack: SlackRequestContext; requestId?: string }
  /**
   * An answer to a human-in-the-loop request: an option button, Submit under ticked options, or
   * the submitted form. `chosen` are indexes into the request's options; `requestId` makes a
   * redelivered job answer once.
   */
  | { kind: 'hitl_answer'; request: HitlRequestAddress; chosen: number[]; paramsInput: Record<string, unknown>; slack: SlackRequestContext; requestId: string }
  /** Fill the form opened (as a loading modal) on a request's Answer button: `viewId` is that modal. */
  | { kind: 'hitl_form'; request: HitlRequestAddress; viewId: string; slack: SlackRequestContext }
  /** `link_shared`: cards for the pasted links of registered deployments (`chat.unfurl`). */
  | { kind: 'unfurl'; links: AirflowLink[]; message: UnfurlMessage; slack: SlackRequestContext }
  /** The message shortcut "Look up in Airflow": the card of the message's first Airflow link, to the clicker alone. */
  | { kind: 'lookup'; link: AirflowLink; slack: SlackRequestContext }
  /** `app_home_opened`: the user's home tab (`views.publish`). */
  | { kind: 'home'; slack: SlackRequestContext };
