import type { WorkerJob } from '../protocol/job';
import { ACTION_IDS, type ActionId } from '../protocol/interaction-types';
import { errorMessage } from '../views/error-message';
import type { SlackMessage } from '../views/message';
import { escapeMrkdwn } from '../views/mrkdwn-escape';

/** What the user had asked for, in a few words. */
const BUTTON_WORDS: Record<ActionId, string> = {
  [ACTION_IDS.viewLogs]: 'reading the log',
  [ACTION_IDS.fullLog]: 'uploading the full log',
  [ACTION_IDS.audit]: 'reading the audit trail',
  [ACTION_IDS.markSuccess]: 'previewing Mark success',
  [ACTION_IDS.markFailed]: 'previewing Mark failed',
  [ACTION_IDS.clear]: 'previewing Clear',
  [ACTION_IDS.addNote]: 'opening the note form',
  [ACTION_IDS.acknowledge]: 'acknowledging the alert',
  [ACTION_IDS.refresh]: 'refreshing the card',
  [ACTION_IDS.confirm]: 'applying the confirmed change',
  [ACTION_IDS.cancel]: 'cancelling the preview',
  [ACTION_IDS.snooze]: 'snoozing the alerts',
};

/**
 * Whether the job may have changed something before it stopped: a Confirm, a note, a snooze or unsnooze.
 * Everything else only reads or previews, and a preview changes nothing.
 */
export function mayHaveChanged(job: WorkerJob): boolean {
  switch (job.kind) {
    case 'button':
      return job.actionId === ACTION_IDS.confirm || job.actionId === ACTION_IDS.snooze;
    case 'note_submitted':
    case 'hitl_answer':
      return true;
    case 'hitl_form':
    case 'unfurl':
    case 'lookup':
    case 'home':
      return false;
    case 'command':
      return job.command.name === 'note' || job.command.name === 'snooze' || job.command.name === 'unsnooze';
  }
}

/** `your /airflow ti request`, `applying the confirmed change`, `adding your note to load`. */
function describeJob(job: WorkerJob, slashCommand: string): string {
  switch (job.kind) {
    case 'button':
      return BUTTON_WORDS[job.actionId];
    case 'note_submitted':
      return `adding your note to ${job.address.taskId}`;
    case 'hitl_answer':
      return `answering the request of ${job.request.address.taskId}`;
    case 'hitl_form':
      return `opening the form of ${job.request.address.taskId}'s request`;
    case 'unfurl':
    case 'lookup':
      return 'showing the card of your Airflow link';
    case 'home':
      return 'building your home tab';
    case 'command':
      return `your \`${slashCommand} ${job.command.name}\` request`;
  }
}

/**
 * What the user sees when the worker stopped before finishing a job (it failed, ran out of time,
 * or never started): whether anything may have changed, and what to do.
 *
 * @example
 * failureMessage(confirmJob, { neverStarted: false, slashCommand: '/airflow' }).text
 * // ':warning: The bot stopped before it finished applying the confirmed change. It may have been applied: press Refresh on the card (or look in Airflow) before trying again.'
 */
export function failureMessage(job: WorkerJob, options: { neverStarted: boolean; slashCommand: string }): SlackMessage {
  const what = escapeMrkdwn(describeJob(job, options.slashCommand));
  if (options.neverStarted) {
    return errorMessage(`The bot was too busy to start ${what} in time. Nothing was changed: try again.`);
  }
  if (mayHaveChanged(job)) {
    return errorMessage(
      `The bot stopped before it finished ${what}. It may have been applied: press Refresh on the card (or look in Airflow) before trying again.`,
    );
  }
  return errorMessage(`The bot could not finish ${what}. Nothing was changed: try again.`);
}
