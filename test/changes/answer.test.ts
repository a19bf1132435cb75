import { createAccessControl } from '../../src/access/access-control';
import type { HitlRequest, TaskInstanceRef } from '../../src/airflow/model';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { applyChange, type ChangeServiceDeps } from '../../src/changes/apply-change';
import type { AppliedChange, Change } from '../../src/changes/change';
import { createDynamoDbNoteLease } from '../../src/changes/note-lease-dynamodb';
import { addressOf } from '../../src/changes/target';
import { parseDeployments } from '../../src/config/parse-deployments';
import { BotError } from '../../src/errors';
import { createDynamoDbRunOnce } from '../../src/idempotency/run-once-dynamodb';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';
import { pendingHitlRequest } from '../helpers/hitl-requests';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const dynamo = useLocalDynamoDb();

const ALICE = 'UALICE0001';
const BOB = 'UBOB000001';
const CAROL = 'UCAROL0001';
const READER = 'UREADER001';
const NOW = Date.parse('2026-12-06T09:14:00Z');

let run = 0;

function setUp(request: HitlRequest = pendingHitlRequest()) {
  run += 1;
  const [deployment] = parseDeployments(
    [
      {
        name: 'prod',
        displayName: 'Production',
        apiUrl: 'https://airflow.example.com',
        auth: 'bearer',
        secretId: 'airflow/prod',
        actors: { users: [ALICE, BOB, CAROL, ...Array.from({ length: 10 }, (_, i) => `UCLICK${String(i).padStart(4, '0')}`)] },
        airflowUsers: { [ALICE]: 'alice', [BOB]: 'u-42' },
      },
    ],
    'test',
  ).deployments;
  // Each test its own run, so their leases and keys in the shared tables stay apart.
  const ref: TaskInstanceRef = { ...request.ref, runId: `${request.ref.runId}-${run}` };
  const airflow = new FakeAirflowClient('prod', [failedTaskInstance({ ...ref, state: 'deferred', tryNumber: 1 })]);
  airflow.addHitl({ ...request, ref });
  const { logger, lines } = collectingLogger();
  const trail = createMemoryAuditTrail({ clock: () => NOW });
  const told: AppliedChange[] = [];
  let id = 0;
  const deps: ChangeServiceDeps = {
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    once: createDynamoDbRunOnce({ client: dynamo.engine.client, tableName: BOT_TABLES.idempotency.name, logger }),
    listeners: [async (applied) => void told.push(applied)],
    audit: trail,
    noteLease: createDynamoDbNoteLease({ client: dynamo.documents, tableName: BOT_TABLES.noteLeases.name, logger }),
    logger,
    clock: () => NOW,
    newId: () => `audit-${run}-${++id}`,
  };
  const answer = (userId: string, requestId: string, chosenOptions: string[] = ['Approve'], createdAt = request.createdAt) => {
    const change: Change = { kind: 'answer', createdAt, chosenOptions, paramsInput: {} };
    const target = addressOf('prod', ref);
    return applyChange(deps, {
      actor: { kind: 'slack', userId, userName: userId === ALICE ? 'alice' : userId.toLowerCase(), teamId: 'T0000001', channelId: 'C0000001' },
      deployment: deployment!,
      client: airflow,
      change,
      asked: target,
      locate: async () => ref,
      guard: { kind: 'key', key: `slack:hitl:${run}:${requestId}`, payload: { target, change } },
      requestId,
    });
  };
  const answers = () => airflow.calls.filter((call) => call.method === 'answerHitl').length;
  const trailOf = () => trail.all().map((record) => [record.userId, record.action, record.outcome, record.reason]);
  return { airflow, ref, answer, answers, told, trail, trailOf, lines, deployment: deployment! };
}

async function refusal(promise: Promise<unknown>): Promise<BotError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof BotError)) throw new Error(`expected a BotError, got ${String(error)}`);
  return error;
}

describe('answering a human-in-the-loop request through the change service', () => {
  it('sends one answer, records it, writes the bot line in the note, and tells the listeners', async () => {
    const { airflow, ref, answer, answers, told, trailOf } = setUp();

    const { outcome, replayed } = await answer(CAROL, 'req-1');

    expect(replayed).toBe(false);
    expect(answers()).toBe(1);
    expect(outcome.status).toBe('applied');
    expect(outcome.status === 'applied' && outcome.response).toEqual({
      by: { id: 'bot', name: 'bot' },
      at: expect.any(String) as string,
      chosenOptions: ['Approve'],
      paramsInput: {},
    });
    expect(airflow.stored(ref).note).toBe('🤖 Answered Approve by @ucarol0001 from Slack (2026-12-06 09:14 UTC)');
    expect(told.map((applied) => [applied.actor.kind === 'slack' && applied.actor.userId, applied.verb, applied.change.kind])).toEqual([
      [CAROL, 'Answered Approve', 'answer'],
    ]);
    expect(trailOf()).toEqual([
      [CAROL, 'answer', 'allowed', 'confirmed'],
      [CAROL, 'answer', 'applied', 'chose Approve'],
    ]);
  });

  it('answers once for ten clicks at once: one answer sent, nine told it was already answered', async () => {
    const { answer, answers } = setUp();
    const clickers = Array.from({ length: 10 }, (_, i) => `UCLICK${String(i).padStart(4, '0')}`);

    const results = await Promise.all(clickers.map((userId, i) => answer(userId, `click-${i}`)));

    expect(answers()).toBe(1);
    const statuses = results.map(({ outcome }) => outcome.status).sort();
    expect(statuses).toEqual(['answered_already', ...Array<string>(8).fill('answered_already'), 'applied'].sort());
    const already = results.map(({ outcome }) => outcome).filter((outcome) => outcome.status === 'answered_already');
    expect(already).toHaveLength(9);
    for (const outcome of already) {
      expect(outcome.status === 'answered_already' && outcome.response.chosenOptions).toEqual(['Approve']);
    }
  });

  it('answers a redelivered job from its first outcome, sending nothing again', async () => {
    const { answer, answers } = setUp();
    await answer(CAROL, 'req-same');
    const again = await answer(CAROL, 'req-same');
    expect(again.replayed).toBe(true);
    expect(again.outcome.status).toBe('applied');
    expect(answers()).toBe(1);
  });

  it('refuses a reader who is not an actor, sends nothing, and records the refusal', async () => {
    const { answer, answers, trailOf } = setUp();
    const error = await refusal(answer(READER, 'req-reader'));
    expect(error.kind).toBe('permission_denied');
    expect(error.userMessage).toBe('You may not answer requests of Production from Slack (only its actors may). Nothing was sent to Airflow.');
    expect(answers()).toBe(0);
    expect(trailOf()).toEqual([[READER, 'answer', 'refused', 'not an actor of this deployment']]);
  });

  it('lets a Slack user mapped to an assigned user answer, matching the Airflow user by name or by id', async () => {
    // The fake Airflow answers as its bot user, who must be assigned too.
    const assigned = [
      { id: 'u-41', name: 'alice' },
      { id: 'u-42', name: 'bob' },
      { id: 'bot', name: 'bot' },
    ];
    const byName = setUp(pendingHitlRequest({ assignedUsers: assigned }));
    expect((await byName.answer(ALICE, 'req-alice')).outcome.status).toBe('applied');
    const byId = setUp(pendingHitlRequest({ assignedUsers: assigned }));
    expect((await byId.answer(BOB, 'req-bob')).outcome.status).toBe('applied');
  });

  it('refuses an actor who is not mapped to any Airflow user when the request names its users, and sends nothing', async () => {
    const { answer, answers, trailOf } = setUp(pendingHitlRequest({ assignedUsers: [{ id: 'u-41', name: 'alice' }] }));
    const error = await refusal(answer(CAROL, 'req-carol'));
    expect(error.kind).toBe('permission_denied');
    expect(error.userMessage).toBe(
      "Only alice may answer this request, and your Slack user is not mapped to an Airflow user. Nothing was sent to Airflow: ask the bot's operators to add you to `airflowUsers` of prod in the deployments registry.",
    );
    expect(answers()).toBe(0);
    expect(trailOf().at(-1)).toEqual([CAROL, 'answer', 'refused', 'no Airflow user mapped to this Slack user']);
  });

  it('refuses an actor mapped to an Airflow user who is not assigned, and sends nothing', async () => {
    const { answer, answers, trailOf } = setUp(pendingHitlRequest({ assignedUsers: [{ id: 'u-41', name: 'alice' }] }));
    const error = await refusal(answer(BOB, 'req-bob'));
    expect(error.userMessage).toBe(
      'Only alice may answer this request; your Slack user is mapped to the Airflow user u-42 (`airflowUsers` of prod in the deployments registry). Nothing was sent to Airflow.',
    );
    expect(answers()).toBe(0);
    expect(trailOf().at(-1)).toEqual([BOB, 'answer', 'refused', 'mapped Airflow user u-42 is not assigned']);
  });

  it("answers a request Airflow says was answered meanwhile (409) with who answered it there", async () => {
    const { airflow, ref, answer, trailOf } = setUp();
    const send = airflow.answerHitl.bind(airflow);
    // Someone answers in Airflow's UI between the bot's read and its write.
    airflow.answerHitl = async (at, payload) => {
      const stored = airflow.hitl.get(JSON.stringify([ref.dagId, ref.runId, ref.taskId, ref.mapIndex]))!;
      stored.response = { by: { id: 'u-7', name: 'dave' }, at: '2026-12-06T09:13:00Z', chosenOptions: ['Reject'], paramsInput: {} };
      return send(at, payload);
    };
    const { outcome } = await answer(CAROL, 'req-409');
    expect(outcome).toEqual({
      status: 'answered_already',
      response: { by: { id: 'u-7', name: 'dave' }, at: '2026-12-06T09:13:00Z', chosenOptions: ['Reject'], paramsInput: {} },
    });
    expect(trailOf().at(-1)).toEqual([CAROL, 'answer', 'refused', 'already answered in Airflow']);
  });

  it("says what to configure when Airflow refuses the bot's own user (403), and records the failure", async () => {
    const { answer, trailOf } = setUp(pendingHitlRequest({ assignedUsers: [{ id: 'u-41', name: 'alice' }] }));
    const error = await refusal(answer(ALICE, 'req-403'));
    expect(error.kind).toBe('forbidden');
    expect(error.userMessage).toBe(
      "Production: Airflow refused the answer because the bot's own Airflow user is not among the users assigned to this request (alice). Nothing was changed: add the bot's Airflow user to the operator's `assigned_users`, or answer in Airflow.",
    );
    expect(trailOf().at(-1)).toEqual([ALICE, 'answer', 'failed', 'forbidden']);
  });

  it('sends nothing for a request a later try replaced, and says it is stale', async () => {
    const { answer, answers, trailOf } = setUp();
    const { outcome } = await answer(CAROL, 'req-old', ['Approve'], '2026-12-05T09:00:00.000000Z');
    expect(outcome).toEqual({ status: 'stale', reason: 'replaced' });
    expect(answers()).toBe(0);
    expect(trailOf().at(-1)).toEqual([CAROL, 'answer', 'stale', 'request replaced (made 2026-12-06T09:00:00.000000Z)']);
  });

  it.each([
    [['Maybe'], 'The request does not offer Maybe (it offers Approve, Reject). Nothing was sent to Airflow.'],
    [['Approve', 'Reject'], 'This request takes exactly one option. Nothing was sent to Airflow.'],
    [[], 'Choose at least one option. Nothing was sent to Airflow.'],
  ])('refuses the options %j with a clear message and sends nothing', async (chosen, message) => {
    const { answer, answers } = setUp();
    const error = await refusal(answer(CAROL, `req-bad-${chosen.length}`, chosen));
    expect(error.kind).toBe('invalid');
    expect(error.userMessage).toBe(message);
    expect(answers()).toBe(0);
  });

  it('accepts several options when the request is multiple', async () => {
    const { answer, airflow, ref } = setUp(pendingHitlRequest({ multiple: true, options: ['Rerun', 'Notify', 'Skip'] }));
    expect((await answer(CAROL, 'req-multi', ['Rerun', 'Notify'])).outcome.status).toBe('applied');
    expect(airflow.hitl.get(JSON.stringify([ref.dagId, ref.runId, ref.taskId, ref.mapIndex]))!.response?.chosenOptions).toEqual(['Rerun', 'Notify']);
  });

  it('never lets a webhook source answer', async () => {
    const { airflow, ref, deployment, answers } = setUp();
    const change: Change = { kind: 'answer', createdAt: pendingHitlRequest().createdAt, chosenOptions: ['Approve'], paramsInput: {} };
    const { logger } = collectingLogger();
    const error = await refusal(
      applyChange(
        {
          access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
          once: createDynamoDbRunOnce({ client: dynamo.engine.client, tableName: BOT_TABLES.idempotency.name, logger }),
          listeners: [],
          audit: createMemoryAuditTrail(),
          noteLease: createDynamoDbNoteLease({ client: dynamo.documents, tableName: BOT_TABLES.noteLeases.name, logger }),
          logger,
          clock: () => NOW,
          newId: () => 'x',
        },
        {
          actor: { kind: 'source', name: 'dq-monitor' },
          deployment: { ...deployment, sourceActions: { 'dq-monitor': ['read', 'note', 'mark', 'clear'] } },
          client: airflow,
          change,
          asked: addressOf('prod', ref),
          locate: async () => ref,
          guard: { kind: 'key', key: `source:${run}`, payload: {} },
        },
      ),
    );
    expect(error.kind).toBe('permission_denied');
    expect(answers()).toBe(0);
  });
});
