import path from 'node:path';
import type { Clock } from '../clock';
import { loadAppConfig, type AppConfig } from '../config/app-config';
import { loadDeployments } from '../config/load-deployments';
import type { DeploymentRegistry } from '../config/types';
import type { SecretCache } from '../credentials/secret-cache';
import { createSecretsForConfig } from '../credentials/secrets-for-config';
import { createLogger, type Logger } from '../logging/logger';

/** What tests and local runs may swap; Lambda uses the defaults. */
export interface RuntimeOverrides {
  fetch?: typeof fetch;
  logger?: Logger;
  clock?: Clock;
  /**
   * The folder of the handler module (its `__dirname`). Handlers sit one folder below the package
   * root, in the source tree and in each function's zip (serverless-esbuild keeps `handlers/`), so
   * the files packaged beside them (`deployments.json`) are found from here, not from the working
   * directory the process happened to start in.
   */
  handlerDir?: string;
}

export interface RuntimeBasics {
  config: AppConfig;
  registry: DeploymentRegistry;
  logger: Logger;
  secrets: SecretCache;
}

/**
 * Configuration, deployments registry, logger and secret cache, read from the environment. Called
 * at module load (cold start), so a bad configuration fails the container at once with a message
 * naming the variable, file, deployment and field.
 */
export function basicsFromEnv(env: NodeJS.ProcessEnv, overrides: RuntimeOverrides = {}): RuntimeBasics {
  const config = loadAppConfig(env);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const registry = loadDeployments({
    env,
    ...(overrides.handlerDir === undefined ? {} : { baseDir: path.resolve(overrides.handlerDir, '..') }),
  });
  const secrets = createSecretsForConfig(config, {
    logger,
    ...(overrides.clock === undefined ? {} : { clock: overrides.clock }),
  });
  return { config, registry, logger, secrets };
}
