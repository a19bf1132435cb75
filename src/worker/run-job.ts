import { asBotError, type BotError } from '../errors';
import { errorMessage } from '../views/error-message';
import { handleButton } from './handle-button';
import type { WorkerJob } from '../protocol/job';
import { parseWorkerJob, readableSlackContext } from '../protocol/job-schema';
import { runCommand } from './run-command';
import { submitNote } from './mutations/add-note';
import { answerHitlRequest } from './mutations/answer-hitl';
import { fillHitlForm } from './mutations/fill-hitl-form';
import { showHome } from './commands/show-home';
import { lookUpLink, unfurlLinks } from './commands/show-link';
import type { WorkerDeps } from './worker-deps';

/** How long before Lambda's timeout the user is warned that the job may be cut short. */
const TIMEOUT_WARNING_MARGIN_MS = 5_000;

export interface RunJobOptions {
  /** Time left before the platform stops this worker (Lambda's `getRemainingTimeInMillis`). */
  remainingMs?: number;
}

/**
 * The worker's entry: validates what it was invoked with, then runs it. A job that does not
 * validate is not run; the user is told so when its Slack context can be read, and the log names
 * the bad field, never the job (it holds the user's text and a response URL).
 */
export async function runWorkerJob(input: unknown, deps: WorkerDeps, options: RunJobOptions = {}): Promise<void> {
  let job: WorkerJob;
  try {
    job = parseWorkerJob(input);
  } catch (error) {
    const botError = asBotError(error);
    deps.logger.error({ err: botError.cause ?? botError, details: botError.details }, 'worker job refused: it does not validate');
    const slack = readableSlackContext(input);
    if (slack !== undefined) {
      await deps.replies
        .reply(slack, errorMessage(botError.userMessage), { replaceOriginal: false })
        .catch((replyError: unknown) => deps.logger.error({ err: replyError }, 'could not tell the user about a refused job'));
    }
    return;
  }
  await runJob(job, deps, options);
}

/**
 * Runs one job from the Slack-facing function. Never throws: a failure is reported to the user
 * (one line, no stack trace) and logged with its cause, so the worker never goes silent. When the
 * worker is about to be stopped by its timeout, the user is told so before it happens.
 */
export async function runJob(job: WorkerJob, deps: WorkerDeps, options: RunJobOptions = {}): Promise<void> {
  const warning =
    options.remainingMs === undefined
      ? undefined
      : setTimeout(() => void warnSlow(job, deps), Math.max(0, options.remainingMs - TIMEOUT_WARNING_MARGIN_MS));
  try {
    await runJobUnwatched(job, deps);
  } finally {
    clearTimeout(warning);
  }
}

async function warnSlow(job: WorkerJob, deps: WorkerDeps): Promise<void> {
  deps.logger.warn({ job: job.kind }, 'worker about to time out');
  if (job.kind === 'unfurl' || job.kind === 'home') return;
  const text =
    'Airflow is answering too slowly and this request is about to be stopped. If it was a change, press Refresh on the card (or look in Airflow) to see whether it was applied.';
  await deps.replies
    .reply(job.slack, errorMessage(text), { replaceOriginal: false })
    .catch((error: unknown) => deps.logger.error({ err: error }, 'could not warn about a slow job'));
}

async function runJobUnwatched(job: WorkerJob, deps: WorkerDeps): Promise<void> {
  try {
    switch (job.kind) {
      case 'command':
        await runCommand(job.command, job.slack, deps, job.requestId);
        return;
      case 'button':
        await handleButton(job.actionId, job.value, job.slack, deps, job.requestId);
        return;
      case 'note_submitted':
        await submitNote(job.address, job.note, job.slack, deps, job.requestId);
        return;
      case 'hitl_answer':
        await answerHitlRequest(job, deps);
        return;
      case 'hitl_form':
        await fillHitlForm(job, deps);
        return;
      case 'unfurl':
        await unfurlLinks(job, deps);
        return;
      case 'lookup':
        await lookUpLink(job, deps);
        return;
      case 'home':
        await showHome(job, deps);
        return;
    }
  } catch (error) {
    const botError = asBotError(error);
    const log = botError.kind === 'internal' ? deps.logger.error.bind(deps.logger) : deps.logger.warn.bind(deps.logger);
    log({ err: botError.cause ?? botError, kind: botError.kind, details: botError.details, job: job.kind }, botError.userMessage);
    // An unfurl or a Home tab has no conversation to answer in: the log is all there is.
    if (job.kind === 'unfurl' || job.kind === 'home') return;
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
