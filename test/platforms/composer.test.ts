import { createAirflowClient } from '../../src/airflow/create-airflow-client';
import type { ComposerDeployment } from '../../src/config/types';
import { createAirflowCredentialProvider } from '../../src/credentials/airflow-credentials';
import { createSecretCache } from '../../src/credentials/secret-cache';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import { startComposerStandIn, type ComposerStandIn } from '../../local/platform-stand-ins/composer-stand-in';
import { expectBotError } from '../airflow/expect-bot-error';
import { MemorySecretSource } from '../credentials/memory-secret-source';

const SECRET_ID = 'airflow/prod-composer';

describe('Composer: a service-account key exchanged for access tokens', () => {
  let airflow: DemoAirflow;
  let standIn: ComposerStandIn;
  let secrets: MemorySecretSource;
  let now: number;

  beforeAll(async () => {
    airflow = await startDemoAirflow({ dialect: 'v2' });
  });
  afterAll(() => airflow.close());

  beforeEach(async () => {
    now = Date.now();
    standIn = await startComposerStandIn({ airflow, clock: () => now });
    secrets = new MemorySecretSource({ [SECRET_ID]: JSON.stringify(standIn.serviceAccountKey) });
  });
  afterEach(() => standIn.close());

  const client = (options: { tokenUriOrigins?: string[]; fetch?: typeof fetch } = {}) => {
    const deployment: ComposerDeployment = {
      platform: 'composer',
      name: 'prod-composer',
      displayName: 'Prod Composer',
      apiUrl: standIn.webServerUrl,
      uiUrl: standIn.webServerUrl,
      dialect: 'v2',
      secretId: SECRET_ID,
      // The stand-in's token endpoint is loopback http: allowed here explicitly, as the local registry does.
      tokenUriOrigins: options.tokenUriOrigins ?? [new URL(standIn.serviceAccountKey.token_uri!).origin],
      defaultChannels: [],
    };
    return createAirflowClient(deployment, {
      credentials: createAirflowCredentialProvider(createSecretCache(secrets)),
      clock: () => now,
      retry: { limit: 0, backoffMs: 1 },
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  };
  const twenty = (composer: ReturnType<typeof client>) => Promise.all(Array.from({ length: 20 }, () => composer.recentRuns('etl_daily', 1)));

  it('exchanges the key once for 20 concurrent calls', async () => {
    const answers = await twenty(client());
    expect(answers.every((runs) => runs[0]?.dagId === 'etl_daily')).toBe(true);
    expect(standIn.counts.exchanges).toBe(1);
  });

  it('exchanges again shortly before the token expires, and once after a 401', async () => {
    const composer = client();
    await composer.recentRuns('etl_daily', 1);
    now += 3_600_000 - 30_000; // inside the last minute of the token's hour
    await twenty(composer);
    expect(standIn.counts.exchanges).toBe(2);
    standIn.expireTokens();
    await twenty(composer);
    expect(standIn.counts.exchanges).toBe(3);
  });

  it('names the deployment and the secret id, never the key, when the key is revoked', async () => {
    standIn.revokeKey();
    const error = await expectBotError(
      client().recentRuns('etl_daily', 1),
      'credentials',
      `prod-composer: Google refused the service-account key in secret "${SECRET_ID}" (invalid_grant); it may have been deleted, disabled or revoked: put a current key in the secret`,
    );
    expect(JSON.stringify({ message: error.userMessage, details: error.details })).not.toContain('PRIVATE KEY');
    // The secret was read again once, in case the key had just been rotated.
    expect(secrets.calls).toEqual([SECRET_ID, SECRET_ID]);
  });

  it('names the missing field of a key file that is not a service-account key', async () => {
    secrets.secrets.set(SECRET_ID, JSON.stringify({ type: 'service_account', private_key: 'x' }));
    await expectBotError(
      client().recentRuns('etl_daily', 1),
      'credentials',
      `Secret "${SECRET_ID}" has no "client_email" key (deployment "prod-composer", Composer service-account key)`,
    );
    expect(standIn.counts.exchanges).toBe(0);
  });

  describe("the key's token_uri: https on an allowed origin only", () => {
    const recordingFetch = (sent: string[]): typeof fetch => (input, init) => {
      sent.push(new Request(input, init).url);
      return fetch(input, init);
    };

    it.each([
      ['plain http to Google', 'http://oauth2.googleapis.com/token'],
      ['another host', 'https://oauth2.googleapis.com.example.net/token'],
      ['a user in the URL', 'https://oauth2.googleapis.com@example.net/token'],
      ['not a URL', 'oauth2.googleapis.com/token'],
    ])('refuses %s by default, naming the field and the allowed origins, and sends nothing anywhere', async (_case, tokenUri) => {
      secrets.secrets.set(SECRET_ID, JSON.stringify({ ...standIn.serviceAccountKey, token_uri: tokenUri }));
      const sent: string[] = [];
      const error = await expectBotError(
        client({ tokenUriOrigins: ['https://oauth2.googleapis.com', 'https://accounts.google.com'], fetch: recordingFetch(sent) }).recentRuns('etl_daily', 1),
        'credentials',
        `prod-composer: the "token_uri" of the service-account key in secret "${SECRET_ID}" is not an allowed token endpoint: ` +
          "it must be on https://oauth2.googleapis.com or https://accounts.google.com (the deployment's tokenUriOrigins)",
      );
      expect(error.userMessage).not.toContain(tokenUri);
      expect(sent).toEqual([]);
    });

    it('refuses the loopback stand-in unless the deployment allows its origin', async () => {
      const sent: string[] = [];
      await expectBotError(
        client({ tokenUriOrigins: ['https://oauth2.googleapis.com'], fetch: recordingFetch(sent) }).recentRuns('etl_daily', 1),
        'credentials',
        `prod-composer: the "token_uri" of the service-account key in secret "${SECRET_ID}" is not an allowed token endpoint: ` +
          "it must be on https://oauth2.googleapis.com (the deployment's tokenUriOrigins)",
      );
      expect(sent).toEqual([]);
      expect(standIn.counts.exchanges).toBe(0);
    });
  });

  it('says the private key is unusable without quoting it', async () => {
    secrets.secrets.set(SECRET_ID, JSON.stringify({ ...standIn.serviceAccountKey, private_key: 'not a key' }));
    await expectBotError(
      client().recentRuns('etl_daily', 1),
      'credentials',
      `prod-composer: the "private_key" of the service-account key in secret "${SECRET_ID}" is not a usable RSA private key`,
    );
    expect(standIn.counts.exchanges).toBe(0);
  });
});
