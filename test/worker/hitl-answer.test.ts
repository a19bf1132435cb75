import type { ModalView, View } from '@slack/types';
import { createAccessControl } from '../../src/access/access-control';
import type { HitlRequest } from '../../src/airflow/model';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { createHitlFormMetadataCodec } from '../../src/protocol/hitl-form-metadata';
import { HITL_FORM_CALLBACK_ID } from '../../src/protocol/hitl-values';
import type { SlackRequestContext, WorkerJob } from '../../src/protocol/job';
import type { ReplyMessage, ReplyOptions, SlackReplies } from '../../src/slack-replies/slack-replies';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { runJob } from '../../src/worker/run-job';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';
import { pendingHitlRequest } from '../helpers/hitl-requests';
import { createMemoryHitlMessageStore } from '../../src/hitl-messages/hitl-message-store-memory';

const ALICE = 'UALICE0001';
const READER = 'UREADER001';
const SIGNING_SECRET = 'test-signing-secret';
const NOW = Date.parse('2026-12-06T09:14:00Z');

/** An Airflow 2 deployment: no human-in-the-loop requests. */
function airflow2Client(name: string): FakeAirflowClient {
  const client = new FakeAirflowClient(name, []);
  Object.assign(client, { version: async () => ({ dialect: 'v1' as const, version: '2.10.5' }) });
  return client;
}

function setUp(request: HitlRequest = pendingHitlRequest()) {
  const registry = parseDeployments(
    [
      { name: 'prod', displayName: 'Production', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod', actors: { users: [ALICE] }, airflowUsers: { [ALICE]: 'alice' } },
      { name: 'legacy', displayName: 'Legacy', apiUrl: 'https://old.example.com', auth: 'bearer', secretId: 'airflow/legacy', actors: { users: [ALICE] } },
    ],
    'test',
  );
  const airflow = new FakeAirflowClient('prod', [failedTaskInstance({ ...request.ref, state: 'deferred', tryNumber: 1 })]);
  airflow.addHitl(request);
  const legacy = airflow2Client('legacy');
  const sent: { ctx: SlackRequestContext; message: ReplyMessage; options: ReplyOptions }[] = [];
  const replies: SlackReplies = {
    reply: async (ctx, message, options) => void sent.push({ ctx, message, options }),
    postInThread: async () => true,
    uploadFile: async () => {
      throw new Error('no uploads here');
    },
  };
  const views: { viewId: string; view: View }[] = [];
  const { logger, lines } = collectingLogger();
  const clock = () => NOW;
  const hitlMessages = createMemoryHitlMessageStore({ clock: () => NOW });
  let id = 0;
  const deps: WorkerDeps = {
    registry,
    airflow: { get: (name) => (name === 'legacy' ? legacy : airflow) },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    replies,
    once: createMemoryRunOnce({ clock }),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail({ clock }),
    noteLease: createMemoryNoteLease(clock),
    logger,
    clock,
    slashCommand: '/airflow',
    newId: () => `id-${++id}`,
    hitlMessages,
    surfaces: {
      updateView: async (viewId, view) => void views.push({ viewId, view }),
      unfurl: async () => {
        throw new Error('no unfurls here');
      },
      publishHome: async () => {
        throw new Error('no Home tab here');
      },
    },
    hitlFormMetadata: async () => createHitlFormMetadataCodec(SIGNING_SECRET, clock),
  };
  const address = { address: { deployment: 'prod', ...request.ref }, createdAt: request.createdAt };
  const channelClick = (userId: string): SlackRequestContext => ({
    userId,
    userName: userId === ALICE ? 'alice' : 'rita',
    teamId: 'T0000001',
    channelId: 'C0000001',
    responseUrl: 'http://127.0.0.1:9/response',
    messageTs: '1765012345.000100',
    isEphemeral: false,
  });
  const listClick = (userId: string): SlackRequestContext => ({ ...channelClick(userId), messageTs: undefined, isEphemeral: true });
  const answer = (slack: SlackRequestContext, chosen: number[], requestId = `req-${++id}`) =>
    runJob({ kind: 'hitl_answer', request: address, chosen, paramsInput: {}, slack, requestId }, deps);
  const run = (job: WorkerJob) => runJob(job, deps);
  return { airflow, legacy, sent, views, answer, run, address, hitlMessages, deps, lines, channelClick, listClick };
}

describe('answering from Slack (the worker)', () => {
  it('answers a click on a channel message and adds nothing to what the listener shows', async () => {
    const { airflow, sent, answer, channelClick } = setUp();
    await answer(channelClick(ALICE), [0]);
    expect(airflow.mutatingCalls).toEqual(['answerHitl', 'setNote']);
    expect(sent).toEqual([]);
  });

  it('notes for the watcher that an answer is on its way before Airflow gets it', async () => {
    const { airflow, answer, channelClick, hitlMessages, address } = setUp();
    const { dagId, runId, taskId, mapIndex } = address.address;
    const key = { deployment: 'prod', ref: { dagId, runId, taskId, mapIndex }, createdAt: address.createdAt };
    let markedBeforeSend: string | undefined;
    const send = airflow.answerHitl.bind(airflow);
    airflow.answerHitl = async (ref, given) => {
      markedBeforeSend = (await hitlMessages.get(key))?.answeringAt;
      return send(ref, given);
    };

    await answer(channelClick(ALICE), [0]);

    expect(markedBeforeSend).toBe(new Date(NOW).toISOString());
  });

  it('confirms to the clicker alone when the click came from the ephemeral pending list', async () => {
    const { sent, answer, listClick } = setUp();
    await answer(listClick(ALICE), [1]);
    expect(sent.map(({ message, options }) => [message.text, options.replaceOriginal])).toEqual([
      ['You answered Publish the report? (approve in Production): ✅ Reject', false],
    ]);
  });

  it('shows a request answered through the bot as answered in Slack, and tells the late clicker by whom, what and when', async () => {
    const request = pendingHitlRequest();
    const { airflow, sent, answer, channelClick, hitlMessages } = setUp({
      ...request,
      response: { by: { id: 'bot', name: 'bot' }, at: '2026-12-06T09:10:00Z', chosenOptions: ['Approve'], paramsInput: {} },
    });
    await hitlMessages.recordSlackAnswer(
      { deployment: 'prod', ref: request.ref, createdAt: request.createdAt },
      { userId: 'UBOB000001', userName: 'bob', at: '2026-12-06T09:10:00Z', chosenOptions: ['Approve'], paramsInput: {} },
    );

    await answer(channelClick(ALICE), [1]);

    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.map(({ message, options }) => [message.text, options.replaceOriginal])).toEqual([
      ['Answered (Approve): Publish the report? (etl_daily in Production)', true],
      ['Already answered by <@UBOB000001>: Approve, at <!date^1796548200^{time}|09:10 UTC>. Nothing was sent to Airflow.', false],
    ]);
    const shown = JSON.stringify(sent[0]!.message.blocks);
    expect(shown).toContain('✅ Approve — <@UBOB000001> from Slack · <!date^1796548200^{time}|09:10 UTC>');
    // Nothing left to click but the link to Airflow.
    expect(shown).not.toContain('hitl_');
  });

  it("edits the clicked message with who answered in Airflow when Airflow says it was answered meanwhile (409)", async () => {
    const { airflow, sent, answer, channelClick, address } = setUp();
    const send = airflow.answerHitl.bind(airflow);
    airflow.answerHitl = async (ref, payload) => {
      airflow.hitl.get(JSON.stringify([ref.dagId, ref.runId, ref.taskId, ref.mapIndex]))!.response = {
        by: { id: 'u-7', name: 'dave' },
        at: '2026-12-06T09:13:00Z',
        chosenOptions: ['Reject'],
        paramsInput: {},
      };
      return send(ref, payload);
    };

    await answer(channelClick(ALICE), [0]);

    expect(address.createdAt).toBe(pendingHitlRequest().createdAt);
    expect(sent.map(({ message, options }) => [message.text, options.replaceOriginal])).toEqual([
      ['Answered (Reject): Publish the report? (etl_daily in Production)', true],
      ['Already answered by dave: Reject, at <!date^1796548380^{time}|09:13 UTC>. Nothing was sent to Airflow.', false],
    ]);
    const shown = JSON.stringify(sent[0]!.message.blocks);
    expect(shown).toContain('✅ Reject — dave in Airflow · <!date^1796548380^{time}|09:13 UTC>');
    expect(shown).not.toContain('hitl_');
  });

  it("tells the clicker what to configure when Airflow refuses the bot's user (403)", async () => {
    const { sent, answer, channelClick } = setUp(pendingHitlRequest({ assignedUsers: [{ id: 'u-41', name: 'alice' }] }));
    await answer(channelClick(ALICE), [0]);
    expect(sent.map(({ message, options }) => [message.text, options.replaceOriginal])).toEqual([
      [
        ":warning: Production: Airflow refused the answer because the bot's own Airflow user is not among the users assigned to this request (alice). Nothing was changed: add the bot's Airflow user to the operator's `assigned_users`, or answer in Airflow.",
        false,
      ],
    ]);
  });

  it('refuses a reader with the clear message and sends nothing', async () => {
    const { airflow, sent, answer, channelClick, hitlMessages, address } = setUp();
    await answer(channelClick(READER), [0]);
    expect(airflow.mutatingCalls).toEqual([]);
    // No record left behind: the watcher still posts the request, and its listener edits it later.
    const { dagId, runId, taskId, mapIndex } = address.address;
    expect(await hitlMessages.get({ deployment: 'prod', ref: { dagId, runId, taskId, mapIndex }, createdAt: address.createdAt })).toBeUndefined();
    expect(sent.map(({ message }) => message.text)).toEqual([
      ':warning: You may not answer requests of Production from Slack (only its actors may). Nothing was sent to Airflow.',
    ]);
  });

  it('refuses an option index the request does not have, and sends nothing', async () => {
    const { airflow, sent, answer, channelClick } = setUp();
    await answer(channelClick(ALICE), [7]);
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.map(({ message }) => message.text)).toEqual([
      ':warning: This button names an option the request does not have. Nothing was sent: run `/airflow pending` for a fresh one.',
    ]);
  });

  it('says a request of an Airflow 2 deployment cannot be answered, and sends nothing', async () => {
    const { legacy, sent, run, channelClick, address } = setUp();
    await run({ kind: 'hitl_answer', request: { ...address, address: { ...address.address, deployment: 'legacy' } }, chosen: [0], paramsInput: {}, slack: channelClick(ALICE), requestId: 'r-legacy' });
    expect(legacy.mutatingCalls).toEqual([]);
    expect(sent.map(({ message }) => message.text)).toEqual([':warning: Legacy runs Airflow 2, which has no human-in-the-loop requests. Nothing was sent.']);
  });
});

describe('the answer form (the worker fills the modal)', () => {
  it('fills the modal with the form and metadata signed for the clicker', async () => {
    const { views, run, channelClick, address } = setUp();
    await run({ kind: 'hitl_form', request: address, viewId: 'V0000001', slack: channelClick(ALICE) });
    expect(views).toHaveLength(1);
    expect(views[0]!.viewId).toBe('V0000001');
    expect(views[0]!.view.callback_id).toBe(HITL_FORM_CALLBACK_ID);
    const metadata = createHitlFormMetadataCodec(SIGNING_SECRET, () => NOW).decode(views[0]!.view.private_metadata!);
    expect(metadata).toEqual({
      request: address,
      options: ['Approve', 'Reject'],
      multiple: false,
      specs: [],
      card: { channelId: 'C0000001', messageTs: '1765012345.000100', responseUrl: 'http://127.0.0.1:9/response', isEphemeral: false },
      openedBy: ALICE,
      teamId: 'T0000001',
      issuedAt: NOW,
    });
  });

  it('says so in the modal when the request was already answered', async () => {
    const { views, run, channelClick, address } = setUp(
      pendingHitlRequest({ response: { by: { id: 'u-7', name: 'dave' }, at: '2026-12-06T09:13:00Z', chosenOptions: ['Reject'], paramsInput: {} } }),
    );
    await run({ kind: 'hitl_form', request: address, viewId: 'V0000001', slack: channelClick(ALICE) });
    expect(JSON.stringify(views[0]!.view.blocks)).toContain('This request was already answered by dave: Reject.');
    expect((views[0]!.view as ModalView).submit).toBeUndefined();
  });

  it('shows the refusal in the modal to a user the request is not assigned to', async () => {
    const { views, run, channelClick, address } = setUp(pendingHitlRequest({ assignedUsers: [{ id: 'u-9', name: 'erin' }] }));
    await run({ kind: 'hitl_form', request: address, viewId: 'V0000001', slack: channelClick(ALICE) });
    expect(JSON.stringify(views[0]!.view.blocks)).toContain('Only erin may answer this request; your Slack user is mapped to the Airflow user alice');
    expect(views[0]!.view.private_metadata).toBeUndefined();
  });

  it('links to Airflow instead of a form when the request is too large for Slack', async () => {
    const options = Array.from({ length: 60 }, (_, i) => `Option number ${i} with a long label`);
    const { views, run, channelClick, address } = setUp(pendingHitlRequest({ options }));
    await run({ kind: 'hitl_form', request: address, viewId: 'V0000001', slack: channelClick(ALICE) });
    const text = JSON.stringify(views[0]!.view.blocks);
    expect(text).toContain('This request has too many options or params to answer from Slack. Answer it in Airflow.');
    expect(text).toContain('https://airflow.example.com/dags/etl_daily/runs/');
  });
  it.each([
    ['more than 100 short options', { options: Array.from({ length: 101 }, (_, i) => `o${i}`) }],
    ['a param name longer than 250 characters', { params: { ['p'.repeat(251)]: { value: 1, schema: { type: 'integer' }, description: null } } }],
  ])('links to Airflow instead of a form it could not take back: %s', async (_label, overrides) => {
    const { views, run, channelClick, address } = setUp(pendingHitlRequest(overrides));
    await run({ kind: 'hitl_form', request: address, viewId: 'V0000001', slack: channelClick(ALICE) });
    expect(JSON.stringify(views[0]!.view.blocks)).toContain('This request has too many options or params to answer from Slack. Answer it in Airflow.');
    expect(views[0]!.view.private_metadata).toBeUndefined();
  });
});

describe('/airflow pending', () => {
  it('lists the pending requests of the readable deployments with their buttons, leaving Airflow 2 out', async () => {
    const { sent, run, listClick, legacy } = setUp();
    await run({ kind: 'command', command: { name: 'pending', share: false }, slack: listClick(ALICE) });
    expect(legacy.calls.map((call) => call.method)).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.options).toEqual({ replaceOriginal: true, share: false });
    expect(sent[0]!.message.text).toBe('1 request waits for an answer');
    const buttons = JSON.stringify(sent[0]!.message.blocks);
    expect(buttons).toContain('"text":"Approve"');
    expect(buttons).toContain('"text":"Reject"');
  });

  it('answers in one line when the deployment named speaks Airflow 2', async () => {
    const { sent, run, listClick } = setUp();
    await run({ kind: 'command', command: { name: 'pending', deployment: 'legacy', share: false }, slack: listClick(ALICE) });
    expect(sent.map(({ message }) => message.text)).toEqual([':warning: Legacy runs Airflow 2, which has no human-in-the-loop requests.']);
  });

  it('says nothing waits when no request is pending', async () => {
    const { sent, run, listClick } = setUp(pendingHitlRequest({ taskState: 'success' }));
    await run({ kind: 'command', command: { name: 'pending', deployment: 'prod', share: false }, slack: listClick(ALICE) });
    expect(sent.map(({ message }) => message.text)).toEqual(['No request waits for an answer.']);
  });
});
