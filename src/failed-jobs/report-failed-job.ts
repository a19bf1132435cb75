import type { Logger } from '../logging/logger';
import { parseWorkerJob } from '../protocol/job-schema';
import type { WorkerJob } from '../protocol/job';
import type { SlackReplies } from '../slack-replies/slack-replies';
import { failureMessage } from './failure-message';
import { errorTypeOf, readFailureRecord } from './failure-record';

export interface ReportFailedJobDeps {
  /** Answers through the job's `response_url` (only on Slack's hosts). */
  replies: SlackReplies;
  logger: Logger;
  slashCommand: string;
}

/**
 * The worker's on-failure destination: when an asynchronous invocation of the worker failed (an
 * error, a timeout, a crash) or was never run, tells the user instead of leaving "working…" on
 * screen forever. Never throws: a destination that fails has nobody left to tell.
 *
 * @example
 * export const handler = (record: unknown) => reportFailedJob(record, deps);
 */
export async function reportFailedJob(input: unknown, deps: ReportFailedJobDeps): Promise<void> {
  const record = readFailureRecord(input);
  if (record === undefined) {
    deps.logger.error('on-failure destination invoked with something that is not a Lambda failure record');
    return;
  }
  const { condition, requestId } = record.requestContext;
  let job: WorkerJob;
  try {
    job = parseWorkerJob(record.requestPayload);
  } catch {
    deps.logger.error({ condition, requestId }, 'a worker job failed, and it cannot be read to tell its user');
    return;
  }
  // The request id ties this line to the worker's own log of the failed invocation; the job holds
  // the user's text and a response URL, so only its kind is logged.
  deps.logger.warn({ condition, requestId, errorType: errorTypeOf(record), job: job.kind }, 'a worker job did not finish');
  // An unfurl or a Home tab has no conversation to answer in.
  if (job.kind === 'unfurl' || job.kind === 'home') return;
  const message = failureMessage(job, { neverStarted: condition === 'EventAgeExceeded', slashCommand: deps.slashCommand });
  try {
    // A command's "working…" reply is replaced; a card the user clicked stays, the news arrives beside it.
    await deps.replies.reply(job.slack, message, { replaceOriginal: job.kind === 'command' });
  } catch (error) {
    deps.logger.error({ err: error, requestId }, 'could not tell the user that their request did not finish');
  }
}
