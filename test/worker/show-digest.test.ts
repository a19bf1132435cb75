import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { createAccessControl } from '../../src/access/access-control';
import type { AlertLog } from '../../src/alert-log/alert-log';
import type { AlertRecord } from '../../src/alert-log/alert-record';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import type { SlackRequestContext } from '../../src/protocol/job';
import type { ReplyMessage } from '../../src/slack-replies/slack-replies';
import { showDigest } from '../../src/worker/commands/show-digest';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const CTX: SlackRequestContext = { userId: 'U0000001', userName: 'alice', channelId: 'C0ALERTS1', responseUrl: 'http://127.0.0.1:9/r', isEphemeral: true };

function alert(deployment: string, runId: string): AlertRecord {
  return {
    pk: `alert#${deployment}#${runId}`,
    doc: {
      key: { deployment, dagId: 'etl', runId },
      channel: 'C0ALERTS1',
      deploymentDisplay: deployment.toUpperCase(),
      createdAt: NOW - 60_000,
      tasks: [{ taskId: 'load', mapIndex: -1, state: 'failed' }],
    },
  };
}

function deps(sent: ReplyMessage[], alertLog?: WorkerDeps['alertLog']): WorkerDeps {
  const { logger } = collectingLogger();
  return {
    registry: parseDeployments(
      [
        { name: 'prod', apiUrl: 'https://prod.example.com', auth: 'bearer', secretId: 's/prod' },
        // Only U0OTHER01 may read `secret`.
        { name: 'secret', apiUrl: 'https://secret.example.com', auth: 'bearer', secretId: 's/secret', readers: { users: ['U0OTHER01'] } },
      ],
      'test',
    ),
    airflow: {
      get: () => {
        throw new Error('the digest never asks Airflow');
      },
    },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    replies: {
      reply: async (_ctx, message) => {
        sent.push(message);
      },
      postInThread: async () => true,
      uploadFile: async () => {
        throw new Error('no file is uploaded here');
      },
    },
    once: createMemoryRunOnce({ clock: () => NOW }),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail({ clock: () => NOW, ttlDays: 400 }),
    noteLease: createMemoryNoteLease(() => NOW),
    logger,
    clock: () => NOW,
    slashCommand: '/airflow',
    newId: () => 'id',
    ...(alertLog === undefined ? {} : { alertLog }),
  };
}

describe('showDigest', () => {
  it("answers with the channel's digest from the alert store, without the deployments the user may not read", async () => {
    const asked: string[] = [];
    const log: Pick<AlertLog, 'listChannel' | 'read'> = {
      listChannel: async (channel) => {
        asked.push(channel);
        return { pks: ['a', 'b'], notListed: 0 };
      },
      read: async () => [alert('prod', 'run_visible'), alert('secret', 'run_hidden')],
    };
    const sent: ReplyMessage[] = [];

    await showDigest({ name: 'digest', share: false }, CTX, deps(sent, log));

    expect(asked).toEqual(['C0ALERTS1']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe('Airflow digest: 1 run failed · 0 recovered · 1 still open · 0 acknowledged · 0 failures snoozed');
    expect(JSON.stringify(sent[0]!.blocks)).toContain('run_visible');
    expect(JSON.stringify(sent[0]!.blocks)).not.toContain('run_hidden');
  });

  it('says so when the bot keeps no alerts, or the command was not typed in a channel', async () => {
    const sent: ReplyMessage[] = [];
    await expect(showDigest({ name: 'digest', share: false }, CTX, deps(sent))).rejects.toThrow('no alert table is configured');
    const noChannel: SlackRequestContext = { userId: CTX.userId, isEphemeral: true };
    const log = { listChannel: async () => ({ pks: [], notListed: 0 }), read: async () => [] };
    await expect(showDigest({ name: 'digest', share: false }, noChannel, deps(sent, log))).rejects.toThrow('Type the digest command in the channel');
  });
});
