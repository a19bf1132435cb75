import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BotError } from '../errors';
import type { SecretSource } from './types';

/**
 * Reads secrets from AWS Secrets Manager with `GetSecretValue`. Only text secrets (`SecretString`)
 * are supported. Errors name the secret id and the AWS error, never a value.
 *
 * @throws `BotError('credentials')`: the secret does not exist, access to it (or its KMS key) was
 *   denied, it has no text value, or the call failed otherwise (the SDK error is the `cause`).
 * @example
 * const source = createSecretsManagerSource(defaultSecretsManagerClient());
 * const text = await source.getSecretString('ops-bot/airflow/prod');
 */
export function createSecretsManagerSource(client: SecretsManagerClient): SecretSource {
  return {
    async getSecretString(secretId) {
      let secretString: string | undefined;
      try {
        const response = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
        secretString = response.SecretString;
      } catch (error) {
        throw translateError(secretId, error);
      }
      if (secretString === undefined) {
        throw new BotError('credentials', `Secret "${secretId}" has no text value (SecretString); the bot reads text secrets only`, {
          details: { secretId },
        });
      }
      return secretString;
    },
  };
}

function translateError(secretId: string, error: unknown): BotError {
  const errorName = error instanceof Error ? error.name : 'UnknownError';
  const options = { cause: error, details: { secretId, errorName } };
  switch (errorName) {
    case 'ResourceNotFoundException':
      return new BotError('credentials', `Secret "${secretId}" was not found in Secrets Manager`, options);
    case 'AccessDeniedException':
      return new BotError(
        'credentials',
        `Access to secret "${secretId}" was denied by Secrets Manager; check the function's IAM role and the secret's resource policy`,
        options,
      );
    case 'DecryptionFailure':
      return new BotError(
        'credentials',
        `Secret "${secretId}" could not be decrypted; check the function's access to the secret's KMS key`,
        options,
      );
    default:
      return new BotError('credentials', `Could not read secret "${secretId}" from Secrets Manager (${errorName})`, options);
  }
}

let sharedClient: SecretsManagerClient | undefined;

/**
 * The Secrets Manager client of this container, created on first use and then reused across warm
 * invocations. Region and endpoint come from the environment as the SDK reads them: `AWS_REGION`,
 * and `AWS_ENDPOINT_URL_SECRETS_MANAGER` (or `AWS_ENDPOINT_URL`) to point it at a local stand-in.
 *
 * @example
 * const source = createSecretsManagerSource(defaultSecretsManagerClient());
 */
export function defaultSecretsManagerClient(): SecretsManagerClient {
  sharedClient ??= new SecretsManagerClient({});
  return sharedClient;
}
