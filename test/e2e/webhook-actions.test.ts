import { LOCAL_WEBHOOK_SECRET } from '../../local/local-settings';
import type { LocalStack } from '../../local/local-stack';
import { signatureFor } from '../helpers/signed-webhook';
import { startTestStack } from './local-stack-fixture';

/** `POST /actions/{source}` as `npm start` serves it: real HTTP on loopback, the local DynamoDB engine. */
describe('webhook actions on the local stack', () => {
  let stack: LocalStack;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ stack, close } = await startTestStack());
  });
  afterAll(() => close());

  async function post(source: string, payload: unknown, id: string): Promise<{ status: number; body: unknown }> {
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(`${stack.actionsUrl}/${source}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureFor(LOCAL_WEBHOOK_SECRET, id, timestamp, body),
      },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  it('marks a task instance failed once from the demo source, with the audit note in the demo Airflow', async () => {
    const payload = { action: 'mark', deployment: 'demo-v1', dag_id: 'etl_daily', run: 'latest', task_id: 'extract', state: 'failed', confirm: true };
    const first = await post('demo', payload, 'msg_e2e_mark');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, changed: [{ task_id: 'extract', state_before: 'success' }] });
    const extract = stack.airflowV1!.store.taskInstances().filter((ti) => ti.dagId === 'etl_daily' && ti.taskId === 'extract' && ti.state === 'failed');
    expect(extract).toHaveLength(1);
    expect(extract[0]?.note).toMatch(/^🤖 Marked failed by source demo via webhook \(/);

    const again = await post('demo', payload, 'msg_e2e_mark');
    expect(again).toEqual(first);
  });

  it('refuses an unknown source with 401 JSON', async () => {
    const answer = await post('nobody', { action: 'lookup' }, 'msg_e2e_unknown');
    expect(answer).toEqual({ status: 401, body: { error: { code: 'unauthorized', message: 'The request is not signed by a known source.' } } });
  });
});
