import { createAccessControl } from '../../src/access/access-control';
import type { AirflowClient } from '../../src/airflow/client';
import { createMemoryAuditTrail } from '../../src/audit/audit-trail-memory';
import { createMemoryNoteLease } from '../../src/changes/note-lease';
import { parseDeployments } from '../../src/config/parse-deployments';
import { BotError } from '../../src/errors';
import { createMemoryRunOnce } from '../../src/idempotency/run-once';
import { answerOptions } from '../../src/worker/commands/list-options';
import { createMemoryPreviewStore } from '../../src/worker/previews/preview-store-memory';
import type { WorkerDeps } from '../../src/worker/worker-deps';
import { collectingLogger } from '../audit/collecting-logger';
import { FakeAirflowClient } from '../helpers/fake-airflow-client';

/** Counts what the worker asks of Airflow for options. */
class CountingClient extends FakeAirflowClient {
  asked: string[] = [];
  failWith?: BotError;
  override async listDags() {
    this.asked.push('listDags');
    if (this.failWith) throw this.failWith;
    return [
      { dagId: 'etl_daily', isPaused: false },
      { dagId: 'old_etl', isPaused: true },
    ];
  }
}

function deps(client: AirflowClient): WorkerDeps {
  const { logger } = collectingLogger();
  return {
    registry: parseDeployments(
      [
        { name: 'prod', displayName: 'Production', apiUrl: 'https://prod.example.com', auth: 'bearer', secretId: 's/prod', readers: { users: ['U0READER1'] } },
      ],
      'test',
    ),
    airflow: { get: () => client },
    access: createAccessControl({ listUserGroupMembers: async () => [], logger }),
    replies: {
      reply: async () => {
        throw new Error('options are never replied');
      },
      postInThread: async () => true,
      uploadFile: async () => {
        throw new Error('no file is uploaded here');
      },
    },
    once: createMemoryRunOnce({ clock: () => 0 }),
    listeners: [],
    previews: createMemoryPreviewStore(),
    audit: createMemoryAuditTrail({ clock: () => 0, ttlDays: 400 }),
    noteLease: createMemoryNoteLease(() => 0),
    logger,
    clock: () => 0,
    slashCommand: '/airflow',
    newId: () => 'id',
  };
}

const dagsOf = (userId: string, deployment = 'prod') => ({ kind: 'options', query: { kind: 'dags', deployment }, requester: { userId } });

describe('answerOptions', () => {
  it('lists the DAGs with their paused flag for a reader', async () => {
    const client = new CountingClient('prod', []);

    expect(await answerOptions(dagsOf('U0READER1'), deps(client))).toEqual({
      kind: 'dags',
      dags: [
        { dagId: 'etl_daily', isPaused: false },
        { dagId: 'old_etl', isPaused: true },
      ],
    });
  });

  it('refuses someone who may not read the deployment, without asking Airflow', async () => {
    const client = new CountingClient('prod', []);

    expect(await answerOptions(dagsOf('U0OTHER01'), deps(client))).toEqual({ kind: 'refused', message: 'You may not read Production from Slack.' });
    expect(client.asked).toEqual([]);
  });

  it('refuses a deployment the registry does not have, and a request that is not one', async () => {
    const client = new CountingClient('prod', []);

    expect(await answerOptions(dagsOf('U0READER1', 'nope'), deps(client))).toEqual({ kind: 'refused', message: 'No deployment is named nope.' });
    expect(await answerOptions({ kind: 'options', query: { kind: 'dags' } }, deps(client))).toEqual({
      kind: 'refused',
      message: 'The bot could not read this request.',
    });
    expect(client.asked).toEqual([]);
  });

  it('answers Airflow’s failure as a refusal in a line, and hides set-up details', async () => {
    const client = new CountingClient('prod', []);
    client.failWith = new BotError('unavailable', 'prod: Airflow did not answer in 10 s');
    const down = await answerOptions(dagsOf('U0READER1'), deps(client));
    client.failWith = new BotError('credentials', 'secret s/prod has no token');
    const misconfigured = await answerOptions(dagsOf('U0READER1'), deps(client));

    expect(down).toEqual({ kind: 'refused', message: 'prod: Airflow did not answer in 10 s' });
    expect(misconfigured).toEqual({ kind: 'refused', message: 'The bot is not set up right for this deployment.' });
  });
});
