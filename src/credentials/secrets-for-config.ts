import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../clock';
import type { AppConfig } from '../config/app-config';
import type { Logger } from '../logging/logger';
import { createFileSecretSource } from './file-secret-source';
import { createSecretCache, type SecretCache } from './secret-cache';
import { createSecretsManagerSource, defaultSecretsManagerClient } from './secrets-manager-source';

export interface SecretsForConfigOptions {
  /** The Secrets Manager client; the container's shared one when absent. Unused with a local file. */
  client?: SecretsManagerClient;
  clock?: Clock;
  logger?: Logger;
}

/**
 * The secret cache the functions use: over `LOCAL_CREDENTIALS_FILE` when it is set, over Secrets
 * Manager otherwise, with the configured TTL. Build it once per container.
 *
 * @example
 * const secrets = createSecretsForConfig(loadAppConfig(process.env), { logger });
 */
export function createSecretsForConfig(
  config: Pick<AppConfig, 'localCredentialsFile' | 'secretsCacheTtlMs'>,
  options: SecretsForConfigOptions = {},
): SecretCache {
  const source =
    config.localCredentialsFile === undefined
      ? createSecretsManagerSource(options.client ?? defaultSecretsManagerClient())
      : createFileSecretSource(config.localCredentialsFile);
  return createSecretCache(source, {
    ttlMs: config.secretsCacheTtlMs,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
