import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { alertItemKey, createDynamoDbAlertStore } from '../../src/alerts/alert-store';
import { processAlert, type AlertJob } from '../../src/alerts/process-alert';
import { failedTaskInstance } from '../helpers/fake-airflow-client';
import {
  ALERT_TABLE,
  alertMessages,
  blockText,
  failedTasks,
  newMessages,
  RUN_ID,
  startAlertHarness,
  T0,
  taskJob,
  threadLines,
  type AlertHarness,
} from './alert-harness';

/** DynamoDB's limit on one item. */
const ITEM_LIMIT = 400 * 1024;
/** What the alert state may use of it: half (the document and a full inbox at their bounds). */
const ITEM_BUDGET = ITEM_LIMIT / 2;

/**
 * An item's size as DynamoDB counts it: each attribute's name plus its value (strings and binary
 * by their bytes, numbers by their digits, lists and maps by their elements plus 3 bytes and 1 a
 * member, as the DynamoDB developer guide's "Item sizes" describes).
 */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, member) => sum + 1 + valueBytes(member), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [name, member]) => sum + 1 + Buffer.byteLength(name) + valueBytes(member), 0);
  throw new Error(`unmeasured attribute value ${JSON.stringify(value)}`);
}

function itemBytes(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueBytes(value), 0);
}

const RUNS = 5000;
/** `t04000_xxxx…`: 250 characters, Airflow's longest task id. */
const taskId = (index: number) => `t${String(index).padStart(5, '0')}_`.padEnd(250, 'x');

function runJob(webhookId: string): AlertJob {
  return {
    kind: 'alert',
    source: 'airflow-prod',
    webhookId,
    event: { version: 1, event: 'dag_run.failed', deployment: 'prod', dag_id: 'etl_daily', run_id: RUN_ID },
  };
}

describe('the alert of a run with thousands of failed task instances', () => {
  let harness: AlertHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('posts one alert for a failed run of 5,000 task instances with 250-character ids, folds later events, and keeps its item under 200 KB', async () => {
    const tis = Array.from({ length: RUNS }, (_, index) =>
      failedTaskInstance({ taskId: taskId(index), state: index % 2 === 0 ? 'failed' : 'upstream_failed', tryNumber: 1, maxTries: 2 }),
    );
    harness = await startAlertHarness(tis);
    const { deps, slack, airflow, dynamo } = harness;
    const sizes: Record<string, number> = {};
    const itemNow = async () => {
      const { Item } = await dynamo.client.send(
        new GetItemCommand({ TableName: ALERT_TABLE, Key: { pk: { S: alertItemKey({ deployment: 'prod', dagId: 'etl_daily', runId: RUN_ID }) } }, ConsistentRead: true }),
      );
      return itemBytes(Item!);
    };
    const measure = async (step: string) => {
      sizes[step] = await itemNow();
    };
    // The largest the item ever is: after each write, before and after each fold.
    let largest = 0;
    const { store } = deps;
    deps.store = {
      ...store,
      append: async (init, entry) => {
        const result = await store.append(init, entry);
        largest = Math.max(largest, await itemNow());
        return result;
      },
      recordRender: async (key, owner, shown) => {
        const result = await store.recordRender(key, owner, shown);
        largest = Math.max(largest, await itemNow());
        return result;
      },
    };

    await processAlert(runJob('msg_run'), deps);
    await measure('after dag_run.failed');
    // Later events: a retry of one the message lists, one it counts but does not list, and a
    // second report of the run.
    Object.assign(airflow.stored(tis[0]!), { state: 'success', tryNumber: 2 });
    await processAlert(taskJob(tis[0]!, 'task_instance.success', 'msg_listed'), deps);
    await measure('after a listed task recovers');
    Object.assign(airflow.stored(tis[4000]!), { state: 'success', tryNumber: 2 });
    await processAlert(taskJob(tis[4000]!, 'task_instance.success', 'msg_unlisted'), deps);
    await measure('after an unlisted task recovers');
    await processAlert(taskJob(tis[4000]!, 'task_instance.success', 'msg_unlisted_again'), deps);
    await processAlert(runJob('msg_run_again'), deps);
    await measure('after the run is reported again');

    sizes['largest after any write'] = largest;
    console.log(`alert item sizes for ${RUNS} failed task instances with 250-character ids (bytes): ${JSON.stringify(sizes)}`);
    expect(newMessages(slack)).toHaveLength(1);
    const [alert] = alertMessages(slack);
    expect(blockText(alert!)).toContain('4998 failing, 2 recovered · run failed');
    expect(blockText(alert!)).toContain('*Task instances* (5000)');
    expect(blockText(alert!)).toContain('…and 4950 more. The full list is in Airflow.');
    expect(threadLines(slack, alert!.ts)).toEqual([
      `\`${taskId(0).slice(0, 117)}…\` recovered: success on try 2, fixed by a retry.`,
      `\`${taskId(4000).slice(0, 117)}…\` recovered: success on try 2, fixed by a retry.`,
    ]);
    for (const size of Object.values(sizes)) expect(size).toBeLessThan(ITEM_BUDGET);
  }, 120_000);

  it('counts the failures after the 5,050 it follows, and folds a recovery of one of them', async () => {
    const tis = Array.from({ length: 6000 }, (_, index) => failedTaskInstance({ taskId: taskId(index), tryNumber: 1, maxTries: 2 }));
    harness = await startAlertHarness(tis);
    const { deps, slack, airflow } = harness;
    await processAlert(runJob('msg_run'), deps);
    const before = blockText(alertMessages(slack)[0]!);

    Object.assign(airflow.stored(tis[5999]!), { state: 'success', tryNumber: 2 });
    await processAlert(taskJob(tis[5999]!, 'task_instance.success', 'msg_counted'), deps);

    expect(before).toContain('6000 failing · run failed');
    expect(blockText(alertMessages(slack)[0]!)).toContain('5999 failing, 1 recovered · run failed');
  }, 120_000);

  it('folds a burst of events larger than the inbox into one alert: a full inbox is folded, not overfilled', async () => {
    const tis = failedTasks(1, 40);
    harness = await startAlertHarness(tis);
    const { deps, slack } = harness;
    deps.store = createDynamoDbAlertStore({ client: harness.dynamo.documents, tableName: ALERT_TABLE, clock: () => T0, maxInboxBytes: 2000 });

    await Promise.all(tis.map((ti, index) => processAlert(taskJob(ti, 'task_instance.failed', `msg_${index}`), deps)));

    expect(newMessages(slack)).toHaveLength(1);
    expect(blockText(alertMessages(slack)[0]!)).toContain('*Task instances* (40)');
  }, 120_000);
});
