import type { HitlRequest, HitlUser, TaskState } from '../airflow/model';
import { encodeHitlValue, HITL_ACTION_IDS } from '../protocol/hitl-values';
import { actionsBlock, button, sectionBlock } from './blocks';
import type { DeploymentDisplay, SlackMessage } from './message';

/** Where a human-in-the-loop request stands, as its message shows it. */
export type HitlState =
  /** Waiting: the options are buttons (or checkboxes and Submit, or a button that opens the form). */
  | { kind: 'pending' }
  /** Answered through the bot by a Slack user. */
  | { kind: 'answered_in_slack'; userId: string; at: string; chosenOptions: string[]; paramsInput: Record<string, unknown> }
  /** Answered in Airflow (its UI or API) by `by`; `by: null` means it timed out and took its defaults. */
  | { kind: 'answered_in_airflow'; by: HitlUser | null; at: string | null; chosenOptions: string[]; paramsInput: Record<string, unknown> }
  /** No answer, but the task instance no longer waits for one (cleared, failed, marked). */
  | { kind: 'no_longer_waiting'; taskState: TaskState | null };

export interface HitlMessageInput {
  deployment: DeploymentDisplay;
  request: HitlRequest;
  /** The task instance in Airflow's UI. */
  uiUrl?: string;
  state: HitlState;
}

/**
 * The message of one human-in-the-loop request. Pending: subject, body (the author's Markdown as
 * safe mrkdwn), DAG, run, task, who is assigned, when it was asked, and the ways to answer. Otherwise:
 * the same facts and how it ended; nothing left clickable that Airflow would refuse.
 */
export function hitlMessage(input: HitlMessageInput): SlackMessage {
  const { request, state } = input;
  const address = { deployment: input.deployment.name, ...request.ref };
  const text = `${request.subject}`;
  if (state.kind !== 'pending') return { text, blocks: [sectionBlock(`${text}: ${state.kind}`)] };
  return {
    text,
    blocks: [
      sectionBlock(text),
      actionsBlock(
        request.options.slice(0, 5).map((option, index) =>
          button({ actionId: `${HITL_ACTION_IDS.option}_${index}`, text: option, value: encodeHitlValue({ address, createdAt: request.createdAt, option: index }) }),
        ),
      ),
    ],
  };
}

/**
 * What was chosen, on one line of mrkdwn (options and inputs escaped): "✅ Approve" or
 * "✅ Rerun, Notify — reason: flaky source".
 */
export function hitlAnswerSummary(chosenOptions: readonly string[], paramsInput: Record<string, unknown>): string {
  const inputs = Object.entries(paramsInput).map(([name, value]) => `${name}: ${String(value)}`);
  return `✅ ${chosenOptions.join(', ')}${inputs.length > 0 ? ` — ${inputs.join(', ')}` : ''}`;
}

/** `/airflow pending`: the open requests of the deployments asked about, each with its ways to answer. */
export function hitlPendingList(
  entries: readonly { deployment: DeploymentDisplay; request: HitlRequest; uiUrl?: string }[],
): SlackMessage {
  if (entries.length === 0) return { text: 'No request waits for an answer.', blocks: [sectionBlock('No request waits for an answer.')] };
  return { text: `${entries.length} requests wait for an answer`, blocks: entries.flatMap((entry) => hitlMessage({ ...entry, state: { kind: 'pending' } }).blocks) };
}
