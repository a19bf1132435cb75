import { BotError } from '../../src/errors';
import { createAccessControl } from '../../src/access/access-control';
import { parseDeployments } from '../../src/config/parse-deployments';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS, type ActionId, type TaskInstanceAddress } from '../../src/protocol/interaction-types';
import type { SlackRequestContext } from '../../src/protocol/job';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { runJob } from '../../src/worker/run-job';
import type { ReplyMessage, ReplyOptions, SlackReplies } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';
import { actionIds, buttonValue } from '../helpers/find-button';

const ACTOR = 'UACTOR0001';
const READER = 'UREADER001';
const NOW = Date.parse('2026-11-23T09:00:00Z');

function setUp(options: { failCardUpdateAfterConfirm?: boolean } = {}) {
  const ti = failedTaskInstance();
  const airflow = new FakeAirflowClient('prod', [ti]);
  const registry = parseDeployments(
    [
      {
        name: 'prod',
        displayName: 'Production',
        apiUrl: 'https://airflow.example.com',
        auth: 'bearer',
        secretId: 'airflow/prod',
        actors: { users: [ACTOR] },
      },
    ],
    'test',
  );
  const sent: { message: ReplyMessage; options: ReplyOptions; userId: string }[] = [];
  const threads: string[] = [];
  const replies: SlackReplies = {
    reply: async (ctx, message, replyOptions) => {
      if (options.failCardUpdateAfterConfirm && airflow.mutatingCalls.length > 0 && replyOptions.replaceOriginal) {
        throw new Error('Slack said no');
      }
      sent.push({ message, options: replyOptions, userId: ctx.userId });
    },
    postInThread: async (_ctx, text) => {
      threads.push(text);
      return true;
    },
    uploadFile: async () => {
      throw new Error('no uploads in these flows');
    },
  };
  const { logger, lines } = collectingLogger();
  let now = NOW;
  const clock = () => now;
  const trail = createMemoryAuditTrail({ clock });
  let id = 0;
  const deps: WorkerDeps = {
    registry,
    airflow: { get: () => airflow },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    replies,
    once: createMemoryRunOnce({ clock }),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: trail,
    noteLease: createMemoryNoteLease(clock),
    logger,
    clock,
    slashCommand: '/airflow',
    newId: () => `preview-${++id}`,
  };
  const address: TaskInstanceAddress = { deployment: 'prod', dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: -1, tryNumber: 2 };
  const slack = (userId: string, teamId = 'T0000001'): SlackRequestContext => ({
    userId,
    teamId,
    userName: userId === ACTOR ? 'alice' : 'bob',
    channelId: 'C0000001',
    responseUrl: 'http://127.0.0.1:9/response',
    isEphemeral: true,
  });
  const click = (userId: string, actionId: ActionId, value: string, remainingMs?: number, teamId?: string) =>
    runJob({ kind: 'button', actionId, value, slack: slack(userId, teamId) }, deps, remainingMs === undefined ? {} : { remainingMs });
  const submitNote = (userId: string, note: string, requestId: string) =>
    runJob({ kind: 'note_submitted', address, note, slack: slack(userId), requestId }, deps);
  const audits = () => lines.filter((line) => line.msg === 'audit');
  const advance = (ms: number) => {
    now += ms;
  };
  return { airflow, sent, threads, click, submitNote, address, ti, audits, trail, deps, advance, lines };
}

describe('mutations from Slack', () => {
  it('previews, then Confirm sends exactly one change and records who did it in a note', async () => {
    const { airflow, sent, threads, click, address, ti } = setUp();

    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    expect(airflow.mutatingCalls).toEqual([]);
    expect(airflow.calls.map((c) => c.method)).toContain('previewAction');
    const preview = sent[0]!;
    expect(preview.options.replaceOriginal).toBe(true);
    expect(preview.message.text).toBe('Mark success: 1 task instance will change. Confirm or cancel.');

    await click(ACTOR, ACTION_IDS.confirm, buttonValue(preview.message.blocks, ACTION_IDS.confirm));

    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    const stored = airflow.stored(ti);
    expect(stored.state).toBe('success');
    expect(stored.note).toBe('🤖 Marked success by @alice from Slack (2026-11-23 09:00 UTC)');
    const result = sent[1]!;
    expect(result.options.replaceOriginal).toBe(true);
    expect(result.message.text).toContain(`<@${ACTOR}>`);
    expect(actionIds(result.message.blocks)).not.toContain(ACTION_IDS.markSuccess);
    expect(threads).toEqual([result.message.text]);
  });

  it('a second Confirm of the same preview changes nothing more and says so', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    const confirm = buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm);

    await click(ACTOR, ACTION_IDS.confirm, confirm);
    await click(ACTOR, ACTION_IDS.confirm, confirm);

    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    expect(sent.at(-1)!.message.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
    expect(sent.at(-1)!.options.replaceOriginal).toBe(false);
  });

  it('Cancel sends nothing to Airflow that changes anything and shows the card again', async () => {
    const { airflow, sent, click, address, audits } = setUp();
    await click(ACTOR, ACTION_IDS.markFailed, encodeAddress({ ...address }));
    await click(ACTOR, ACTION_IDS.cancel, buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel));

    expect(airflow.mutatingCalls).toEqual([]);
    expect(actionIds(sent[1]!.message.blocks)).toContain(ACTION_IDS.markSuccess);
    expect(audits().map((line) => line.outcome)).toEqual(['allowed', 'cancelled']);
  });

  it('refuses a user who may only read, before any request to Airflow, and logs the attempt', async () => {
    const { airflow, sent, click, address, audits } = setUp();

    await click(READER, ACTION_IDS.markSuccess, encodeAddress(address));

    expect(airflow.calls).toEqual([]);
    expect(sent[0]!.message.text).toBe(':warning: You may not change task instances in Production. Nothing was changed.');
    expect(audits()).toEqual([
      expect.objectContaining({ userId: READER, deployment: 'prod', action: 'mark_success', outcome: 'refused' }),
    ]);
  });

  it('refuses a Confirm clicked by someone who may not act, even on a valid preview', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));

    await click(READER, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));

    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[1]!.message.text).toBe(':warning: You may not change task instances in Production. Nothing was changed.');
  });

  it('refuses a preview that Airflow has moved past (another retry started) and changes nothing', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    airflow.stored(ti).state = 'running';
    airflow.stored(ti).tryNumber = 3;

    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));

    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[1]!.message.text).toBe(
      ':warning: transform changed since the preview (it is now running, try 3). Nothing was changed: preview again.',
    );
  });

  it('says the change is done when only refreshing the card fails afterwards, never that it failed', async () => {
    const { airflow, sent, click, address, ti } = setUp({ failCardUpdateAfterConfirm: true });
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));

    expect(airflow.stored(ti).state).toBe('success');
    expect(sent.at(-1)!.message.text).toBe(
      `<@${ACTOR}> marked 1 task instance success. (Done in Airflow; the card could not be refreshed. Use Refresh.)`,
    );
  });

  it('turns a forged or damaged button value into a clear message, not a crash', async () => {
    const { airflow, sent, click } = setUp();

    await click(ACTOR, ACTION_IDS.confirm, '{"v":1,"d":"prod"');

    expect(airflow.calls).toEqual([]);
    expect(sent[0]!.message.text).toMatch(/damaged or out of date/);
  });
});

describe.each([
  ['Mark success', ACTION_IDS.markSuccess],
  ['Mark failed', ACTION_IDS.markFailed],
  ['Clear', ACTION_IDS.clear],
])('%s', (_label, actionId) => {
  it('is refused for a reader, and Airflow receives no request at all', async () => {
    const { airflow, click, address } = setUp();
    await click(READER, actionId, encodeAddress(address));
    expect(airflow.calls).toEqual([]);
  });

  it('Confirm sends exactly one change, a second Confirm none', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, actionId, encodeAddress(address));
    const confirm = buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm);
    await click(ACTOR, ACTION_IDS.confirm, confirm);
    await click(ACTOR, ACTION_IDS.confirm, confirm);
    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    expect(sent.at(-1)!.message.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
  });

  it('Cancel sends no change', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, actionId, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.cancel, buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel));
    expect(airflow.mutatingCalls).toEqual([]);
  });
});

describe('a worker close to its timeout', () => {
  it('warns the user before the platform stops it, and still answers if it finishes', async () => {
    const { airflow, sent, click, address } = setUp();
    const read = airflow.getTaskInstance.bind(airflow);
    airflow.getTaskInstance = async (ref) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return read(ref);
    };
    await click(ACTOR, ACTION_IDS.refresh, encodeAddress(address), 5_100);
    expect(sent.map((s) => s.message.text)).toEqual([
      ':warning: Airflow is answering too slowly and this request is about to be stopped. If it was a change, press Refresh on the card (or look in Airflow) to see whether it was applied.',
      expect.stringContaining('transform'),
    ]);
  });
});

describe('operator errors', () => {
  it('reach the user as a pointer to the logs, without secret ids', async () => {
    const { airflow, sent, click, address } = setUp();
    airflow.getTaskInstance = async () => {
      throw new BotError('credentials', 'Secret "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod" has no "password" key');
    };
    await click(ACTOR, ACTION_IDS.refresh, encodeAddress(address));
    expect(sent[0]!.message.text).toBe(
      ':warning: The bot is not set up right for this deployment. Its operators will find the details in its logs.',
    );
    expect(JSON.stringify(sent)).not.toContain('123456789012');
  });
});

describe('notes from Slack', () => {
  it('appends the note with its author and updates the card', async () => {
    const { airflow, sent, submitNote, ti } = setUp();
    airflow.stored(ti).note = 'Known flaky since Monday';
    await submitNote(ACTOR, 'rerun after the upstream fix', 'req-1');
    expect(airflow.stored(ti).note).toBe('Known flaky since Monday\nrerun after the upstream fix (@alice from Slack)');
    expect(sent[0]!.options.replaceOriginal).toBe(true);
  });

  it('is refused for a reader, and nothing is written', async () => {
    const { airflow, sent, submitNote } = setUp();
    await submitNote(READER, 'hello', 'req-1');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[0]!.message.text).toBe(':warning: You may not change task instances in Production. Nothing was changed.');
  });

  it('writes a note delivered twice only once', async () => {
    const { airflow, submitNote } = setUp();
    await submitNote(ACTOR, 'once', 'req-1');
    await submitNote(ACTOR, 'once', 'req-1');
    expect(airflow.calls.filter((c) => c.method === 'setNote')).toHaveLength(1);
  });

  it('refuses a note too long for Airflow once signed, and writes nothing', async () => {
    const { airflow, sent, submitNote } = setUp();
    await submitNote(ACTOR, 'x'.repeat(1000), 'req-1');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[0]!.message.text).toBe(':warning: A note from Slack needs 1 to 980 characters. Nothing was changed.');
  });

  it('lets only someone who may act cancel a preview', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    await click(READER, ACTION_IDS.cancel, buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel));
    expect(sent[1]!.message.text).toBe(':warning: You may not change task instances in Production. Nothing was changed.');
    expect(airflow.mutatingCalls).toEqual([]);
  });
});

describe('previews stored on the server', () => {
  it('refuses a Confirm after the preview expired (15 minutes), and changes nothing', async () => {
    const { airflow, sent, click, address, advance } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    advance(15 * 60 * 1000);
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.at(-1)!.message.text).toBe('This preview has expired, so nothing was changed. Preview the action again.');
  });

  it('refuses a Confirm from another workspace and records the refusal', async () => {
    const { airflow, sent, click, address, trail } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm), undefined, 'TOTHER0001');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.at(-1)!.message.text).toBe(':warning: This preview was shown in another workspace. Nothing was changed.');
    expect(trail.all().at(-1)).toMatchObject({ outcome: 'refused', reason: 'confirm from another workspace', teamId: 'TOTHER0001' });
  });

  it('does not let a reader’s Confirm use up an actor’s preview', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    const confirm = buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm);
    await click(READER, ACTION_IDS.confirm, confirm);
    await click(ACTOR, ACTION_IDS.confirm, confirm);
    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
    expect(airflow.stored(ti).state).toBe('success');
  });

  it('refuses a Confirm after Cancel', async () => {
    const { airflow, sent, click, address } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.cancel, buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.at(-1)!.message.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
  });

  it('changes nothing when the audit trail cannot record the attempt', async () => {
    const { airflow, sent, click, address, deps } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    deps.audit.append = async () => {
      throw new BotError('unavailable', 'Could not write the audit trail. Try again in a moment.');
    };
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.at(-1)!.message.text).toBe(':warning: Could not write the audit trail, so nothing was changed. Try again in a moment.');
  });
});

describe('audit notes after a Confirm', () => {
  it('says "audit note skipped: note full — kept in the audit trail" when only people’s text fills the note', async () => {
    const { airflow, sent, click, address, ti, trail } = setUp();
    const people = `${'p'.repeat(990)} (@carol from Slack)`.slice(0, 1000);
    airflow.stored(ti).note = people;
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.stored(ti).state).toBe('success');
    expect(airflow.stored(ti).note).toBe(people);
    expect(JSON.stringify(sent.at(-1)!.message.blocks)).toContain(':memo: audit note skipped: note full — kept in the audit trail');
    expect(trail.all().filter((r) => r.outcome === 'applied')).toHaveLength(1);
  });

  it('says the audit note could not be written when Airflow refuses it, and the change stands', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    airflow.setNote = async () => {
      throw new BotError('unavailable', 'Airflow is down');
    };
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.stored(ti).state).toBe('success');
    expect(sent.at(-1)!.message.text).toBe(`<@${ACTOR}> marked 1 task instance success.`);
    expect(JSON.stringify(sent.at(-1)!.message.blocks)).toContain(':memo: audit note could not be written in Airflow — kept in the audit trail');
  });
});

describe('the Audit entry of a card', () => {
  it('shows the task instance’s history from the audit trail beside the card, to a reader too', async () => {
    const { sent, click, address } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    await click(READER, ACTION_IDS.audit, encodeAddress(address));
    const history = sent.at(-1)!;
    expect(history.options.replaceOriginal).toBe(false);
    expect(history.message.text).toBe('Audit of transform: 3 recent entries');
    const text = JSON.stringify(history.message.blocks);
    expect(text).toContain(`<@${ACTOR}> *mark_success* applied — 1 task instance(s) changed`);
    expect(text).toContain(`<@${ACTOR}> *mark_success* allowed — confirmed`);
    expect(text).toContain(`<@${ACTOR}> *mark_success* allowed — previewed`);
  });
});

describe('the audit trail of mutations', () => {
  const TARGET = { deployment: 'prod', dagId: 'etl_daily', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'transform', mapIndex: -1 };
  const records = (trail: { all(): { outcome: string; reason?: string; action: string; previewId?: string }[] }) =>
    trail.all().map((r) => ({ action: r.action, outcome: r.outcome, reason: r.reason, previewId: r.previewId }));

  it('stores the preview exactly as shown: the dry run, the state and try it expects, who asked, where, and for 15 minutes', async () => {
    const { click, address, deps } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    expect(await deps.previews.get('preview-1')).toEqual({
      previewId: 'preview-1',
      target: { ...TARGET, tryNumber: 2 },
      action: { kind: 'set_state', newState: 'success', includeUpstream: false, includeDownstream: false },
      expectedState: 'failed',
      expectedTry: 2,
      requestedBy: ACTOR,
      teamId: 'T0000001',
      affected: [{ dagId: TARGET.dagId, runId: TARGET.runId, taskId: TARGET.taskId, mapIndex: -1, state: 'failed' }],
      createdAt: NOW,
      validUntil: NOW + 15 * 60 * 1000,
    });
  });

  it('records the preview, the confirmed attempt before the change, and the change, each with the preview id', async () => {
    const { sent, click, address, trail } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(records(trail)).toEqual([
      { action: 'clear', outcome: 'allowed', reason: 'previewed', previewId: 'preview-1' },
      { action: 'clear', outcome: 'allowed', reason: 'confirmed', previewId: 'preview-1' },
      { action: 'clear', outcome: 'applied', reason: '1 task instance(s) changed', previewId: 'preview-1' },
    ]);
    expect(trail.all().every((r) => r.userId === ACTOR && r.deployment === 'prod')).toBe(true);
    expect(trail.all()[2]!.target).toEqual(TARGET);
  });

  it('records why a Confirm was stale: expired, already used, or the task instance moved on', async () => {
    const expired = setUp();
    await expired.click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(expired.address));
    expired.advance(15 * 60 * 1000);
    await expired.click(ACTOR, ACTION_IDS.confirm, buttonValue(expired.sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(records(expired.trail).at(-1)).toEqual({ action: 'mark_success', outcome: 'stale', reason: 'preview expired', previewId: 'preview-1' });
    expect(expired.sent.at(-1)!.options.replaceOriginal).toBe(false);

    const used = setUp();
    await used.click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(used.address));
    const confirm = buttonValue(used.sent[0]!.message.blocks, ACTION_IDS.confirm);
    await used.click(ACTOR, ACTION_IDS.confirm, confirm);
    await used.click(ACTOR, ACTION_IDS.confirm, confirm);
    expect(records(used.trail).at(-1)).toEqual({ action: 'mark_success', outcome: 'stale', reason: 'preview already used', previewId: 'preview-1' });

    const moved = setUp();
    await moved.click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(moved.address));
    moved.airflow.stored(moved.ti).state = 'running';
    await moved.click(ACTOR, ACTION_IDS.confirm, buttonValue(moved.sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(records(moved.trail).slice(1)).toEqual([
      { action: 'mark_success', outcome: 'allowed', reason: 'confirmed', previewId: 'preview-1' },
      { action: 'mark_success', outcome: 'stale', reason: 'task instance changed since the preview', previewId: 'preview-1' },
    ]);
    expect(moved.sent.at(-1)!.options.replaceOriginal).toBe(false);
  });

  it('refuses a Confirm whose try moved on although the state is the same', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    airflow.stored(ti).tryNumber = 3;
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent.at(-1)!.message.text).toBe(':warning: transform changed since the preview (it is now failed, try 3). Nothing was changed: preview again.');
  });

  it('says "no state" for a task instance whose state was cleared since the preview', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    airflow.stored(ti).state = null;
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(sent.at(-1)!.message.text).toBe(':warning: transform changed since the preview (it is now no state, try 2). Nothing was changed: preview again.');
  });

  it('records a change Airflow refused as failed, and tells the user', async () => {
    const { airflow, sent, click, address, trail } = setUp();
    airflow.applyAction = async () => {
      throw new BotError('conflict', 'prod: conflict on transform');
    };
    await click(ACTOR, ACTION_IDS.markFailed, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(records(trail).at(-1)).toEqual({ action: 'mark_failed', outcome: 'failed', reason: 'conflict', previewId: 'preview-1' });
    expect(sent.at(-1)!.message.text).toBe(':warning: prod: conflict on transform');
  });

  it('says a change may have been applied when its answer broke off or timed out, records it so, and writes no audit note', async () => {
    for (const failure of [
      new BotError('unavailable', 'prod: the answer from Airflow for transform was cut off or could not be read'),
      new BotError('timeout', 'prod: Airflow did not answer within 10 s for transform'),
    ]) {
      const { airflow, sent, click, address, trail, audits, ti, lines } = setUp();
      airflow.applyAction = async () => {
        throw failure;
      };
      await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
      await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
      expect(records(trail).at(-1)).toEqual({ action: 'clear', outcome: 'failed', reason: `${failure.kind}; the change may have been applied`, previewId: 'preview-1' });
      expect(audits().at(-1)).toMatchObject({ outcome: 'failed', reason: `${failure.kind}; the change may have been applied` });
      expect(sent.at(-1)!.message.text).toBe(
        `:warning: ${failure.userMessage}. The change may have been applied: press Refresh on the card (or look in Airflow) before trying again.`,
      );
      expect(sent.at(-1)!.options.replaceOriginal).toBe(false);
      expect(airflow.stored(ti).note ?? '').not.toContain('Cleared');
      expect(lines.find((line) => line.msg === 'a confirmed change may have been applied')).toMatchObject({ level: 'warn', kind: failure.kind, err: expect.anything() });
    }
  });

  it('says plainly that nothing was changed when Airflow could not be reached at all', async () => {
    const { airflow, sent, click, address, trail } = setUp();
    airflow.applyAction = async () => {
      throw new BotError('unavailable', 'prod: could not reach Airflow at https://airflow.example.com for transform (ECONNREFUSED)', { details: { code: 'ECONNREFUSED' } });
    };
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(records(trail).at(-1)).toMatchObject({ outcome: 'failed', reason: 'unavailable' });
    expect(sent.at(-1)!.message.text).toBe(':warning: prod: could not reach Airflow at https://airflow.example.com for transform (ECONNREFUSED)');
  });

  it('records a click on a preview the bot never issued, and one with a damaged value, under an unknown deployment', async () => {
    const { airflow, sent, click, trail } = setUp();
    await click(ACTOR, ACTION_IDS.confirm, '0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11');
    await click(ACTOR, ACTION_IDS.cancel, '{"v":1}');
    expect(airflow.calls).toEqual([]);
    expect(sent[0]!.message.text).toBe(':warning: This button does not match any preview the bot showed. Nothing was changed: preview the action again.');
    expect(trail.all().map(({ deployment, action, target, outcome, reason, previewId }) => ({ deployment, action, target, outcome, reason, previewId }))).toEqual([
      {
        deployment: '(unknown)',
        action: 'confirm',
        target: 'unknown preview',
        outcome: 'refused',
        reason: 'no such preview was issued',
        previewId: '0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11',
      },
      { deployment: '(unknown)', action: 'cancel', target: 'unknown preview', outcome: 'refused', reason: 'damaged button value', previewId: undefined },
    ]);
  });

  it('records a Cancel, and a Cancel of a preview already used as stale without showing the card again', async () => {
    const { airflow, sent, click, address, trail } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    const cancel = buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel);
    await click(ACTOR, ACTION_IDS.cancel, cancel);
    expect(sent[1]!.options.replaceOriginal).toBe(true);
    expect(JSON.stringify(sent[1]!.message.blocks)).toContain('Preview cancelled (nothing changed)');
    await click(ACTOR, ACTION_IDS.cancel, cancel);
    expect(airflow.mutatingCalls).toEqual([]);
    expect(records(trail).slice(1)).toEqual([
      { action: 'clear', outcome: 'cancelled', reason: undefined, previewId: 'preview-1' },
      { action: 'clear', outcome: 'stale', reason: 'preview already used', previewId: 'preview-1' },
    ]);
    expect(sent[2]!.message.text).toBe('This preview was already confirmed or cancelled; nothing more changed.');
    expect(sent[2]!.options.replaceOriginal).toBe(false);
  });

  it('lets an expired preview be cancelled', async () => {
    const { sent, click, address, trail, advance } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    advance(15 * 60 * 1000);
    await click(ACTOR, ACTION_IDS.cancel, buttonValue(sent[0]!.message.blocks, ACTION_IDS.cancel));
    expect(records(trail).at(-1)).toMatchObject({ outcome: 'cancelled' });
    expect(sent[1]!.options.replaceOriginal).toBe(true);
  });

  it('records a note as attempted, then applied with its text, under its request id', async () => {
    const { submitNote, trail } = setUp();
    await submitNote(ACTOR, 'rerun after the fix', 'req-7');
    expect(trail.all()).toEqual([
      expect.objectContaining({ action: 'note', outcome: 'allowed', reason: 'confirmed', requestId: 'req-7', target: TARGET }),
      expect.objectContaining({ action: 'note', outcome: 'applied', reason: 'rerun after the fix (@alice from Slack)', requestId: 'req-7', target: TARGET }),
    ]);
  });

  it('refuses a note when only other people’s text fills the note, records it, and writes nothing', async () => {
    const { airflow, sent, submitNote, ti, trail } = setUp();
    airflow.stored(ti).note = 'p'.repeat(1000);
    await submitNote(ACTOR, 'one more', 'req-1');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[0]!.message.text).toBe(
      ":warning: The note on transform is full: Airflow keeps 1000 characters, and what is there is other people's text and the last action's line, which the bot never removes for a note. Nothing was changed: shorten your note, or tidy the note in Airflow.",
    );
    expect(trail.all().at(-1)).toMatchObject({ action: 'note', outcome: 'refused', reason: 'note full' });
  });

  it('records a note Airflow refused as failed', async () => {
    const { airflow, submitNote, trail } = setUp();
    airflow.setNote = async () => {
      throw new BotError('unavailable', 'Airflow is down');
    };
    await submitNote(ACTOR, 'hello', 'req-1');
    expect(trail.all().at(-1)).toMatchObject({ action: 'note', outcome: 'failed' });
  });

  it('refuses a blank note, and signs a note with the user mention when Slack gave no name', async () => {
    const { airflow, sent, submitNote, ti, deps, address } = setUp();
    await submitNote(ACTOR, '   ', 'req-1');
    expect(airflow.mutatingCalls).toEqual([]);
    expect(sent[0]!.message.text).toBe(':warning: A note from Slack needs 1 to 980 characters. Nothing was changed.');
    await runJob({ kind: 'note_submitted', address, note: 'from a mention', slack: { userId: ACTOR, teamId: 'T0000001', isEphemeral: true }, requestId: 'req-2' }, deps);
    expect(airflow.stored(ti).note).toBe(`from a mention (<@${ACTOR}> from Slack)`);
  });
});

describe('mutations typed as commands', () => {
  const typed = (ti: { dagId: string; runId: string; taskId: string }) => ({
    deployment: 'prod',
    dagId: ti.dagId,
    run: { kind: 'id' as const, runId: ti.runId },
    taskId: ti.taskId,
    mapIndex: -1,
  });
  const slack = { userId: ACTOR, userName: 'alice', teamId: 'T0000001', channelId: 'C0000001', isEphemeral: false };

  it('previews a typed mark with its options, in place unless shared', async () => {
    const { deps, sent, ti } = setUp();
    const command = { name: 'mark' as const, target: typed(ti), newState: 'failed' as const, includeUpstream: true, includeDownstream: true, share: false };
    await runJob({ kind: 'command', command, slack }, deps);
    expect((await deps.previews.get('preview-1'))?.action).toEqual({ kind: 'set_state', newState: 'failed', includeUpstream: true, includeDownstream: true });
    expect(sent[0]!.options).toEqual({ replaceOriginal: true, share: false });
  });

  it('previews a typed clear without upstream, shared in the channel when asked', async () => {
    const { deps, sent, ti } = setUp();
    const command = { name: 'clear' as const, target: typed(ti), includeDownstream: true, share: true };
    await runJob({ kind: 'command', command, slack }, deps);
    expect((await deps.previews.get('preview-1'))?.action).toEqual({ kind: 'clear', includeUpstream: false, includeDownstream: true });
    expect(sent[0]!.options).toEqual({ replaceOriginal: false, share: true });
  });

  it('writes a typed note, shared or in place', async () => {
    const { deps, sent, ti, airflow } = setUp();
    await runJob({ kind: 'command', command: { name: 'note', target: typed(ti), text: 'looked at it', share: true }, slack, requestId: 'req-1' }, deps);
    expect(airflow.stored(ti).note).toBe('looked at it (@alice from Slack)');
    expect(sent[0]!.options).toEqual({ replaceOriginal: false, share: true });
  });

  it('keeps a preview made without a workspace valid from any workspace', async () => {
    const { deps, sent, ti, airflow } = setUp();
    const command = { name: 'clear' as const, target: typed(ti), includeDownstream: false, share: false };
    await runJob({ kind: 'command', command, slack: { userId: ACTOR, isEphemeral: true } }, deps);
    expect(await deps.previews.get('preview-1')).not.toHaveProperty('teamId');
    await runJob({ kind: 'button', actionId: ACTION_IDS.confirm, value: buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm), slack }, deps);
    expect(airflow.calls.filter((c) => c.method === 'applyAction')).toHaveLength(1);
  });
});

describe('listeners of applied changes', () => {
  it('hear of each applied change once, and a failing listener does not undo or hide it', async () => {
    const { deps, sent, click, address, ti, airflow } = setUp();
    const heard: unknown[] = [];
    deps.listeners = [
      async (change) => {
        heard.push(change);
        throw new Error('listener down');
      },
    ];
    await click(ACTOR, ACTION_IDS.markSuccess, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    const ref = { dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: -1 };
    expect(heard).toEqual([
      {
        actor: expect.objectContaining({ kind: 'slack', userId: ACTOR }),
        deployment: 'prod',
        target: ref,
        change: { kind: 'mark', state: 'success', upstream: false, downstream: false },
        verb: 'Marked success',
        changed: [ref],
      },
    ]);
    expect(airflow.stored(ti).state).toBe('success');
    expect(sent.at(-1)!.message.text).toBe(`<@${ACTOR}> marked 1 task instance success.`);
  });
});

describe('notes and clears, in detail', () => {
  it('signs the audit note of a clear with "Cleared"', async () => {
    const { airflow, sent, click, address, ti } = setUp();
    await click(ACTOR, ACTION_IDS.clear, encodeAddress(address));
    await click(ACTOR, ACTION_IDS.confirm, buttonValue(sent[0]!.message.blocks, ACTION_IDS.confirm));
    expect(airflow.stored(ti).note).toBe('🤖 Cleared by @alice from Slack (2026-11-23 09:00 UTC)');
  });

  it('records why a reader was refused', async () => {
    const { click, address, trail } = setUp();
    await click(READER, ACTION_IDS.clear, encodeAddress(address));
    expect(trail.all()).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'not an actor of this deployment' })]);
  });

  it('answers a note saved from a list beside the list, says so in the thread, and shows "Note added" on the card', async () => {
    const { sent, threads, deps, address } = setUp();
    await runJob(
      { kind: 'note_submitted', address, note: 'hello', slack: { userId: ACTOR, userName: 'alice', teamId: 'T0000001', isEphemeral: true, fromList: true }, requestId: 'req-1' },
      deps,
    );
    expect(sent[0]!.options.replaceOriginal).toBe(false);
    expect(JSON.stringify(sent[0]!.message.blocks)).toContain('Note added');
    expect(threads).toEqual([`<@${ACTOR}> added a note to transform.`]);
  });

  it('writes every typed note that has no request id, and records none', async () => {
    const { airflow, deps, ti, trail } = setUp();
    const target = { deployment: 'prod', dagId: ti.dagId, run: { kind: 'id' as const, runId: ti.runId }, taskId: ti.taskId, mapIndex: -1 };
    const slack = { userId: ACTOR, userName: 'alice', teamId: 'T0000001', isEphemeral: true };
    await runJob({ kind: 'command', command: { name: 'note', target, text: 'first', share: false }, slack }, deps);
    await runJob({ kind: 'command', command: { name: 'note', target, text: 'second', share: false }, slack }, deps);
    expect(airflow.stored(ti).note).toBe('first (@alice from Slack)\nsecond (@alice from Slack)');
    expect(trail.all().every((record) => !('requestId' in record))).toBe(true);
  });

  it('accepts a note that is exactly 1000 characters once signed', async () => {
    const { airflow, submitNote, ti } = setUp();
    await submitNote(ACTOR, 'x'.repeat(980), 'req-1');
    expect(airflow.stored(ti).note).toBe(`${'x'.repeat(980)} (@alice from Slack)`);
  });
});
