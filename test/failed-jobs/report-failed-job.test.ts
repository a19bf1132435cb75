import { startSlackStandIn, type SlackStandIn } from '../../local/slack-stand-in';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import type { WorkerJob } from '../../src/protocol/job';
import { failedJobsHandlerFromEnv } from '../../src/runtime/failed-jobs-from-env';
import { collectingLogger } from '../audit/collecting-logger';

const ADDRESS = { deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 };

/** The record Lambda sends an on-failure destination, around the job it could not finish. */
function failureRecord(job: unknown, condition = 'RetriesExhausted') {
  return {
    version: '1.0',
    timestamp: '2026-11-29T12:00:00.000Z',
    requestContext: {
      requestId: 'e4b46cbf-b738-4a5e-8880-a18cdf61200e',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:airflow-slack-ops-dev-worker:$LATEST',
      condition,
      approximateInvokeCount: 1,
    },
    requestPayload: job,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 300.00 seconds' },
  };
}

describe('the worker on-failure destination', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn({ botToken: 'xoxb-unused' });
  });
  afterAll(() => standIn.close());

  function setUp() {
    const { logger, lines } = collectingLogger();
    const handler = failedJobsHandlerFromEnv(
      { SLACK_SECRET_ID: 'slack/secret', SLACK_RESPONSE_URL_ORIGINS: new URL(standIn.url).origin },
      { logger },
    );
    const responseUrl = standIn.newResponseUrl({ channelId: 'CDEMO00001' });
    const slack = { userId: 'ULOCAL0001', channelId: 'CDEMO00001', responseUrl, isEphemeral: true };
    const posted = () => standIn.events.filter((e) => e.url === responseUrl).map((e) => e.body as { text: string; replace_original: boolean });
    return { handler, lines, slack, posted };
  }

  it('tells the clicker a "Look up in Airflow" that did not finish to try again, and sends nothing for an unfurl or a Home tab', async () => {
    const { handler, slack, posted, lines } = setUp();
    const link = { kind: 'dag' as const, url: 'https://airflow.example.com/dags/etl', deployment: 'prod', dagId: 'etl' };
    await handler(failureRecord({ kind: 'unfurl', links: [link], message: { channelId: 'CDEMO00001', ts: '1.2' }, slack: { ...slack, isEphemeral: false } } satisfies WorkerJob));
    await handler(failureRecord({ kind: 'home', slack } satisfies WorkerJob));
    expect(posted()).toEqual([]);
    expect(lines.filter((line) => line.msg === 'a worker job did not finish').map((line) => line.job)).toEqual(['unfurl', 'home']);

    await handler(failureRecord({ kind: 'lookup', link, slack } satisfies WorkerJob));
    expect(posted()).toEqual([
      expect.objectContaining({ replace_original: false, text: ':warning: The bot could not finish showing the card of your Airflow link. Nothing was changed: try again.' }),
    ]);
  });

  it('tells the user a Confirm that did not finish may have been applied, beside the card', async () => {
    const { handler, slack, posted } = setUp();
    const job: WorkerJob = { kind: 'button', actionId: ACTION_IDS.confirm, value: '{"v":1}', slack };
    await handler(failureRecord(job));
    expect(posted()).toEqual([
      expect.objectContaining({
        replace_original: false,
        text: ':warning: The bot stopped before it finished applying the confirmed change. It may have been applied: press Refresh on the card (or look in Airflow) before trying again.',
      }),
    ]);
  });

  it.each([
    ['a note from the modal', (slack: WorkerJob['slack']): WorkerJob => ({ kind: 'note_submitted', address: ADDRESS, note: 'x', slack }), 'adding your note to load'],
    [
      'a note command',
      (slack: WorkerJob['slack']): WorkerJob => ({
        kind: 'command',
        command: { name: 'note', share: false, text: 'x', target: { dagId: 'etl', run: { kind: 'latest' }, taskId: 'load', mapIndex: -1 } },
        slack,
      }),
      'your `/airflow note` request',
    ],
  ])('says %s may have been applied', async (_what, build, described) => {
    const { handler, slack, posted } = setUp();
    await handler(failureRecord(build(slack)));
    expect(posted().map((p) => p.text)).toEqual([
      `:warning: The bot stopped before it finished ${described}. It may have been applied: press Refresh on the card (or look in Airflow) before trying again.`,
    ]);
  });

  it('tells the user a read that did not finish changed nothing, in place of its "working…" reply', async () => {
    const { handler, slack, posted } = setUp();
    const job: WorkerJob = { kind: 'command', command: { name: 'failed', share: false }, slack };
    await handler(failureRecord(job));
    expect(posted()).toEqual([
      expect.objectContaining({ replace_original: true, text: ':warning: The bot could not finish your `/airflow failed` request. Nothing was changed: try again.' }),
    ]);
  });

  it.each([
    [ACTION_IDS.markSuccess, 'previewing Mark success'],
    [ACTION_IDS.refresh, 'refreshing the card'],
    [ACTION_IDS.cancel, 'cancelling the preview'],
  ])('says a %s click that did not finish changed nothing', async (actionId, described) => {
    const { handler, slack, posted } = setUp();
    await handler(failureRecord({ kind: 'button', actionId, value: '{}', slack }));
    expect(posted().map((p) => p.text)).toEqual([`:warning: The bot could not finish ${described}. Nothing was changed: try again.`]);
  });

  it('says a job that never started changed nothing, even a Confirm', async () => {
    const { handler, slack, posted } = setUp();
    await handler(failureRecord({ kind: 'button', actionId: ACTION_IDS.confirm, value: '{}', slack }, 'EventAgeExceeded'));
    expect(posted().map((p) => p.text)).toEqual([
      ':warning: The bot was too busy to start applying the confirmed change in time. Nothing was changed: try again.',
    ]);
  });

  it('logs the failure with its condition and error type, never the job', async () => {
    const { handler, slack, lines } = setUp();
    await handler(failureRecord({ kind: 'note_submitted', address: ADDRESS, note: 'private words', slack }));
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'a worker job did not finish', condition: 'RetriesExhausted', errorType: 'Sandbox.Timedout', job: 'note_submitted' }),
    );
    expect(JSON.stringify(lines)).not.toContain('private words');
    expect(JSON.stringify(lines)).not.toContain(slack.responseUrl);
  });

  it('posts nothing for a record that is not one, or a job it cannot read, and does not throw', async () => {
    const { handler, slack, posted, lines } = setUp();
    await handler({ hello: 'world' });
    await handler(failureRecord({ kind: 'button', actionId: 'ti_drop', value: '', slack }));
    expect(posted()).toEqual([]);
    expect(lines.map((l) => l.msg)).toEqual([
      'on-failure destination invoked with something that is not a Lambda failure record',
      'a worker job failed, and it cannot be read to tell its user',
    ]);
  });

  it("posts nothing to a response URL that is not on Slack's hosts", async () => {
    const { handler, lines } = setUp();
    const seen: string[] = [];
    const strict = failedJobsHandlerFromEnv({ SLACK_SECRET_ID: 'slack/secret' }, {
      logger: collectingLogger().logger,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('ok');
      },
    });
    const job = { kind: 'button', actionId: ACTION_IDS.confirm, value: '{}', slack: { userId: 'U1', responseUrl: 'https://attacker.example/x', isEphemeral: true } };
    await strict(failureRecord(job));
    await handler(failureRecord(job));
    expect(seen).toEqual([]);
    expect(lines.map((l) => l.msg)).toContain('could not tell the user that their request did not finish');
  });
});
