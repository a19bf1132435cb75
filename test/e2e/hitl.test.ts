import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startCountingProxy, type CountingProxy } from '../../local/counting-proxy';
import { startDemoAirflow, type DemoAirflow } from '../../local/demo-airflow/server';
import type { DemoHitlDetail } from '../../local/demo-airflow/types';
import { BOT_TABLES } from '../../local/local-dynamodb';
import type { LocalStack } from '../../local/local-stack';
import { LOCAL_CHANNEL, LOCAL_SIGNING_SECRET, LOCAL_USER } from '../../local/local-settings';
import { buildBlockActionsBody } from '../../local/slack-cli/block-actions-body';
import { findButton, listButtons } from '../../local/slack-cli/find-button';
import { runCli } from '../../local/slack-cli/run-cli';
import { sendToBot } from '../../local/slack-cli/send-to-bot';
import type { StandInMessage } from '../../local/slack-stand-in/types';
import { auditSubject } from '../../src/audit/audit-trail';
import { cliDepsFor, startTestStack, until } from './local-stack-fixture';

/**
 * Airflow 3.1's human-in-the-loop requests as a user meets them: the local stack's watcher posts
 * the demo Airflow's seeded requests, `npm run slack` answers one, the other is answered in Airflow
 * itself. The demo Airflow sits behind a counting proxy, so every request the bot sends it is seen.
 */
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('human-in-the-loop requests through the local stack', () => {
  const DEPLOYMENT = 'approvals';
  const SUBJECTS = { release: 'Release 2026.12 to production?', backfill: 'orders_daily has gaps: how should we backfill?' };
  let airflow: DemoAirflow;
  let proxy: CountingProxy;
  let stack: LocalStack;
  let directory: string;
  let close: () => Promise<void>;
  let configDirectory: string;
  let startedAt: number;
  const printed: string[] = [];

  beforeAll(async () => {
    airflow = await startDemoAirflow({ dialect: 'v2', username: 'admin', password: 'admin' });
    proxy = await startCountingProxy(airflow.url);
    configDirectory = mkdtempSync(path.join(tmpdir(), 'hitl-e2e-config-'));
    writeFileSync(
      path.join(configDirectory, 'deployments.yaml'),
      [
        'deployments:',
        `  - name: ${DEPLOYMENT}`,
        '    displayName: Approvals Airflow',
        `    apiUrl: ${proxy.url}`,
        `    uiUrl: ${airflow.url}`,
        '    dialect: v2',
        '    auth: password',
        '    secretId: approvals/airflow',
        `    defaultChannels: [${LOCAL_CHANNEL.id}]`,
        `    actors: { users: [${LOCAL_USER.id}] }`,
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(configDirectory, 'credentials.json'), JSON.stringify({ 'approvals/airflow': { username: 'admin', password: 'admin' } }));
    startedAt = Date.now();
    ({ stack, directory, close } = await startTestStack({
      deploymentsFile: path.join(configDirectory, 'deployments.yaml'),
      credentialsFile: path.join(configDirectory, 'credentials.json'),
      watchIntervalMs: 500,
    }));
  });

  afterAll(async () => {
    await close();
    await proxy.close();
    await airflow.close();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  beforeEach(() => {
    printed.length = 0;
  });

  /** The channel's top-level messages the watcher posted whose fallback text names `subject`. */
  const requestMessages = (subject: string): StandInMessage[] =>
    stack.standIn.messages.filter(
      (m) => m.channel === LOCAL_CHANNEL.id && m.origin === 'chat.postMessage' && m.threadTs === undefined && m.text.includes(subject),
    );
  const requestMessage = (subject: string): StandInMessage | undefined => requestMessages(subject)[0];
  const pendingDetail = (dagId: string): DemoHitlDetail => {
    const detail = airflow.store.hitlDetails().find((d) => d.dagId === dagId && d.respondedAt === null);
    if (detail === undefined) throw new Error(`the demo has no pending request of ${dagId}`);
    return detail;
  };
  /** The watcher's ticks so far: each asks for the pending requests once. */
  const watcherTicks = () => proxy.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/dags/~/dagRuns/~/hitlDetails')).length;
  const hitlPatches = () => proxy.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/hitlDetails'));

  /** An access token of the demo's user, as another Airflow client gets one. */
  async function demoToken(): Promise<string> {
    const answer = await fetch(`${airflow.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin' }),
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  }
  async function demoApi(method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const answer = await fetch(`${airflow.url}/api/v2${route}`, {
      method,
      headers: { authorization: `Bearer ${await demoToken()}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  }
  const tiRoute = (d: Pick<DemoHitlDetail, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>) =>
    `/dags/${encodeURIComponent(d.dagId)}/dagRuns/${encodeURIComponent(d.runId)}/taskInstances/${encodeURIComponent(d.taskId)}/${d.mapIndex}`;

  /** The audit trail of one task instance, oldest first. */
  async function auditOf(ti: Pick<DemoHitlDetail, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>): Promise<Record<string, unknown>[]> {
    const output = await stack.dynamoDb.documents.send(
      new QueryCommand({
        TableName: BOT_TABLES.audit.name,
        KeyConditionExpression: 'subject = :subject',
        ExpressionAttributeValues: {
          ':subject': auditSubject(DEPLOYMENT, { deployment: DEPLOYMENT, dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: ti.mapIndex }),
        },
        ConsistentRead: true,
      }),
    );
    return output.Items ?? [];
  }

  let releaseBefore: StandInMessage;
  let releaseKey: Pick<DemoHitlDetail, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>;

  it('posts each seeded pending request once, within 40 seconds, with its options as buttons', async () => {
    const pending = airflow.store.hitlDetails().filter((d) => d.respondedAt === null);
    expect(pending.map((d) => d.subject).sort()).toEqual([SUBJECTS.backfill, SUBJECTS.release].sort());

    await until('both request messages', () => (requestMessage(SUBJECTS.release) && requestMessage(SUBJECTS.backfill) ? true : undefined), 40_000);
    const seconds = (Date.now() - startedAt) / 1000;
    expect(seconds).toBeLessThan(40);
    // A few more ticks post nothing more.
    const ticksBefore = watcherTicks();
    await until('three more ticks', () => (watcherTicks() >= ticksBefore + 3 ? true : undefined));
    expect(requestMessages(SUBJECTS.release)).toHaveLength(1);
    expect(requestMessages(SUBJECTS.backfill)).toHaveLength(1);

    releaseBefore = structuredClone(requestMessage(SUBJECTS.release)!);
    expect(releaseBefore.text).toBe(`Waiting for an answer: ${SUBJECTS.release} (release_approval in Approvals Airflow)`);
    expect(listButtons(releaseBefore.blocks).map((b) => b.text)).toEqual(['Approve', 'Reject', 'Open in Airflow']);
    expect(listButtons(requestMessage(SUBJECTS.backfill)!.blocks).map((b) => b.text)).toEqual(['Answer…', 'Open in Airflow']);
  }, 60_000);

  it('answers the approval from npm run slack --message <ts> --click Approve: Airflow, the message, its thread, the audit trail and the note', async () => {
    const detail = pendingDetail('release_approval');
    const key = { dagId: detail.dagId, runId: detail.runId, taskId: detail.taskId, mapIndex: detail.mapIndex };
    releaseKey = key;

    const code = await runCli(cliDepsFor(stack, directory, printed), {
      kind: 'click',
      button: 'Approve',
      message: releaseBefore.ts,
      waitSeconds: 10,
      json: false,
    });

    expect(code).toBe(0);
    // Airflow, through its own API.
    const read = await demoApi('GET', `${tiRoute(key)}/hitlDetails`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ response_received: true, chosen_options: ['Approve'], responded_by_user: { id: 'admin', name: 'admin' } });
    // The task instance moved on, and its note names the Slack user.
    const ti = airflow.store.taskInstance(key.dagId, key.runId, key.taskId, key.mapIndex)!;
    expect(ti.state).toBe('success');
    expect(ti.note).toMatch(/^🤖 Answered Approve by @alice from Slack \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    // The message, edited in place, and its thread.
    const edited = await until('the message to name alice', () => {
      const message = requestMessage(SUBJECTS.release);
      return message && JSON.stringify(message.blocks).includes(`<@${LOCAL_USER.id}> from Slack`) ? message : undefined;
    });
    expect(edited.ts).toBe(releaseBefore.ts);
    expect(edited.text).toBe(`Answered (Approve): ${SUBJECTS.release} (release_approval in Approvals Airflow)`);
    expect(listButtons(edited.blocks).map((b) => b.text)).toEqual(['Open in Airflow']);
    const thread = stack.standIn.messages.filter((m) => m.threadTs === releaseBefore.ts);
    expect(thread.map((m) => m.text)).toEqual([`✅ Approve — <@${LOCAL_USER.id}> from Slack`]);
    // The audit trail: the attempt, then the answer.
    expect((await auditOf(key)).map((r) => [r.userId, r.action, r.outcome, r.reason])).toEqual([
      [LOCAL_USER.id, 'answer', 'allowed', 'confirmed'],
      [LOCAL_USER.id, 'answer', 'applied', 'chose Approve'],
    ]);
    // What npm run slack printed: the edit and the thread line.
    expect(printed.slice(0, 2)).toEqual([`alice clicks [ Approve ] on message ${releaseBefore.ts}`, '→ HTTP 200 (acknowledged)']);
    expect(printed[2]).toMatch(new RegExp(`^← chat\\.update in ${LOCAL_CHANNEL.id}\\n== ${escapeRegExp(SUBJECTS.release)} ==\\n`));
    expect(printed[2]).toMatch(new RegExp(`\\n✅ Approve — @${LOCAL_USER.id} from Slack · \\d\\d:\\d\\d UTC\\n\\[ Open in Airflow \\]`));
    expect(printed.slice(3)).toEqual([`← chat.postMessage in ${LOCAL_CHANNEL.id} (thread of ${releaseBefore.ts})\n✅ Approve — @${LOCAL_USER.id} from Slack`]);
    expect(hitlPatches()).toHaveLength(1);
    expect(hitlPatches()[0]!.body).toEqual({ chosen_options: ['Approve'], params_input: {} });
  }, 30_000);

  it('tells a second click on the old message who already answered, and sends no second PATCH', async () => {
    const button = findButton(releaseBefore.blocks, 'Approve')!;
    const body = buildBlockActionsBody({
      button,
      message: { ts: releaseBefore.ts, ephemeral: false, text: releaseBefore.text, blocks: releaseBefore.blocks },
      responseUrl: stack.standIn.newResponseUrl({ messageId: releaseBefore.id }),
      triggerId: stack.standIn.newTriggerId(),
      now: Date.now(),
    });
    const seq = stack.standIn.events.at(-1)?.seq ?? 0;

    const reply = await sendToBot({ fetch, url: stack.slackEventsUrl, signingSecret: LOCAL_SIGNING_SECRET, now: Date.now(), body });

    expect(reply.status).toBe(200);
    const told = await until('the clicker to be told', () =>
      stack.standIn.messages.find((m) => m.updatedSeq > seq && m.text.startsWith('Already answered by')),
    );
    expect(told.text).toMatch(new RegExp(`^Already answered by <@${LOCAL_USER.id}>: Approve, at .+\\. Nothing was sent to Airflow\\.$`));
    expect(told).toMatchObject({ origin: 'response_url', ephemeral: true, channel: LOCAL_CHANNEL.id });
    expect((await auditOf(releaseKey)).slice(2).map((r) => [r.userId, r.outcome, r.reason])).toEqual([
      [LOCAL_USER.id, 'allowed', 'confirmed'],
      [LOCAL_USER.id, 'refused', 'already answered'],
    ]);
    expect(hitlPatches()).toHaveLength(1);
    expect(listButtons(requestMessage(SUBJECTS.release)!.blocks).map((b) => b.text)).toEqual(['Open in Airflow']);
  });

  it('lists the other request under /airflow pending, with its Answer… button', async () => {
    const code = await runCli(cliDepsFor(stack, directory, printed), { kind: 'command', commandLine: '/airflow pending', waitSeconds: 10, json: false });

    expect(code).toBe(0);
    const output = printed.join('\n');
    expect(output).toContain('1 request waits for an answer');
    expect(output).toContain(SUBJECTS.backfill);
    expect(output).not.toContain(SUBJECTS.release);
    expect(output).toContain('[ Answer… ]');
  });

  it('edits the message at the next tick when the request is answered in Airflow directly, by another client', async () => {
    const detail = pendingDetail('backfill_review');
    const before = requestMessage(SUBJECTS.backfill)!;
    const ticksBefore = watcherTicks();

    const answer = await demoApi('PATCH', `${tiRoute(detail)}/hitlDetails`, { chosen_options: ['Skip'], params_input: { days: 2, reason: 'known outage', notify: false } });

    expect(answer.status).toBe(200);
    const edited = await until(
      'the message to say it was answered in Airflow',
      () => {
        const message = requestMessage(SUBJECTS.backfill);
        return message && JSON.stringify(message.blocks).includes('admin in Airflow') ? message : undefined;
      },
      10_000,
    );
    // The first tick to list the requests after the answer edits it (a tick ticks every 500 ms: the
    // next may have begun by the time the edit is seen).
    expect(watcherTicks() - ticksBefore).toBeLessThanOrEqual(2);
    expect(edited.ts).toBe(before.ts);
    expect(JSON.stringify(edited.blocks)).toContain('✅ Skip — admin in Airflow');
    expect(listButtons(edited.blocks).map((b) => b.text)).toEqual(['Open in Airflow']);
    expect(hitlPatches()).toHaveLength(1);
  });
});
