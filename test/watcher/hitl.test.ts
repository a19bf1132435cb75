import { WebClient } from '@slack/web-api';
import type { HitlRequest } from '../../src/airflow/model';
import type { AppliedChange } from '../../src/changes/change';
import { hitlChangeListener } from '../../src/hitl-messages/hitl-change-listener';
import { taskInstanceUiUrl } from '../../src/links/airflow-ui';
import { hitlAnswerSummary, hitlMessage, type HitlState } from '../../src/views/hitl-message';
import type { StandInMessage } from '../../local/slack-stand-in';
import { LOCAL_BOT_TOKEN } from '../../local/local-settings';
import { APPROVALS_CHANNEL, CHANNELS, startWatcherHarness, type WatcherHarness } from './watcher-harness';

const MINUTE = 60_000;

let h: WatcherHarness;

afterEach(async () => {
  await h.close();
});

/** A request of demo-v2's `approvals_daily`, waiting, made five minutes before the harness's clock. */
function approval(h: WatcherHarness, overrides: Partial<HitlRequest> = {}): HitlRequest {
  return {
    ref: { dagId: 'approvals_daily', runId: 'manual__2026-01-01', taskId: 'approve_report', mapIndex: -1 },
    taskState: 'deferred',
    tryNumber: 1,
    subject: 'Ship the daily report?',
    body: 'Row counts are **within** bounds.',
    options: ['Approve', 'Reject'],
    defaults: ['Reject'],
    multiple: false,
    params: {},
    assignedUsers: [],
    createdAt: new Date(h.now() - 5 * MINUTE).toISOString(),
    response: null,
    ...overrides,
  };
}

/** The message the watcher should show for `request` in `state`, built by the view itself. */
function expected(h: WatcherHarness, request: HitlRequest, state: HitlState) {
  const deployment = h.registry.deployments.find((candidate) => candidate.name === 'demo-v2')!;
  return hitlMessage({ deployment, request, uiUrl: taskInstanceUiUrl(deployment.uiUrl, 'v2', request.ref), state });
}

/** Top-level messages of a channel whose fallback text names the request's subject. */
function requestMessages(h: WatcherHarness, channel: string, subject: string): StandInMessage[] {
  return h.slack.messages.filter((message) => message.channel === channel && message.threadTs === undefined && message.text.includes(subject));
}

function updatesOf(h: WatcherHarness, ts: string | undefined): number {
  return h.slack.events.filter((event) => event.method === 'chat.update' && JSON.stringify(event).includes(`"${ts}"`)).length;
}

/** Answers a request in Airflow, as someone in its UI would. */
function answerInAirflow(h: WatcherHarness, request: HitlRequest, response: HitlRequest['response'], taskState: HitlRequest['taskState'] = 'success'): void {
  h.hitl['demo-v2'].addHitl({ ...request, response, taskState });
}

async function postedRequest(h: WatcherHarness, request: HitlRequest): Promise<StandInMessage> {
  h.hitl['demo-v2'].addHitl(request);
  await h.tick();
  await h.drain();
  const [message] = requestMessages(h, APPROVALS_CHANNEL, request.subject);
  expect(message).toBeDefined();
  return message!;
}

describe('the watcher and human-in-the-loop requests', () => {
  it('posts a waiting request once, in the channel its DAG is routed to, with its options', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    h.hitl['demo-v2'].addHitl(request);

    const first = await h.tick();
    h.advance(MINUTE);
    const second = await h.tick();
    await h.drain();

    const posted = requestMessages(h, APPROVALS_CHANNEL, request.subject);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.blocks).toEqual(expected(h, request, { kind: 'pending' }).blocks);
    expect(JSON.stringify(posted[0]!.blocks)).toContain('"Approve"');
    expect(JSON.stringify(posted[0]!.blocks)).toContain('"Reject"');
    expect(first.find((outcome) => outcome.deployment === 'demo-v2')).toMatchObject({ hitl: { pending: 1, posted: 1, edited: 0 } });
    expect(second.find((outcome) => outcome.deployment === 'demo-v2')).toMatchObject({ hitl: { pending: 1, posted: 0, edited: 0 } });
    // Where it was posted is kept with the request as posted.
    expect(await h.hitlMessages.get({ deployment: 'demo-v2', ref: request.ref, createdAt: request.createdAt })).toEqual({
      deployment: 'demo-v2',
      ref: request.ref,
      createdAt: request.createdAt,
      request,
      message: { channel: APPROVALS_CHANNEL, ts: posted[0]!.ts },
    });
  });

  it("posts a request of a DAG no route names in the deployment's first default channel", async () => {
    h = await startWatcherHarness();
    const request = approval(h, { ref: { dagId: 'etl_signoff', runId: 'r1', taskId: 'sign', mapIndex: -1 }, subject: 'Sign off the load?' });
    h.hitl['demo-v2'].addHitl(request);

    await h.tick();
    await h.drain();

    expect(requestMessages(h, CHANNELS['demo-v2'], request.subject)).toHaveLength(1);
    expect(requestMessages(h, APPROVALS_CHANNEL, request.subject)).toEqual([]);
  });

  it('asks an Airflow 3 deployment once per tick when nothing is new, and an Airflow 2 one never', async () => {
    h = await startWatcherHarness();
    h.hitl['demo-v2'].addHitl(approval(h));
    await h.tick();
    await h.drain();
    const messages = h.slack.messages.length;

    for (let tick = 0; tick < 3; tick += 1) {
      h.advance(MINUTE);
      await h.tick();
    }
    await h.drain();

    expect(h.hitl['demo-v2'].calls.map((call) => call.method)).toEqual(Array.from({ length: 4 }, () => 'listPendingHitl'));
    expect(h.hitl['demo-v1'].calls).toEqual([]);
    expect(h.proxies['demo-v1'].requests.filter((request) => request.path.includes('hitl'))).toEqual([]);
    expect(h.slack.messages).toHaveLength(messages);
    expect(h.logLines.filter((line) => line.deployment === 'demo-v1' && String(line.msg).includes('human-in-the-loop'))).toEqual([]);
  });

  it('edits the message at the next tick when the request was answered in Airflow: who chose what', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);

    const response = { by: { id: '7', name: 'alice' }, at: new Date(h.now() - 3 * MINUTE).toISOString(), chosenOptions: ['Approve'], paramsInput: {} };
    answerInAirflow(h, request, response);
    h.advance(MINUTE);
    const outcomes = await h.tick();

    const edited = h.slack.messages.find((candidate) => candidate.ts === message.ts)!;
    expect(edited.blocks).toEqual(expected(h, { ...request, response, taskState: 'success' }, { kind: 'answered_in_airflow', ...response }).blocks);
    expect(outcomes.find((outcome) => outcome.deployment === 'demo-v2')).toMatchObject({ hitl: { pending: 0, posted: 0, edited: 1 } });
    // Followed no more: the next tick asks nothing about it.
    h.advance(MINUTE);
    await h.tick();
    expect(h.hitl['demo-v2'].calls.filter((call) => call.method === 'getHitl')).toHaveLength(1);
    expect(updatesOf(h, message.ts)).toBe(1);
  });

  it('shows an answer given in Airflow moments ago at the next tick', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);

    h.advance(MINUTE);
    const response = { by: { id: '7', name: 'alice' }, at: new Date(h.now() - 10_000).toISOString(), chosenOptions: ['Reject'], paramsInput: {} };
    answerInAirflow(h, request, response);
    await h.tick();

    expect(updatesOf(h, message.ts)).toBe(1);
    expect(h.slack.messages.find((candidate) => candidate.ts === message.ts)!.blocks).toEqual(
      expected(h, { ...request, response, taskState: 'success' }, { kind: 'answered_in_airflow', ...response }).blocks,
    );
  });

  it('leaves a request someone began answering through the bot for one more tick: its Slack answer may not be recorded yet', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);

    h.advance(MINUTE);
    const key = { deployment: 'demo-v2', ref: request.ref, createdAt: request.createdAt };
    await h.hitlMessages.markAnswering(key, new Date(h.now() - 5_000).toISOString());
    const response = { by: { id: 'bot', name: 'bot' }, at: new Date(h.now() - 4_000).toISOString(), chosenOptions: ['Reject'], paramsInput: {} };
    answerInAirflow(h, request, response);
    await h.tick();
    expect(updatesOf(h, message.ts)).toBe(0);

    // The answer was never recorded (its worker died after the send): Airflow's record is shown.
    h.advance(MINUTE);
    await h.tick();
    expect(updatesOf(h, message.ts)).toBe(1);
    expect(h.slack.messages.find((candidate) => candidate.ts === message.ts)!.blocks).toEqual(
      expected(h, { ...request, response, taskState: 'success' }, { kind: 'answered_in_airflow', ...response }).blocks,
    );
  });

  it('edits the message at once when the request timed out and took its defaults', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);

    const response = { by: null, at: new Date(h.now()).toISOString(), chosenOptions: ['Reject'], paramsInput: {} };
    answerInAirflow(h, request, response);
    h.advance(MINUTE);
    await h.tick();

    expect(h.slack.messages.find((candidate) => candidate.ts === message.ts)!.blocks).toEqual(
      expected(h, { ...request, response, taskState: 'success' }, { kind: 'answered_in_airflow', ...response }).blocks,
    );
  });

  it('edits the message, leaving nothing to click, when its task instance no longer waits', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);
    expect(JSON.stringify(message.blocks)).toContain('hitl_');

    h.hitl['demo-v2'].addHitl({ ...request, taskState: 'failed' });
    h.advance(MINUTE);
    await h.tick();

    const edited = h.slack.messages.find((candidate) => candidate.ts === message.ts)!;
    expect(edited.blocks).toEqual(expected(h, request, { kind: 'no_longer_waiting', taskState: 'failed' }).blocks);
    expect(JSON.stringify(edited.blocks)).not.toContain('hitl_');
  });

  it('leaves a request answered through the bot to its change listener', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);

    // The bot answered in Airflow, and its listener recorded who did it in Slack.
    const response = { by: { id: 'bot', name: 'bot' }, at: new Date(h.now()).toISOString(), chosenOptions: ['Approve'], paramsInput: {} };
    answerInAirflow(h, request, response);
    await h.hitlMessages.recordSlackAnswer(
      { deployment: 'demo-v2', ref: request.ref, createdAt: request.createdAt },
      { userId: 'U0ALICE01', at: response.at, chosenOptions: ['Approve'], paramsInput: {} },
    );
    for (let tick = 0; tick < 3; tick += 1) {
      h.advance(MINUTE);
      await h.tick();
    }

    expect(updatesOf(h, message.ts)).toBe(0);
    expect(h.hitl['demo-v2'].calls.filter((call) => call.method === 'getHitl')).toEqual([]);
  });
});

describe('hitlChangeListener', () => {
  const actor = { kind: 'slack' as const, userId: 'U0ALICE01', userName: 'alice' };
  const answerChange = (request: HitlRequest, chosenOptions: string[]): AppliedChange =>
    ({
      actor,
      deployment: 'demo-v2',
      target: request.ref,
      change: { kind: 'answer', createdAt: request.createdAt, chosenOptions, paramsInput: {} },
      verb: 'Answered',
      changed: [request.ref],
    }) as unknown as AppliedChange;

  it('records the Slack answer, edits the message to it and says in the thread who chose what', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);
    const web = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: h.slack.apiUrl });
    const listener = hitlChangeListener({ store: h.hitlMessages, registry: h.registry, web: async () => web, clock: h.now });

    await listener(answerChange(request, ['Approve']));

    const at = new Date(h.now()).toISOString();
    const edited = h.slack.messages.find((candidate) => candidate.ts === message.ts)!;
    expect(edited.blocks).toEqual(
      expected(h, request, { kind: 'answered_in_slack', userId: 'U0ALICE01', at, chosenOptions: ['Approve'], paramsInput: {} }).blocks,
    );
    expect(h.slack.messages.filter((candidate) => candidate.threadTs === message.ts).map((line) => line.text)).toEqual([
      `${hitlAnswerSummary(['Approve'], {})} — <@U0ALICE01> from Slack`,
    ]);
    expect((await h.hitlMessages.get({ deployment: 'demo-v2', ref: request.ref, createdAt: request.createdAt }))?.slackAnswer).toEqual({
      userId: 'U0ALICE01',
      userName: 'alice',
      at,
      chosenOptions: ['Approve'],
      paramsInput: {},
    });
  });

  it('does nothing for other changes, nor for an answer given by a webhook source', async () => {
    h = await startWatcherHarness();
    const request = approval(h);
    const message = await postedRequest(h, request);
    const web = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: h.slack.apiUrl });
    const listener = hitlChangeListener({ store: h.hitlMessages, registry: h.registry, web: async () => web, clock: h.now });
    const events = h.slack.events.length;

    await listener({ actor, deployment: 'demo-v2', target: request.ref, change: { kind: 'note', text: 'looked' }, verb: 'Note added', changed: [request.ref] });
    await listener({ ...answerChange(request, ['Approve']), actor: { kind: 'source', name: 'checks' } });

    expect(h.slack.events).toHaveLength(events);
    expect(updatesOf(h, message.ts)).toBe(0);
    expect((await h.hitlMessages.get({ deployment: 'demo-v2', ref: request.ref, createdAt: request.createdAt }))?.slackAnswer).toBeUndefined();
  });
});
