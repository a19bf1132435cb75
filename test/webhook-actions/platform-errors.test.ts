import { createServer } from 'node:net';
import { LOCAL_AWS_CREDENTIALS } from '../../local/local-settings';
import { startPlatformDemos, type PlatformDemos } from '../../local/platform-stand-ins/platform-demos';
import { startActionsFixture, type ActionsFixture } from './actions-fixture';

/** A loopback port nothing listens on: a connection to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * When the bot cannot sign in to a managed platform, the webhook caller learns that and where to
 * look, never the bot's configuration (secret ids, sign-in URLs, token endpoints): that is logged.
 */
describe('webhook actions when the bot cannot sign in to a managed platform', () => {
  let demos: PlatformDemos;
  let fixture: ActionsFixture;
  let unreachableTokenUri: string;
  const lookup = (deployment: string) => ({ action: 'lookup', deployment, dag_id: 'etl_daily', run: 'latest', task_id: 'transform' });
  const failureLines = () => fixture.logLines.filter((line) => line.msg === 'webhook action failed');

  beforeAll(async () => {
    demos = await startPlatformDemos();
    unreachableTokenUri = `http://127.0.0.1:${await closedPort()}/token`;
    // The SDK reads these: CreateWebLoginToken goes to the MWAA stand-in, signed with made-up credentials.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_MWAA: demos.mwaa.awsEndpoint,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    });
    const composerKey = demos.secrets['local/demo-composer'] as Record<string, string>;
    fixture = await startActionsFixture({
      more: {
        deployments: [
          ...demos.deployments,
          {
            ...demos.deployments.find((deployment) => deployment.name === 'demo-composer'),
            name: 'lost-composer',
            secretId: 'local/lost-composer',
            tokenUriOrigins: [new URL(unreachableTokenUri).origin],
          },
          {
            ...demos.deployments.find((deployment) => deployment.name === 'demo-composer'),
            name: 'stray-composer',
            secretId: 'local/stray-composer',
            tokenUriOrigins: undefined,
          },
        ],
        secrets: {
          ...demos.secrets,
          'local/lost-composer': { ...composerKey, token_uri: unreachableTokenUri },
          'local/stray-composer': { ...composerKey, token_uri: 'http://oauth2.googleapis.com/token' },
        },
      },
    });
  });
  afterAll(async () => {
    await fixture.close();
    await demos.close();
  });
  beforeEach(() => {
    fixture.logLines.length = 0;
    demos.mwaa.refuseLogins(false);
  });

  it('answers an Astro core API refusal of the token without the secret id, and logs it with the secret id', async () => {
    demos.astro.failCoreApiCalls(401, 2);
    const runId = demos.airflows.astro.store.runs().find((run) => run.dagId === 'etl_daily')!.runId;

    const { status, body } = await fixture.send(
      { action: 'mark', deployment: 'demo-astro', dag_id: 'etl_daily', run: runId, task_id: 'transform', state: 'success' },
      { id: 'msg_astro' },
    );

    expect(status).toBe(502);
    expect(body).toEqual({
      error: {
        code: 'unauthorized',
        message:
          'The bot could not authenticate to deployment demo-astro. Nothing is wrong with the request: ' +
          "the bot's operators find the details in its log under webhook-id msg_astro.",
      },
    });
    expect(JSON.stringify(body)).not.toContain('local/demo-astro');
    expect(failureLines()).toEqual([
      expect.objectContaining({
        level: 'error',
        webhookId: 'msg_astro',
        deployment: 'demo-astro',
        kind: 'unauthorized',
        err: expect.objectContaining({ message: expect.stringContaining('secret "local/demo-astro"') }),
      }),
    ]);
  });

  it('answers a refused MWAA login without the login URL or where it redirected, and logs both', async () => {
    demos.mwaa.refuseLogins(true);

    const { status, body } = await fixture.send(lookup('demo-mwaa'), { id: 'msg_mwaa' });

    expect(status).toBe(502);
    expect(body).toEqual({
      error: {
        code: 'unauthorized',
        message:
          'The bot could not authenticate to deployment demo-mwaa. Nothing is wrong with the request: ' +
          "the bot's operators find the details in its log under webhook-id msg_mwaa.",
      },
    });
    expect(JSON.stringify(body)).not.toContain('/login/');
    expect(JSON.stringify(body)).not.toContain(new URL(demos.mwaa.webServerUrl).host);
    expect(failureLines()).toEqual([
      expect.objectContaining({
        webhookId: 'msg_mwaa',
        kind: 'unauthorized',
        err: expect.objectContaining({
          message: expect.stringContaining(`${demos.mwaa.webServerUrl}/pluginsv2/aws_mwaa/login: it redirected to /login/?next=%2Fhome`),
        }),
      }),
    ]);
  });

  it("answers an unreachable Composer token endpoint without the key's token_uri, and logs the token_uri", async () => {
    const { status, body } = await fixture.send(lookup('lost-composer'), { id: 'msg_composer' });

    expect(status).toBe(502);
    expect(body).toEqual({
      error: {
        code: 'unavailable',
        message:
          'Deployment lost-composer, or a service the bot needs to reach it, did not answer properly. ' +
          "Try again later; the bot's operators find the details in its log under webhook-id msg_composer.",
      },
    });
    expect(JSON.stringify(body)).not.toContain(new URL(unreachableTokenUri).host);
    expect(failureLines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        webhookId: 'msg_composer',
        kind: 'unavailable',
        err: expect.objectContaining({ message: `lost-composer: could not reach Google's token endpoint ${unreachableTokenUri}` }),
      }),
    ]);
  });

  it('refuses a Composer key whose token_uri is not on an allowed origin: nothing is sent, the caller hears of authentication, the log names the field', async () => {
    fixture.sent.length = 0;

    const { status, body } = await fixture.send(lookup('stray-composer'), { id: 'msg_stray' });

    expect(status).toBe(500);
    expect(body).toEqual({
      error: {
        code: 'internal',
        message:
          'The bot could not authenticate to deployment stray-composer. Nothing is wrong with the request: ' +
          "the bot's operators find the details in its log under webhook-id msg_stray.",
      },
    });
    expect(fixture.sent).toEqual([]);
    expect(failureLines()).toEqual([
      expect.objectContaining({
        level: 'error',
        webhookId: 'msg_stray',
        kind: 'credentials',
        err: expect.objectContaining({
          message:
            'stray-composer: the "token_uri" of the service-account key in secret "local/stray-composer" is not an allowed token endpoint: ' +
            "it must be on https://oauth2.googleapis.com or https://accounts.google.com (the deployment's tokenUriOrigins)",
        }),
      }),
    ]);
  });

  it('still looks up through every platform when the bot can sign in', async () => {
    for (const deployment of ['demo-astro', 'demo-mwaa', 'demo-composer']) {
      const { status } = await fixture.send(lookup(deployment));
      expect([deployment, status]).toEqual([deployment, 200]);
    }
  });
});
