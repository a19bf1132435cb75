import type { AppConfig } from '../config/app-config';
import { BotError } from '../errors';
import { reportFailedJob } from '../failed-jobs/report-failed-job';
import type { Logger } from '../logging/logger';
import { SHORT_RATE_LIMIT_POLICY } from '../slack-replies/rate-limit';
import { createSlackReplies } from '../slack-replies/slack-replies';

/** The on-failure destination's handler: one Lambda failure record in, nothing out. */
export type FailedJobsHandler = (record: unknown) => Promise<void>;

export interface FailedJobsRuntimeDeps {
  config: AppConfig;
  logger: Logger;
  fetch?: typeof fetch;
}

/**
 * The worker's on-failure destination, built once per container. It answers only through the
 * job's `response_url`, which needs no token: its role holds no secret and no Slack client is built.
 */
export function createFailedJobsHandler(deps: FailedJobsRuntimeDeps): FailedJobsHandler {
  const replies = createSlackReplies({
    fetch: deps.fetch ?? fetch,
    // Its function has 30 s: a 429 is waited out only briefly.
    rateLimit: SHORT_RATE_LIMIT_POLICY,
    web: () => Promise.reject(new BotError('internal', 'The failure reporter answers through response URLs only.')),
    ...(deps.config.responseUrlOrigins === undefined ? {} : { responseUrlOrigins: deps.config.responseUrlOrigins }),
  });
  return (record) => reportFailedJob(record, { replies, logger: deps.logger, slashCommand: deps.config.slashCommand });
}
