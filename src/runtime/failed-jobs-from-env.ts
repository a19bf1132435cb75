import { loadAppConfig } from '../config/app-config';
import { createLogger, type Logger } from '../logging/logger';
import { createFailedJobsHandler, type FailedJobsHandler } from './failed-jobs-runtime';

/**
 * The worker's on-failure destination, configured from the environment: only the configuration,
 * as it reads no secret (see `createFailedJobsHandler`).
 */
export function failedJobsHandlerFromEnv(env: NodeJS.ProcessEnv, overrides: { fetch?: typeof fetch; logger?: Logger } = {}): FailedJobsHandler {
  const config = loadAppConfig(env);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  return createFailedJobsHandler({ config, logger, ...(overrides.fetch === undefined ? {} : { fetch: overrides.fetch }) });
}
