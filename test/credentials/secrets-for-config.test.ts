import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createSecretsForConfig } from '../../src/credentials/secrets-for-config';

const secretsManager = mockClient(SecretsManagerClient);

describe('createSecretsForConfig', () => {
  let dir: string;

  beforeEach(async () => {
    secretsManager.reset();
    dir = await mkdtemp(join(tmpdir(), 'secrets-for-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the local credentials file when one is configured, without calling Secrets Manager', async () => {
    const path = join(dir, 'credentials.json');
    await writeFile(path, JSON.stringify({ 'local/slack': { bot_token: 'xoxb-local' } }));

    const secrets = createSecretsForConfig(
      { localCredentialsFile: path, secretsCacheTtlMs: 1000 },
      { client: new SecretsManagerClient({ region: 'us-east-1' }) },
    );

    await expect(secrets.get('local/slack')).resolves.toBe('{"bot_token":"xoxb-local"}');
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 0);
  });

  it('reads Secrets Manager otherwise, keeping values for the configured TTL', async () => {
    let now = 0;
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: 'v' });
    const secrets = createSecretsForConfig(
      { secretsCacheTtlMs: 1000 },
      { client: new SecretsManagerClient({ region: 'us-east-1' }), clock: () => now },
    );

    await secrets.get('ops-bot/slack');
    now = 999;
    await secrets.get('ops-bot/slack');
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 1);
    now = 1000;
    await secrets.get('ops-bot/slack');
    expect(secretsManager).toReceiveCommandTimes(GetSecretValueCommand, 2);
    expect(secretsManager).toReceiveCommandWith(GetSecretValueCommand, { SecretId: 'ops-bot/slack' });
  });
});
