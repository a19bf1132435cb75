import { loadAppConfig } from '../config/app-config';
import { BotError } from '../errors';
import { reportFailedJob } from '../failed-jobs/report-failed-job';
import { createLogger, type Logger } from '../logging/logger';
import { createSlackReplies } from '../slack-replies/slack-replies';

/** The on-failure destination's handler: one Lambda failure record in, nothing out. */
export type FailedJobsHandler = (record: unknown) => Promise<void>;

/**
 * The worker's on-failure destination, configured from the environment. It answers only through
 * the job's `response_url`, which needs no token: its role holds no secret and no Slack client is built.
 */
export function failedJobsHandlerFromEnv(
  env: NodeJS.ProcessEnv,
  overrides: { fetch?: typeof fetch; logger?: Logger } = {},
): FailedJobsHandler {
  const config = loadAppConfig(env);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const replies = createSlackReplies({
    fetch: overrides.fetch ?? fetch,
    web: () => Promise.reject(new BotError('internal', 'The failure reporter answers through response URLs only.')),
    ...(config.responseUrlOrigins === undefined ? {} : { responseUrlOrigins: config.responseUrlOrigins }),
  });
  return (record) => reportFailedJob(record, { replies, logger, slashCommand: config.slashCommand });
}
