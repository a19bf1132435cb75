import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { createAccessControl } from '../../src/access/access-control';
import { parseDeployments } from '../../src/config/parse-deployments';
import { encodeAddress } from '../../src/protocol/button-values';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import type { SlackRequestContext } from '../../src/protocol/job';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { runJob } from '../../src/worker/run-job';
import type { ReplyMessage, SlackReplies } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

/**
 * The worker asks the permission check with the request's channel and workspace: a deployment
 * whose actors are a channel lets anyone in that channel of the served workspace act, and nobody else.
 */
function setUp() {
  const ti = failedTaskInstance();
  const airflow = new FakeAirflowClient('prod', [ti]);
  const registry = parseDeployments(
    [{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod', actors: { channels: ['C0PS00001'] } }],
    'test',
  );
  const sent: ReplyMessage[] = [];
  const replies: SlackReplies = {
    reply: async (_ctx, message) => {
      sent.push(message);
    },
    postInThread: async () => false,
    uploadFile: async () => {
      throw new Error('no uploads here');
    },
  };
  const { logger } = collectingLogger();
  const deps: WorkerDeps = {
    registry,
    airflow: { get: () => airflow },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger, teamIds: ['THOME0001'] }),
    replies,
    once: createMemoryRunOnce(),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail({ ttlDays: 400 }),
    noteLease: createMemoryNoteLease(),
    logger,
    clock: () => Date.parse('2026-11-23T09:00:00Z'),
    slashCommand: '/airflow',
    newId: () => 'preview-1',
  };
  const value = encodeAddress({ deployment: 'prod', dagId: ti.dagId, runId: ti.runId, taskId: ti.taskId, mapIndex: -1 });
  const click = (slack: Partial<SlackRequestContext>) =>
    runJob({ kind: 'button', actionId: ACTION_IDS.markSuccess, value, slack: { userId: 'U_ANYONE', isEphemeral: true, responseUrl: 'https://hooks.slack.com/a', ...slack } }, deps);
  return { airflow, sent, click };
}

describe('the worker permission check', () => {
  it('lets anyone in an actor channel of the served workspace preview a change', async () => {
    const { sent, click } = setUp();
    await click({ channelId: 'C0PS00001', teamId: 'THOME0001' });
    expect(sent.map((m) => m.text)).toEqual(['Mark success: 1 task instance will change. Confirm or cancel.']);
  });

  it.each([
    ['from another channel', { channelId: 'C0THER0001', teamId: 'THOME0001' }],
    ['from the same channel id in another workspace', { channelId: 'C0PS00001', teamId: 'TOTHER0001' }],
    ['naming no channel', { teamId: 'THOME0001' }],
  ])('refuses the same user %s, and asks Airflow nothing', async (_where, slack) => {
    const { airflow, sent, click } = setUp();
    await click(slack);
    expect(sent.map((m) => m.text)).toEqual([':warning: You may not change task instances in prod. Nothing was changed.']);
    expect(airflow.calls.map((c) => c.method)).not.toContain('previewAction');
  });
});
