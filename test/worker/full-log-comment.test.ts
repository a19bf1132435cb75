import { createAccessControl } from '../../src/access/access-control';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { runWorkerJob } from '../../src/worker/run-job';
import type { SlackReplies } from '../../src/slack-replies/slack-replies';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

/** A run id Airflow allows (`manual__` and any text) that Slack would read as a channel-wide ping. */
const RUN_ID = 'manual__<!channel>&<https://x|y>';

describe('the Full log upload', () => {
  it('quotes the ids in its comment as text, so a run id never becomes a mention or a link', async () => {
    const ti = failedTaskInstance({ runId: RUN_ID, taskId: 'load', tryNumber: 1 });
    const airflow = new FakeAirflowClient('prod', [ti]);
    const comments: string[] = [];
    const replies: SlackReplies = {
      reply: async () => undefined,
      postInThread: async () => false,
      uploadFile: async (_ctx, file) => void comments.push(file.comment),
    };
    const { logger } = collectingLogger();
    const job = {
      kind: 'command',
      command: { name: 'logs', share: false, file: true, target: { deployment: 'prod', dagId: ti.dagId, run: { kind: 'id', runId: RUN_ID }, taskId: 'load', mapIndex: -1 } },
      slack: { userId: 'U1', channelId: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/1/secret', isEphemeral: true },
    };

    await runWorkerJob(job, {
      registry: parseDeployments([{ name: 'prod', apiUrl: 'https://airflow.example.com', auth: 'bearer', secretId: 'airflow/prod' }], 'test'),
      airflow: { get: () => airflow },
      access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
      replies,
      once: createMemoryRunOnce(),
      listeners: [],
      previews: createMemoryPreviewStore(),
      audit: createMemoryAuditTrail({ ttlDays: 400 }),
      noteLease: createMemoryNoteLease(),
      logger,
      clock: () => 0,
      slashCommand: '/airflow',
      newId: () => 'p1',
    });

    expect(comments).toEqual([
      'Full log of `load` (try 1) in `etl_daily` / `manual__&lt;!channel&gt;&amp;&lt;https://x|y&gt;`: 4 lines, secrets masked.',
    ]);
  });
});
