import type { AirflowDeployment, DeploymentConfig } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { BotError } from '../../src/errors';
import { MemorySecretSource } from './memory-secret-source';

function deployment(auth: AirflowDeployment['auth']): DeploymentConfig {
  return {
    name: 'prod',
    displayName: 'Production',
    apiUrl: 'https://airflow.example.com',
    uiUrl: 'https://airflow.example.com',
    dialect: 'auto',
    auth,
    secretId: 'airflow/prod',
    defaultChannels: [],
  };
}

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

function providerWith(secret: string) {
  const source = new MemorySecretSource({ 'airflow/prod': secret });
  return { source, provider: createAirflowCredentialProvider(createSecretCache(source)) };
}

describe('createAirflowCredentialProvider', () => {
  it.each(['basic', 'password'] as const)('reads username and password for auth %s, ignoring other keys', async (auth) => {
    const { provider } = providerWith(JSON.stringify({ username: 'bot', password: 'pw', note: 'rotated monthly' }));
    await expect(provider.get(deployment(auth))).resolves.toEqual({ kind: auth, username: 'bot', password: 'pw' });
  });

  it('reads the token for auth bearer', async () => {
    const { provider } = providerWith(JSON.stringify({ token: 'tok' }));
    await expect(provider.get(deployment('bearer'))).resolves.toEqual({ kind: 'bearer', token: 'tok' });
  });

  it('fetches anew on refresh', async () => {
    const { source, provider } = providerWith(JSON.stringify({ token: 'old' }));
    await provider.get(deployment('bearer'));
    source.secrets.set('airflow/prod', JSON.stringify({ token: 'new' }));

    await expect(provider.get(deployment('bearer'))).resolves.toEqual({ kind: 'bearer', token: 'old' });
    await expect(provider.refresh(deployment('bearer'))).resolves.toEqual({ kind: 'bearer', token: 'new' });
    expect(source.calls).toEqual(['airflow/prod', 'airflow/prod']);
  });

  it.each([
    ['basic', { username: 'bot' }, 'Secret "airflow/prod" has no "password" key (deployment "prod", auth basic)'],
    ['password', { password: 'pw' }, 'Secret "airflow/prod" has no "username" key (deployment "prod", auth password)'],
    ['bearer', { access_token: 'tok' }, 'Secret "airflow/prod" has no "token" key (deployment "prod", auth bearer)'],
    ['basic', { username: 'bot', password: '' }, 'Secret "airflow/prod": the "password" key must be a non-empty string (deployment "prod", auth basic)'],
    ['bearer', { token: 42 }, 'Secret "airflow/prod": the "token" key must be a non-empty string (deployment "prod", auth bearer)'],
  ] as const)('for auth %s refuses %j', async (auth, secret, message) => {
    const { provider } = providerWith(JSON.stringify(secret));
    const error = await rejection(provider.get(deployment(auth)));
    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe(message);
  });

  it('says a secret that is not JSON is not valid JSON, without a cause that could quote it', async () => {
    const { provider } = providerWith('username=bot password=Hx5rTq2Lw');
    const error = await rejection(provider.get(deployment('basic')));
    expect(error.userMessage).toBe('Secret "airflow/prod" is not valid JSON');
    expect(error.cause).toBeUndefined();
  });

  it('refuses JSON that is not an object', async () => {
    const { provider } = providerWith('["bot", "pw"]');
    const error = await rejection(provider.get(deployment('basic')));
    expect(error.userMessage).toBe('Secret "airflow/prod" is not a JSON object');
  });

  it('passes on the source error for a missing secret', async () => {
    const provider = createAirflowCredentialProvider(createSecretCache(new MemorySecretSource()));
    const error = await rejection(provider.get(deployment('basic')));
    expect(error.userMessage).toBe('Secret "airflow/prod" was not found in Secrets Manager');
  });
});
