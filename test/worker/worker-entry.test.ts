import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import { createAccessControl } from '../../src/access/access-control';
import { parseDeployments } from '../../src/config/parse-deployments';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { runWorkerJob } from '../../src/worker/run-job';
import type { ReplyMessage, SlackReplies } from '../../src/slack-replies/slack-replies';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient, failedTaskInstance } from '../helpers/fake-airflow-client';

const SLACK = { userId: 'U1', channelId: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/1/secret', isEphemeral: true };

function setUp() {
  const ti = failedTaskInstance();
  const airflow = new FakeAirflowClient('prod', [ti]);
  const sent: ReplyMessage[] = [];
  const replies: SlackReplies = {
    reply: async (_ctx, message) => void sent.push(message),
    postInThread: async () => false,
    uploadFile: async () => {
      throw new Error('no uploads here');
    },
  };
  const { logger, lines } = collectingLogger();
  const deps: WorkerDeps = {
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
  };
  return { airflow, sent, lines, deps, ti };
}

describe('the worker entry', () => {
  it('runs a job that validates', async () => {
    const { airflow, sent, deps, ti } = setUp();
    const job = {
      kind: 'command',
      command: { name: 'ti', share: false, target: { deployment: 'prod', dagId: ti.dagId, run: { kind: 'id', runId: ti.runId }, taskId: ti.taskId, mapIndex: -1 } },
      slack: SLACK,
    };
    await runWorkerJob(job, deps);
    expect(airflow.calls.length).toBeGreaterThan(0);
    expect(sent).toHaveLength(1);
  });

  it('runs nothing for a job that does not validate, tells the user, and logs the field but not the job', async () => {
    const { airflow, sent, lines, deps } = setUp();
    const job = { kind: 'button', actionId: 'ti_drop_table', value: 'private words', slack: SLACK };
    await runWorkerJob(job, deps);
    expect(airflow.calls).toEqual([]);
    expect(sent.map((m) => m.text)).toEqual([
      ':warning: The bot could not read this request (it may come from an older version of the bot). Nothing was changed: try again.',
    ]);
    const refused = lines.find((line) => line.msg === 'worker job refused: it does not validate');
    expect(refused).toMatchObject({ details: { field: 'actionId' } });
    expect(JSON.stringify(lines)).not.toContain('private words');
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('runs nothing and sends nothing for a job with no readable Slack context', async () => {
    const { airflow, sent, lines, deps } = setUp();
    await runWorkerJob({ kind: 'command', command: { name: 'deployments', share: false } }, deps);
    expect(airflow.calls).toEqual([]);
    expect(sent).toEqual([]);
    expect(lines.map((line) => line.msg)).toContain('worker job refused: it does not validate');
  });
});
