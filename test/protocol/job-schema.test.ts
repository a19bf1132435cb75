import { parseCommand } from '../../src/slack/parse-command';
import { parseWorkerJob, readableSlackContext } from '../../src/protocol/job-schema';
import type { WorkerJob } from '../../src/protocol/job';
import { ACTION_IDS } from '../../src/protocol/interaction-types';
import { BotError } from '../../src/errors';

const SLACK = { userId: 'U1', userName: 'alice', teamId: 'T1', channelId: 'C1', responseUrl: 'https://hooks.slack.com/commands/T1/1/x', isEphemeral: true };
const ADDRESS = { deployment: 'prod', dagId: 'etl', runId: 'scheduled__2026-11-22T00:00:00+00:00', taskId: 'load', mapIndex: -1, tryNumber: 2 };
const CONTEXT = { deployments: ['prod'], uiLinks: [] };

/** As the job arrives in the worker: through JSON. */
function overTheWire(job: unknown): unknown {
  return JSON.parse(JSON.stringify(job));
}

function commandJob(text: string): Extract<WorkerJob, { kind: 'command' }> {
  const command = parseCommand(text, CONTEXT);
  if (command.name === 'usage') throw new Error(`not a command: ${text}`);
  return { kind: 'command', command, slack: SLACK, requestId: 'req-1' };
}

function refusal(input: unknown): BotError {
  try {
    parseWorkerJob(input);
  } catch (error) {
    if (error instanceof BotError) return error;
    throw error;
  }
  throw new Error('expected the job to be refused');
}

describe('parseWorkerJob', () => {
  it.each([
    'ti prod etl latest load',
    'ti prod etl 2026-11-22T06:00Z load:3',
    'runs prod etl 5',
    'failed prod',
    'failed',
    'logs prod etl manual__1 load try 2',
    'mark success prod etl latest load +downstream +upstream --share',
    'clear prod etl latest load +downstream',
    'note prod etl latest load looked at it & fixed <it>',
    'deployments',
  ])('reads back every command job the Slack-facing function sends (%s)', (text) => {
    const job = commandJob(text);
    expect(parseWorkerJob(overTheWire(job))).toEqual(job);
  });

  it('reads back a button job and a note job', () => {
    const button: WorkerJob = { kind: 'button', actionId: ACTION_IDS.confirm, value: '{"v":1}', slack: { ...SLACK, messageTs: '1700000000.000100', isEphemeral: false, fromList: true } };
    const note: WorkerJob = { kind: 'note_submitted', address: ADDRESS, note: 'rerun', slack: SLACK, requestId: 'r' };
    expect(parseWorkerJob(overTheWire(button))).toEqual(button);
    expect(parseWorkerJob(overTheWire(note))).toEqual(note);
  });

  const LINK = { kind: 'task_instance' as const, url: 'https://airflow.example.com/dags/etl/runs/r1/tasks/load', deployment: 'prod', dagId: 'etl', runId: 'r1', taskId: 'load', mapIndex: -1 };
  const UNFURL: WorkerJob = {
    kind: 'unfurl',
    links: [LINK, { kind: 'run', url: 'https://airflow.example.com/dags/etl/runs/r1', deployment: 'prod', dagId: 'etl', runId: 'r1' }, { kind: 'dag', url: 'https://airflow.example.com/dags/etl', deployment: 'prod', dagId: 'etl' }],
    message: { channelId: 'C1', ts: '1700000000.000100', unfurlId: 'C1.1700000000.000100.x', source: 'conversations_history' },
    slack: { userId: 'U1', teamId: 'T1', channelId: 'C1', isEphemeral: false },
  };

  it('reads back an unfurl (of a posted message or of one being written), a lookup and a home job', () => {
    const lookup: WorkerJob = { kind: 'lookup', link: LINK, slack: SLACK };
    const home: WorkerJob = { kind: 'home', slack: { userId: 'U1', teamId: 'T1', isEphemeral: true } };
    const composing: WorkerJob = { ...UNFURL, message: { channelId: 'COMPOSER', ts: 'U1-909b5454-75f8-4ac4-b325-1b40e230bbd8', unfurlId: 'u1', source: 'composer' } };
    for (const job of [UNFURL, composing, lookup, home]) expect(parseWorkerJob(overTheWire(job))).toEqual(job);
  });

  const ti = commandJob('ti prod etl latest load');

  it.each([
    ['not an object', 'hello', 'job'],
    ['null', null, 'job'],
    ['an unknown kind', { ...ti, kind: 'shell' }, 'kind'],
    ['an unknown field', { ...ti, extra: 1 }, 'job'],
    ['a `..` DAG id', { ...ti, command: { ...ti.command, target: { dagId: '..', run: { kind: 'latest' }, taskId: 'load', mapIndex: -1 } } }, 'command.target.dagId'],
    ['a `%2e%2e` run id', { ...ti, command: { ...ti.command, target: { dagId: 'etl', run: { kind: 'id', runId: '%2e%2e' }, taskId: 'load', mapIndex: -1 } } }, 'command.target.run.runId'],
    ['a date that is not one', { ...ti, command: { ...ti.command, target: { dagId: 'etl', run: { kind: 'date', date: 'yesterday' }, taskId: 'load', mapIndex: -1 } } }, 'command.target.run.date'],
    ['a missing Slack context', { kind: 'command', command: ti.command }, 'slack'],
    ['a response URL that is not a URL', { ...ti, slack: { ...SLACK, responseUrl: 'javascript:alert(1)' } }, 'slack.responseUrl'],
    ['a user id that is not Slack\'s', { ...ti, slack: { ...SLACK, userId: '<@U1>' } }, 'slack.userId'],
    ['an unknown button', { kind: 'button', actionId: 'ti_delete', value: '', slack: SLACK }, 'actionId'],
    ['a note longer than Airflow keeps', { kind: 'note_submitted', address: ADDRESS, note: 'n'.repeat(1001), slack: SLACK }, 'note'],
    ['an empty note', { kind: 'note_submitted', address: ADDRESS, note: '', slack: SLACK }, 'note'],
    ['an unfurl of no link', { ...UNFURL, links: [] }, 'links'],
    ['an unfurl of six links', { ...UNFURL, links: Array.from({ length: 6 }, () => LINK) }, 'links'],
    ['a `..` run id in a link', { ...UNFURL, links: [{ ...LINK, runId: '..' }] }, 'links.0.runId'],
    ['a link that is not a URL', { kind: 'lookup', link: { ...LINK, url: 'etl load' }, slack: SLACK }, 'link.url'],
    ['a link of an unknown kind', { kind: 'lookup', link: { ...LINK, kind: 'connection' }, slack: SLACK }, 'link.kind'],
    ['an unfurl with a message ts that is not one', { ...UNFURL, message: { channelId: 'C1', ts: '1.2 <x>' } }, 'message.ts'],
    ['an unfurl from an unknown source', { ...UNFURL, message: { ...(UNFURL as { message: object }).message, source: 'email' } }, 'message.source'],
    ['a home job with a field too many', { kind: 'home', slack: SLACK, view: {} }, 'job'],
    ['a `.` task id in a note\'s address', { kind: 'note_submitted', address: { ...ADDRESS, taskId: '.' }, note: 'x', slack: SLACK }, 'address.taskId'],
  ])('refuses %s, naming the field', (_what, input, field) => {
    const error = refusal(input);
    expect(error.kind).toBe('invalid');
    expect(error.userMessage).toBe('The bot could not read this request (it may come from an older version of the bot). Nothing was changed: try again.');
    expect(error.details.field).toBe(field);
  });
});

describe('readableSlackContext', () => {
  it('finds the Slack context of a job that does not validate otherwise', () => {
    expect(readableSlackContext({ kind: 'shell', slack: SLACK })).toEqual(SLACK);
  });

  it.each([[null], ['x'], [{}], [{ slack: { userId: 'U1' } }]])('finds none in %p', (input) => {
    expect(readableSlackContext(input)).toBeUndefined();
  });
});
