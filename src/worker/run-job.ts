import { asBotError, type BotError } from '../errors';
import { errorMessage } from '../views/error-message';
import { handleButton } from './handle-button';
import type { WorkerJob } from './job';
import { runCommand } from './run-command';
import { submitNote } from './mutations/add-note';
import type { WorkerDeps } from './worker-deps';

/**
 * Runs one job from the Slack-facing function. Never throws: a failure is reported to the user
 * (one line, no stack trace) and logged with its cause, so the worker never goes silent.
 */
export async function runJob(job: WorkerJob, deps: WorkerDeps): Promise<void> {
  try {
    switch (job.kind) {
      case 'command':
        await runCommand(job.command, job.slack, deps, job.requestId);
        return;
      case 'button':
        await handleButton(job.actionId, job.value, job.slack, deps);
        return;
      case 'note_submitted':
        await submitNote(job.address, job.note, job.slack, deps, job.requestId);
        return;
    }
  } catch (error) {
    const botError = asBotError(error);
    const log = botError.kind === 'internal' ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
    log({ err: botError.cause ?? botError, kind: botError.kind, details: botError.details, job: job.kind }, botError.userMessage);
    try {
      // A card the user clicked stays as it was; the error arrives beside it.
      await deps.replies.reply(job.slack, errorMessage(messageForUser(botError)), { replaceOriginal: job.kind === 'command' });
    } catch (replyError) {
      deps.logger.error({ err: replyError }, 'could not tell the user about a failure');
    }
  }
}

/** Operator-facing errors name secret ids and ARNs: the user gets a pointer, the log the details. */
function messageForUser(error: BotError): string {
  if (error.kind === 'config' || error.kind === 'credentials') {
    return 'The bot is not set up right for this deployment. Its operators will find the details in its logs.';
  }
  return error.userMessage;
}
