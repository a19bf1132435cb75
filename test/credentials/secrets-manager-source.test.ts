import {
  DecryptionFailure,
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createSecretsManagerSource, defaultSecretsManagerClient } from '../../src/credentials/secrets-manager-source';
import { BotError } from '../../src/errors';

const secretsManager = mockClient(SecretsManagerClient);
const client = new SecretsManagerClient({ region: 'eu-west-1' });

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('createSecretsManagerSource', () => {
  beforeEach(() => {
    secretsManager.reset();
  });

  it('asks GetSecretValue for the id and returns its SecretString', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"t"}' });

    await expect(createSecretsManagerSource(client).getSecretString('airflow/prod')).resolves.toBe('{"token":"t"}');

    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: 'airflow/prod' });
  });

  it('says a missing secret was not found', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));

    const error = await rejection(createSecretsManagerSource(client).getSecretString('airflow/prod'));

    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe('Secret "airflow/prod" was not found in Secrets Manager');
    expect(error.details).toEqual({ secretId: 'airflow/prod', errorName: 'ResourceNotFoundException' });
    expect(error.cause).toBeInstanceOf(ResourceNotFoundException);
  });

  it('names the secret when access is denied', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(
      new SecretsManagerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'User is not authorized to perform: secretsmanager:GetSecretValue',
        $metadata: {},
      }),
    );

    const error = await rejection(createSecretsManagerSource(client).getSecretString('airflow/prod'));

    expect(error.userMessage).toBe(
      `Access to secret "airflow/prod" was denied by Secrets Manager; check the function's IAM role and the secret's resource policy`,
    );
  });

  it('points at the KMS key when the secret cannot be decrypted', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new DecryptionFailure({ message: 'Access to KMS is not allowed', $metadata: {} }));

    const error = await rejection(createSecretsManagerSource(client).getSecretString('airflow/prod'));

    expect(error.userMessage).toBe(`Secret "airflow/prod" could not be decrypted; check the function's access to the secret's KMS key`);
  });

  it('wraps any other failure, naming the id and the AWS error', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new InternalServiceError({ message: 'boom', $metadata: {} }));

    const error = await rejection(createSecretsManagerSource(client).getSecretString('airflow/prod'));

    expect(error.userMessage).toBe('Could not read secret "airflow/prod" from Secrets Manager (InternalServiceError)');
    expect(error.details).toEqual({ secretId: 'airflow/prod', errorName: 'InternalServiceError' });
  });

  it('refuses a binary secret', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });

    const error = await rejection(createSecretsManagerSource(client).getSecretString('airflow/prod'));

    expect(error.userMessage).toBe('Secret "airflow/prod" has no text value (SecretString); the bot reads text secrets only');
  });
});

describe('defaultSecretsManagerClient', () => {
  it('creates the client once and reuses it', () => {
    const first = defaultSecretsManagerClient();
    expect(first).toBeInstanceOf(SecretsManagerClient);
    expect(defaultSecretsManagerClient()).toBe(first);
  });
});
