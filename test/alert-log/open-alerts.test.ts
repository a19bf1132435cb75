import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbAlertLog } from '../../src/alert-log/alert-log';
import { loadOpenAlerts } from '../../src/alert-log/open-alerts';
import { BOT_TABLES, useLocalDynamoDb } from '../helpers/local-dynamodb';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
const HOUR = 3_600_000;
const db = useLocalDynamoDb();
const table = BOT_TABLES.alerts.name;

const log = () => createDynamoDbAlertLog({ client: db.documents, tableName: table, clock: () => T0 });

/** An alert as the alert feature stores it, listed under its channel's day as when it was posted. */
async function posted(pk: string, doc: { deployment: string; runId: string; channel: string; createdAt: number; resolvedAt?: number; acknowledged?: boolean }) {
  const stored = {
    key: { deployment: doc.deployment, dagId: 'etl', runId: doc.runId },
    channel: doc.channel,
    deploymentDisplay: doc.deployment.toUpperCase(),
    createdAt: doc.createdAt,
    ...(doc.resolvedAt === undefined ? {} : { resolvedAt: doc.resolvedAt }),
    tasks: [
      { taskId: 'load', mapIndex: -1, state: 'failed' },
      { taskId: 'check', mapIndex: -1, state: 'upstream_failed' },
      { taskId: 'extract', mapIndex: -1, state: 'success', fixedBy: 'a retry' },
    ],
    ...(doc.acknowledged ? { acknowledgements: [{ userId: 'U1', at: doc.createdAt }] } : {}),
  };
  await db.documents.send(new PutCommand({ TableName: table, Item: { pk, doc: JSON.stringify(stored), expiresAt: Math.ceil(T0 / 1000) + 86_400 } }));
  await log().recordPosted({ pk, channel: doc.channel, at: doc.createdAt });
}

describe('loadOpenAlerts', () => {
  beforeAll(async () => {
    await posted('alert#open-prod', { deployment: 'prod', runId: 'r2', channel: 'COPEN1', createdAt: T0 - 2 * HOUR, acknowledged: true });
    await posted('alert#open-prod-routed', { deployment: 'prod', runId: 'r1', channel: 'COPEN2', createdAt: T0 - 30 * HOUR });
    await posted('alert#resolved-prod', { deployment: 'prod', runId: 'r3', channel: 'COPEN1', createdAt: T0 - 3 * HOUR, resolvedAt: T0 - HOUR });
    await posted('alert#open-secret', { deployment: 'secret', runId: 'r4', channel: 'COPEN1', createdAt: T0 - HOUR });
    await posted('alert#too-old', { deployment: 'prod', runId: 'r0', channel: 'COPEN1', createdAt: T0 - 80 * HOUR });
  });

  const prod = { name: 'prod', defaultChannels: ['COPEN1'], alertRoutes: [{ dags: 'etl*', channel: 'COPEN2' }] };

  it('lists the unresolved alerts of the given deployments from their default and routed channels, oldest first', async () => {
    expect(await loadOpenAlerts(log(), [prod], T0)).toEqual([
      { deployment: 'prod', deploymentDisplay: 'PROD', dagId: 'etl', runId: 'r1', channel: 'COPEN2', createdAt: T0 - 30 * HOUR, failing: 2, acknowledged: false },
      { deployment: 'prod', deploymentDisplay: 'PROD', dagId: 'etl', runId: 'r2', channel: 'COPEN1', createdAt: T0 - 2 * HOUR, failing: 2, acknowledged: true },
    ]);
  });

  it("leaves out another deployment's alerts posted in the same channel, and lists none for no deployment", async () => {
    const runs = (await loadOpenAlerts(log(), [prod], T0)).map((alert) => alert.runId);
    expect(runs).not.toContain('r4');
    expect(await loadOpenAlerts(log(), [], T0)).toEqual([]);
  });

  it('reads nothing but the channel lists when no alert is listed', async () => {
    const reads: string[][] = [];
    const spy = { listChannel: log().listChannel, read: async (pks: readonly string[]) => (reads.push([...pks]), []) };
    expect(await loadOpenAlerts(spy, [{ name: 'quiet', defaultChannels: ['CQUIET'] }], T0)).toEqual([]);
    expect(reads).toEqual([]);
  });
});
