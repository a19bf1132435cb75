import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, NOTE_MODAL_CALLBACK_ID } from '../../src/protocol/interaction-types';
import { NOTE_INPUT_ACTION_ID, NOTE_INPUT_BLOCK_ID } from '../../src/views/note-modal';
import { readDeploymentSettings } from '../../bench/deployment-settings';
import {
  fakeLambdaContext,
  signedBlockActionsEvent,
  signedSlashCommandEvent,
  signedViewSubmissionEvent,
  type SlackRequestTamper,
} from '../helpers/slack-requests';

/**
 * The Slack-facing function as Lambda runs it: bundled with serverless.yml's esbuild options and
 * plugins (Bolt's unused receivers replaced by stubs), loaded from the bundle, handing jobs to a
 * loopback Lambda endpoint through the real SDK client.
 */

const ROOT = path.resolve(__dirname, '../..');
const SIGNING_SECRET = 'bundle-signing-secret';
const BOT_TOKEN = 'xoxb-bundle-bot-token';
const RESPONSE_URL = 'http://127.0.0.1:9/response/abc';
const ADDRESS = { deployment: 'demo', dagId: 'etl_daily', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'load', mapIndex: -1, tryNumber: 1 };

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

let dir: string;
let standIn: SlackStandIn;
let lambda: Server;
const invocations: { path: string; invocationType: string | undefined; job: unknown }[] = [];
let handler: Handler;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'slack-events-bundle-'));
  standIn = await startSlackStandIn({ botToken: BOT_TOKEN });
  lambda = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      invocations.push({
        path: request.url ?? '',
        invocationType: request.headers['x-amz-invocation-type'] as string | undefined,
        job: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));

  // Under a node_modules folder, so that jest loads the bundle as it is instead of compiling it again.
  const bundle = path.join(dir, 'node_modules', 'lambda', 'handlers', 'slack-events.js');
  const settings = readDeploymentSettings(ROOT);
  await build({ ...settings.esbuild, plugins: settings.plugins, entryPoints: [path.join(ROOT, 'handlers/slack-events.ts')], outfile: bundle, logLevel: 'error' });

  const credentials = path.join(dir, 'credentials.json');
  writeFileSync(credentials, JSON.stringify({ 'slack/app': { signing_secret: SIGNING_SECRET, bot_token: BOT_TOKEN } }));
  Object.assign(process.env, {
    LOCAL_CREDENTIALS_FILE: credentials,
    SLACK_SECRET_ID: 'slack/app',
    SLACK_API_URL: standIn.apiUrl,
    WORKER_FUNCTION_NAME: 'airflow-slack-ops-test-worker',
    // As deployed: one workspace, and the loopback response URLs of these tests beside Slack's hosts.
    SLACK_TEAM_IDS: 'TLOCAL0001',
    SLACK_RESPONSE_URL_ORIGINS: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    DEPLOYMENTS_JSON: JSON.stringify([{ name: 'demo', apiUrl: 'http://127.0.0.1:9', auth: 'basic', secretId: 'airflow/demo' }]),
    LOG_LEVEL: 'silent',
  });
  delete process.env.DEPLOYMENTS_FILE;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS bundle, loaded as Lambda loads it
  handler = (require(bundle) as { handler: Handler }).handler;
}, 60_000);

afterAll(async () => {
  process.env = savedEnv;
  await standIn.close();
  await new Promise<void>((resolve) => lambda.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  invocations.length = 0;
});

async function call(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handler(event, fakeLambdaContext());
}

describe('the bundled Slack-facing function', () => {
  it('acknowledges a signed look-up and hands it to the worker function asynchronously', async () => {
    const response = await call(signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo etl_daily latest load', responseUrl: RESPONSE_URL }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body!)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Looking up etl_daily / load') });
    expect(invocations).toEqual([
      {
        path: '/2015-03-31/functions/airflow-slack-ops-test-worker/invocations',
        invocationType: 'Event',
        job: expect.objectContaining({ kind: 'command', command: expect.objectContaining({ name: 'ti' }) }),
      },
    ]);
  });

  it.each<SlackRequestTamper>(['wrong-signature', 'old-timestamp', 'changed-body', 'missing-signature'])(
    'refuses a request with %s with 401 and hands nothing over',
    async (tamper) => {
      const response = await call(
        signedSlashCommandEvent({ signingSecret: SIGNING_SECRET, text: 'ti demo etl_daily latest load', responseUrl: RESPONSE_URL, tamper }),
      );
      expect(response.statusCode).toBe(401);
      expect(invocations).toEqual([]);
    },
  );

  it('hands a button click to the worker', async () => {
    const value = encodeAddress(ADDRESS);
    const response = await call(signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.clear, value, responseUrl: RESPONSE_URL }));
    expect(response.statusCode).toBe(200);
    expect(invocations.map((i) => i.job)).toEqual([expect.objectContaining({ kind: 'button', actionId: ACTION_IDS.clear, value })]);
  });

  it('opens the note modal through the Web API, and hands the saved note to the worker', async () => {
    const before = standIn.views.length;
    await call(signedBlockActionsEvent({ signingSecret: SIGNING_SECRET, actionId: ACTION_IDS.addNote, value: encodeAddress(ADDRESS), responseUrl: RESPONSE_URL, triggerId: standIn.newTriggerId() }));
    expect(standIn.views).toHaveLength(before + 1);
    const modal = standIn.views.at(-1)!.view;
    expect(modal.callback_id).toBe(NOTE_MODAL_CALLBACK_ID);
    expect(invocations).toEqual([]);

    const saved = await call(
      signedViewSubmissionEvent({
        signingSecret: SIGNING_SECRET,
        callbackId: NOTE_MODAL_CALLBACK_ID,
        privateMetadata: modal.private_metadata,
        values: { [NOTE_INPUT_BLOCK_ID]: { [NOTE_INPUT_ACTION_ID]: { type: 'plain_text_input', value: 'rerun after the fix' } } },
      }),
    );
    expect(saved.statusCode).toBe(200);
    expect(invocations.map((i) => i.job)).toEqual([expect.objectContaining({ kind: 'note_submitted', note: 'rerun after the fix' })]);
  });
});
