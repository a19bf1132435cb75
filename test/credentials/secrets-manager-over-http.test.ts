import { inspect } from 'node:util';
import type { AirflowDeployment, DeploymentConfig } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache, type SecretCache } from '../../src/credentials/secret-cache';
import { createSecretsManagerSource } from '../../src/credentials/secrets-manager-source';
import { loadSlackCredentials } from '../../src/credentials/slack-credentials';
import { BotError } from '../../src/errors';
import { createLogger, type Logger } from '../../src/logging/logger';
import { FakeSecretsManager } from './fake-secrets-manager';

const TTL_MS = 300_000;

function deployment(name: string, auth: AirflowDeployment['auth'], secretId: string): DeploymentConfig {
  return {
    name,
    displayName: name,
    apiUrl: `https://${name}.example.com`,
    uiUrl: `https://${name}.example.com`,
    dialect: 'auto',
    auth,
    secretId,
    defaultChannels: [],
  };
}

const prod = deployment('prod', 'basic', 'airflow/prod');
const astro = deployment('astro', 'bearer', 'airflow/astro');

async function rejection(promise: Promise<unknown>): Promise<BotError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BotError);
  return error as BotError;
}

describe('Secrets Manager over HTTP, through the cache and the credential parsers', () => {
  const server = new FakeSecretsManager();
  let now: number;
  let logLines: string[];
  let logger: Logger;
  let cache: SecretCache;

  beforeAll(async () => {
    await server.start();
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => {
    server.secrets.clear();
    server.failures.clear();
    server.requests.length = 0;
    now = Date.UTC(2026, 10, 23, 9, 0, 0);
    logLines = [];
    logger = createLogger({ level: 'trace', destination: { write: (line: string) => logLines.push(line) } });
    cache = createSecretCache(createSecretsManagerSource(server.client()), { ttlMs: TTL_MS, clock: () => now, logger });
  });

  it('sends one JSON 1.1 GetSecretValue request for 50 concurrent look-ups of a secret', async () => {
    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', password: 'pw-one' }));
    const provider = createAirflowCredentialProvider(cache);

    const results = await Promise.all(Array.from({ length: 50 }, () => provider.get(prod)));

    expect(new Set(results.map((result) => JSON.stringify(result)))).toEqual(
      new Set([JSON.stringify({ kind: 'basic', username: 'bot', password: 'pw-one' })]),
    );
    expect(server.requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', contentType: 'application/x-amz-json-1.1', body: { SecretId: 'airflow/prod' } },
    ]);
  });

  it('fetches again once the TTL has passed, and not before', async () => {
    server.secrets.set('airflow/astro', JSON.stringify({ token: 'tok-one' }));
    const provider = createAirflowCredentialProvider(cache);
    await provider.get(astro);
    server.secrets.set('airflow/astro', JSON.stringify({ token: 'tok-two' }));

    now += TTL_MS - 1;
    await expect(provider.get(astro)).resolves.toEqual({ kind: 'bearer', token: 'tok-one' });
    expect(server.requestsFor('airflow/astro')).toHaveLength(1);

    now += 1;
    await expect(provider.get(astro)).resolves.toEqual({ kind: 'bearer', token: 'tok-two' });
    expect(server.requestsFor('airflow/astro')).toHaveLength(2);
  });

  it('picks up a rotated secret on refresh, with one request for concurrent refreshes', async () => {
    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', password: 'pw-old' }));
    const provider = createAirflowCredentialProvider(cache);
    await provider.get(prod);
    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', password: 'pw-rotated' }));

    const refreshed = await Promise.all(Array.from({ length: 10 }, () => provider.refresh(prod)));

    expect(refreshed.every((credentials) => credentials.kind === 'basic' && credentials.password === 'pw-rotated')).toBe(true);
    expect(server.requestsFor('airflow/prod')).toHaveLength(2);
    await expect(provider.get(prod)).resolves.toEqual({ kind: 'basic', username: 'bot', password: 'pw-rotated' });
    expect(server.requestsFor('airflow/prod')).toHaveLength(2);
  });

  it('says a missing secret was not found, and asks again on the next call', async () => {
    const provider = createAirflowCredentialProvider(cache);

    const error = await rejection(provider.get(prod));

    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe('Secret "airflow/prod" was not found in Secrets Manager');
    expect(error.details).toEqual({ secretId: 'airflow/prod', errorName: 'ResourceNotFoundException' });

    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', password: 'pw-late' }));
    await expect(provider.get(prod)).resolves.toEqual({ kind: 'basic', username: 'bot', password: 'pw-late' });
    expect(server.requestsFor('airflow/prod')).toHaveLength(2);
  });

  it('names the secret when access to it is denied', async () => {
    server.failures.set('airflow/prod', { type: 'AccessDeniedException', status: 400 });

    const error = await rejection(createAirflowCredentialProvider(cache).get(prod));

    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe(
      `Access to secret "airflow/prod" was denied by Secrets Manager; check the function's IAM role and the secret's resource policy`,
    );
  });

  it('names the AWS error when Secrets Manager fails otherwise', async () => {
    server.failures.set('airflow/prod', { type: 'InternalServiceError', status: 500 });

    const error = await rejection(createAirflowCredentialProvider(cache).get(prod));

    expect(error.userMessage).toBe('Could not read secret "airflow/prod" from Secrets Manager (InternalServiceError)');
  });

  it('says a secret is not valid JSON', async () => {
    server.secrets.set('airflow/prod', '{"username": "bot", "password": pw-unquoted}');

    const error = await rejection(createAirflowCredentialProvider(cache).get(prod));

    expect(error.kind).toBe('credentials');
    expect(error.userMessage).toBe('Secret "airflow/prod" is not valid JSON');
  });

  it('names the missing key, the deployment and the auth kind', async () => {
    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', pasword: 'pw-typo' }));

    const error = await rejection(createAirflowCredentialProvider(cache).get(prod));

    expect(error.userMessage).toBe('Secret "airflow/prod" has no "password" key (deployment "prod", auth basic)');
  });

  it('reads the Slack credentials', async () => {
    server.secrets.set('ops-bot/slack', JSON.stringify({ signing_secret: 'sign-1', bot_token: 'xoxb-1' }));

    await expect(loadSlackCredentials(cache, 'ops-bot/slack')).resolves.toEqual({ signingSecret: 'sign-1', botToken: 'xoxb-1' });
  });

  it('never lets a secret value, or any part of one, reach a log line or a thrown error', async () => {
    const values = ['Pw7qXz9Ba4', 'Tk4mVb8Be2', 'Mf3kLp2Qv8', 'Ty6nRw1Zq', 'Sg5hJd0Wx', 'xoxb-Bt9cQe4Zw'];
    server.secrets.set('airflow/prod', JSON.stringify({ username: 'bot', password: 'Pw7qXz9Ba4' }));
    server.secrets.set('airflow/astro', JSON.stringify({ token: 'Tk4mVb8Be2' }));
    // JSON.parse quotes a few characters around the fault: the unquoted value would show.
    server.secrets.set('airflow/broken', '{"password": Mf3kLp2Qv8}');
    server.secrets.set('airflow/typo', JSON.stringify({ username: 'bot', pasword: 'Ty6nRw1Zq' }));
    server.secrets.set('ops-bot/slack', JSON.stringify({ signing_secret: 'Sg5hJd0Wx', bot_tokn: 'xoxb-Bt9cQe4Zw' }));
    server.failures.set('airflow/denied', { type: 'AccessDeniedException', status: 400 });
    const provider = createAirflowCredentialProvider(cache);
    const thrown: unknown[] = [];
    const attempt = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        thrown.push(error);
        // As the runtime reports a failure: the whole error, with its cause, in the log.
        logger.error({ err: error }, 'credentials failed');
      }
    };

    await attempt(() => provider.get(prod));
    await attempt(() => provider.refresh(prod));
    await attempt(() => provider.get(astro));
    await attempt(() => provider.get(deployment('broken', 'password', 'airflow/broken')));
    await attempt(() => provider.get(deployment('typo', 'basic', 'airflow/typo')));
    await attempt(() => provider.get(deployment('gone', 'basic', 'airflow/gone')));
    await attempt(() => provider.get(deployment('denied', 'basic', 'airflow/denied')));
    await attempt(() => loadSlackCredentials(cache, 'ops-bot/slack'));

    expect(thrown.map((error) => (error as BotError).userMessage)).toEqual([
      'Secret "airflow/broken" is not valid JSON',
      'Secret "airflow/typo" has no "password" key (deployment "typo", auth basic)',
      'Secret "airflow/gone" was not found in Secrets Manager',
      `Access to secret "airflow/denied" was denied by Secrets Manager; check the function's IAM role and the secret's resource policy`,
      'Secret "ops-bot/slack" has no "bot_token" key (Slack app credentials)',
    ]);
    const logged = logLines.join('');
    expect(logged).toContain('"secretId":"airflow/prod"');
    expect(logged).toContain('Secret \\"airflow/broken\\" is not valid JSON');
    const everything = [logged, ...thrown.map((error) => inspect(error, { depth: 20, showHidden: true }))].join('\n');
    expect(fragmentsOf(values, 5).filter((fragment) => everything.includes(fragment))).toEqual([]);
  });
});

/** Every run of `length` characters of each value: a truncated quote of a secret is still a leak. */
function fragmentsOf(values: string[], length: number): string[] {
  return values.flatMap((value) => Array.from({ length: value.length - length + 1 }, (_, start) => value.slice(start, start + length)));
}
