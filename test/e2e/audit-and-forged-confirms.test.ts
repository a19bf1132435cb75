import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { auditSubject } from '../../src/audit/audit-trail';
import { BOT_TABLES } from '../../local/local-dynamodb';
import { LOCAL_SIGNING_SECRET } from '../../local/local-settings';
import type { LocalStack } from '../../local/local-stack';
import { runCli } from '../../local/slack-cli/run-cli';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { buttonValue } from '../helpers/find-button';
import { signedBlockActionsEvent } from '../helpers/slack-requests';
import { cliDepsFor, startTestStack } from './local-stack-fixture';

/**
 * Signed clicks over HTTP to the local stack (the real Slack-facing handler, the worker, the demo
 * Airflow 3, dynalite): Confirm values forged by someone who can sign requests (a signed value is
 * still input), and the card's Audit entry.
 */
describe('a signed Confirm whose value was not issued for it', () => {
  let stack: LocalStack;
  let close: () => Promise<void>;
  let directory: string;

  beforeAll(async () => {
    ({ stack, directory, close } = await startTestStack());
  });
  afterAll(() => close());

  async function postClick(value: string): Promise<number> {
    const event = signedBlockActionsEvent({
      signingSecret: LOCAL_SIGNING_SECRET,
      actionId: ACTION_IDS.confirm,
      text: 'Confirm',
      value,
      responseUrl: `${stack.standIn.url}response/forged`,
    });
    const response = await fetch(stack.slackEventsUrl, {
      method: 'POST',
      // Only what Slack itself sends; the transport adds the rest.
      headers: Object.fromEntries(
        Object.entries(event.headers)
          .filter(([name]) => name === 'content-type' || name.startsWith('x-slack-'))
          .map(([name, header]) => [name, String(header)]),
      ),
      body: event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : event.body,
    });
    return response.status;
  }

  async function refusals(): Promise<Record<string, unknown>[]> {
    const output = await DynamoDBDocumentClient.from(stack.dynamoDb.client).send(
      new QueryCommand({
        TableName: BOT_TABLES.audit.name,
        KeyConditionExpression: 'subject = :subject',
        ExpressionAttributeValues: { ':subject': auditSubject('(unknown)', 'unknown preview') },
        ConsistentRead: true,
      }),
    );
    return (output.Items ?? []).filter((record) => record.outcome === 'refused');
  }

  it.each([
    ['another task, another state and a preview id', (previewId: string, runId: string) =>
      JSON.stringify({ v: 1, d: 'demo-v2', g: 'etl_daily', r: runId, t: 'extract', m: -1, p: previewId, a: 'failed', u: 0, w: 1, s: 'success', e: 1 })],
    ['a preview the bot never issued', () => '0b6f7c1e-8a1d-4c5e-9f00-2f3d9d1c2a11'],
  ])('naming %s changes nothing in Airflow and is recorded as refused', async (_label, forge) => {
    const store = stack.airflowV2!.store;
    const runId = store.runs().filter((r) => r.dagId === 'etl_daily').sort((a, b) => b.runAfter - a.runAfter)[0]!.runId;
    const printed: string[] = [];
    const deps = cliDepsFor(stack, directory, printed);
    const settings = { waitSeconds: 10, json: false };
    expect(await runCli(deps, { kind: 'command', commandLine: '/airflow ti demo-v2 etl_daily latest transform', ...settings })).toBe(0);
    expect(await runCli(deps, { kind: 'click', button: 'Mark success', ...settings })).toBe(0);
    const preview = stack.standIn.messages.at(-1)!;
    const previewId = buttonValue(preview.blocks as unknown[], ACTION_IDS.confirm);
    const before = await refusals();

    const setState = jest.spyOn(store, 'setState');
    const setNote = jest.spyOn(store, 'setNote');
    const clear = jest.spyOn(store, 'clear');
    try {
      expect(await postClick(forge(previewId, runId))).toBe(200);
      // The worker runs in this process after the acknowledgement: wait for its refusal to be recorded.
      for (let i = 0; i < 100 && (await refusals()).length === before.length; i += 1) await new Promise((r) => setTimeout(r, 50));
      expect(setState.mock.calls.filter(([request]) => !request.dryRun)).toEqual([]);
      expect(clear.mock.calls.filter(([request]) => !request.dryRun)).toEqual([]);
      expect(setNote).not.toHaveBeenCalled();
    } finally {
      setState.mockRestore();
      setNote.mockRestore();
      clear.mockRestore();
    }
    const after = await refusals();
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((record) => !before.some((old) => old.id === record.id))).toMatchObject({
      userId: 'ULOCAL0001',
      action: 'confirm',
      outcome: 'refused',
    });
    expect(store.taskInstance('etl_daily', runId, 'extract')!.state).not.toBe('failed');
  });

  it('shows the task instance’s history when the card’s Audit entry is chosen', async () => {
    const printed: string[] = [];
    const deps = cliDepsFor(stack, directory, printed);
    const settings = { waitSeconds: 10, json: false };
    expect(await runCli(deps, { kind: 'command', commandLine: '/airflow ti demo-v2 etl_daily latest transform', ...settings })).toBe(0);
    expect(await runCli(deps, { kind: 'click', button: 'Mark success', ...settings })).toBe(0);
    expect(await runCli(deps, { kind: 'click', button: 'Confirm', ...settings })).toBe(0);
    printed.length = 0;
    expect(await runCli(deps, { kind: 'click', button: 'Audit', ...settings })).toBe(0);
    const output = printed.join('\n');
    expect(output).toContain('== Audit · transform ==');
    expect(output).toMatch(/:white_check_mark: .* @ULOCAL0001 \*mark_success\* applied — 1 task instance\(s\) changed/);
  });
});
