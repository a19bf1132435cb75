import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCliState } from '../../../local/slack-cli/cli-state';
import type { CliRequest } from '../../../local/slack-cli/parse-args';
import { runCli, type CliDeps } from '../../../local/slack-cli/run-cli';
import { startSlackStandIn, type SlackStandIn } from '../../../local/slack-stand-in';
import { ALERT, FakeBot } from './fake-bot';

const SIGNING_SECRET = 'local-signing-secret';
const BOT_TOKEN = 'xoxb-local-bot-token';

const command = (commandLine: string, extra: Partial<CliRequest> = {}): CliRequest =>
  ({ kind: 'command', commandLine, waitSeconds: 5, json: false, ...extra }) as CliRequest;
const click = (button: string): CliRequest => ({ kind: 'click', button, waitSeconds: 5, json: false });
const clickOn = (message: string, button: string, user?: string): CliRequest =>
  ({ kind: 'click', button, message, waitSeconds: 5, json: false, ...(user === undefined ? {} : { user }) }) as CliRequest;
const submit = (text: string): CliRequest => ({ kind: 'submit', text, waitSeconds: 5, json: false });

/** A loopback port nothing listens on: taken, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm run slack against a local bot and the Slack stand-in', () => {
  let slack: SlackStandIn;
  let bot: FakeBot;
  let dir: string;
  let printed: string[];
  let deps: CliDeps;

  beforeEach(async () => {
    slack = await startSlackStandIn({ botToken: BOT_TOKEN });
    bot = new FakeBot(SIGNING_SECRET, slack.apiUrl, BOT_TOKEN);
    await bot.start();
    dir = await mkdtemp(join(tmpdir(), 'slack-cli-'));
    printed = [];
    deps = {
      fetch,
      print: (text) => printed.push(text),
      botUrl: bot.url,
      standInUrl: slack.url,
      signingSecret: SIGNING_SECRET,
      stateFile: join(dir, '.local', 'slack-cli-state.json'),
      clock: Date.now,
      sleep: (ms) => sleep(ms),
      pollMs: 10,
      quietMs: 100,
    };
  });

  afterEach(async () => {
    await bot.stop();
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a slash command, prints the working reply, then the answer that replaces it', async () => {
    const code = await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));

    expect(code).toBe(0);
    expect(printed).toEqual([
      'alice in #data-oncall: /airflow ti demo-v2 etl_daily latest transform',
      '→ HTTP 200\n:hourglass_flowing_sand: Looking up etl_daily / transform…',
      '← response_url (replaces the original, only you)\n== transform failed ==\n*failed* on try 2 of 3\n[ View logs ]  [ Mark success ]  [ Add note ]',
    ]);
    expect(bot.received[0]).toMatchObject({ command: '/airflow', text: 'ti demo-v2 etl_daily latest transform', user_id: 'ULOCAL0001' });
    expect((await readCliState(deps.stateFile)).lastMessage).toMatchObject({ id: 'M000001', text: 'transform failed', ephemeral: true });
  });

  it('assumes the local slash command when the line does not start with one', async () => {
    await runCli(deps, command('ti demo-v2 etl_daily latest transform'));

    expect(bot.received[0]).toMatchObject({ command: '/airflow', text: 'ti demo-v2 etl_daily latest transform' });
  });

  it('clicks through a preview to Confirm on the same message', async () => {
    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));
    printed = [];

    const previewCode = await runCli(deps, click('mark success'));
    const confirmCode = await runCli(deps, click('Confirm'));

    expect([previewCode, confirmCode]).toEqual([0, 0]);
    expect(printed).toEqual([
      'alice clicks [ Mark success ]',
      '→ HTTP 200 (acknowledged)',
      '← response_url (replaces the original, only you)\nMark *transform* success? 1 task instance changes.\n[ Confirm ]  [ Cancel ]',
      'alice clicks [ Confirm ]',
      '→ HTTP 200 (acknowledged)',
      '← response_url (replaces the original, only you)\nMarked transform success.',
    ]);
    expect(bot.received[1]).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', channel_id: 'CDEMO00001', is_ephemeral: true },
      actions: [{ type: 'button', action_id: 'ti_mark_success', text: { type: 'plain_text', text: 'Mark success', emoji: true } }],
    });
    expect(slack.messages.map((m) => [m.id, m.text])).toEqual([['M000001', 'Marked transform success.']]);
  });

  it('opens a modal with a click and submits it with --submit', async () => {
    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));
    await runCli(deps, click('3'));
    printed = [];

    const code = await runCli(deps, submit('Re-ran after the upstream fix'));

    expect(code).toBe(0);
    expect(printed).toEqual([
      'alice submits the modal with: Re-ran after the upstream fix',
      '→ HTTP 200 (acknowledged)',
      '← chat.postMessage in CDEMO00001\nalice added a note: Re-ran after the upstream fix',
    ]);
    expect(bot.received[2]).toMatchObject({
      type: 'view_submission',
      view: {
        id: 'VLOCAL00001',
        callback_id: 'ti_note_modal',
        private_metadata: '{"t":"transform"}',
        state: { values: { ti_note: { ti_note_text: { type: 'plain_text_input', value: 'Re-ran after the upstream fix' } } } },
      },
    });
    expect((await readCliState(deps.stateFile)).lastView).toBeUndefined();
  });

  it('prints the modal a click opens', async () => {
    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));
    printed = [];

    await runCli(deps, click('Add note'));

    expect(printed.at(-1)).toBe('← views.open\n┌ Add note\n│ Note: [ … ]\n└ [ Save ]');
  });

  it('prints raw JSON with --json', async () => {
    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform', { json: true }));

    expect(printed).toHaveLength(2);
    expect(JSON.parse(printed[0]!)).toEqual({
      status: 200,
      body: JSON.stringify({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Looking up etl_daily / transform…' }),
    });
    expect(JSON.parse(printed[1]!)).toMatchObject({ seq: 1, kind: 'response_url', body: { replace_original: true, text: 'transform failed' } });
  });

  it('says when only a working reply came within the wait, and exits 1', async () => {
    bot.silent = true;

    const code = await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform', { waitSeconds: 0.2 }));

    expect(code).toBe(1);
    expect(printed.at(-1)).toBe('No answer within 0.2 s.');
  });

  it('reports a request the bot refuses, such as one signed with another secret', async () => {
    const code = await runCli({ ...deps, signingSecret: 'another-secret' }, command('/airflow help'));

    expect(code).toBe(1);
    expect(printed.slice(1)).toEqual(['→ HTTP 401 (acknowledged)', 'The bot refused the request (HTTP 401).']);
    expect(bot.received).toEqual([]);
  });

  it('refuses to click before any reply, and names the buttons when the label is unknown', async () => {
    expect(await runCli(deps, click('Confirm'))).toBe(2);
    expect(printed).toEqual(['Nothing to click yet: send a command first, such as npm run slack -- "/airflow help".']);

    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));
    printed = [];

    expect(await runCli(deps, click('Confirm'))).toBe(2);
    expect(printed).toEqual(['No button "Confirm" on the last reply. Its buttons: [ View logs ]  [ Mark success ]  [ Add note ]']);
    expect(bot.received).toHaveLength(1);
  });

  /** Posts a message in the channel as the bot does (an alert from the watcher); its ts. */
  async function postInChannel(message: { text: string; blocks?: unknown[] }, threadTs?: string): Promise<string> {
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'CDEMO00001', ...message, ...(threadTs === undefined ? {} : { thread_ts: threadTs }) }),
    });
    return ((await response.json()) as { ts: string }).ts;
  }

  it('clicks Acknowledge on the newest top-level message of the channel with --message latest', async () => {
    const older = await postInChannel({ text: 'an older alert', blocks: ALERT.blocks });
    const newest = await postInChannel(ALERT);
    await postInChannel({ text: 'a thread line' }, newest);

    const code = await runCli(deps, clickOn('latest', 'Acknowledge'));

    expect(code).toBe(0);
    expect(printed[0]).toBe(`alice clicks [ Acknowledge ] on message ${newest}`);
    expect(bot.received[0]).toMatchObject({
      type: 'block_actions',
      user: { id: 'ULOCAL0001' },
      container: { type: 'message', message_ts: newest, channel_id: 'CDEMO00001', is_ephemeral: false },
      message: { ts: newest, text: 'etl_daily failed' },
      actions: [{ type: 'button', action_id: 'ti_acknowledge', text: { text: 'Acknowledge' } }],
    });
    const messages = slack.messages;
    expect(messages.find((m) => m.ts === newest)?.text).toBe('etl_daily failed · acknowledged by <@ULOCAL0001>');
    expect(messages.find((m) => m.ts === older)?.text).toBe('an older alert');
  });

  it('clicks a message by its ts, as another user with --user', async () => {
    const older = await postInChannel(ALERT);
    await postInChannel({ text: 'a newer one', blocks: ALERT.blocks });

    expect(await runCli(deps, clickOn(older, 'acknowledge', 'ULOCAL0002'))).toBe(0);

    expect(printed[0]).toBe(`bob clicks [ Acknowledge ] on message ${older}`);
    expect(bot.received[0]).toMatchObject({ user: { id: 'ULOCAL0002', name: 'bob' }, container: { message_ts: older } });
    expect(slack.messages.find((m) => m.ts === older)?.text).toBe('etl_daily failed · acknowledged by <@ULOCAL0002>');
  });

  it('clicks the newest top-level message holding the words given with --message <text>', async () => {
    const wanted = await postInChannel({ text: 'Waiting for an answer: Release 2026.12 to production?', blocks: ALERT.blocks });
    await postInChannel({ text: 'a newer one', blocks: ALERT.blocks });

    expect(await runCli(deps, clickOn('Release 2026.12', 'Acknowledge'))).toBe(0);
    expect(await runCli(deps, clickOn('Release 2027', 'Acknowledge'))).toBe(2);

    expect(printed[0]).toBe(`alice clicks [ Acknowledge ] on message ${wanted}`);
    expect(printed.at(-1)).toBe('No top-level message in #data-oncall says "Release 2027".');
    expect(bot.received).toHaveLength(1);
    expect(bot.received[0]).toMatchObject({ container: { message_ts: wanted } });
  });

  it('chooses an entry of an overflow menu: the action carries selected_option', async () => {
    await postInChannel(ALERT);

    expect(await runCli(deps, clickOn('latest', 'Snooze 4 hours'))).toBe(0);

    expect(bot.received[0]).toMatchObject({
      actions: [{ type: 'overflow', action_id: 'alert_snooze', block_id: 'alert_actions', selected_option: { text: { text: 'Snooze 4 hours' }, value: '{"d":"etl_daily","c":"4h"}' } }],
    });
    expect(printed.at(-1)).toContain('Snoozed ({"d":"etl_daily","c":"4h"}).');
  });

  it('says when the channel has no such message, or the message no such button', async () => {
    expect(await runCli(deps, clickOn('latest', 'Acknowledge'))).toBe(2);
    expect(printed).toEqual(['No message in #data-oncall yet: wait for an alert (the watcher posts them), or send a command.']);

    const ts = await postInChannel(ALERT);
    printed = [];
    expect(await runCli(deps, clickOn('1.000001', 'Acknowledge'))).toBe(2);
    expect(await runCli(deps, clickOn(ts, 'Retry'))).toBe(2);

    expect(printed).toEqual([
      'No top-level message 1.000001 in #data-oncall.',
      `No button "Retry" on message ${ts}. Its buttons: [ Acknowledge ]  [ Snooze 1 hour ]  [ Snooze 4 hours ]`,
    ]);
    expect(bot.received).toEqual([]);
  });

  it('sends a slash command as another user', async () => {
    await runCli(deps, command('/airflow digest', { user: 'ULOCAL0002' }));

    expect(printed[0]).toBe('bob in #data-oncall: /airflow digest');
    expect(bot.received[0]).toMatchObject({ user_id: 'ULOCAL0002', user_name: 'bob' });
  });

  it('refuses to submit when no modal is open', async () => {
    expect(await runCli(deps, submit('x'))).toBe(2);
    expect(printed).toEqual(['No modal is open: click a button that opens one first, such as --click "Add note".']);
  });

  it('says the bot is not running when nothing listens at its URL', async () => {
    const botUrl = `http://127.0.0.1:${await closedPort()}/slack/events`;

    const code = await runCli({ ...deps, botUrl }, command('/airflow help'));

    expect(code).toBe(1);
    expect(printed.at(-1)).toBe(`Error: The bot is not running at ${botUrl} (start it with npm start).`);
  });

  it('says the stand-in is not running when nothing listens at its URL', async () => {
    const standInUrl = `http://127.0.0.1:${await closedPort()}/`;

    const code = await runCli({ ...deps, standInUrl }, command('/airflow help'));

    expect(code).toBe(1);
    expect(printed).toEqual([`Error: The Slack stand-in is not running at ${standInUrl} (start everything with npm start).`]);
  });

  it('prints the help', async () => {
    expect(await runCli(deps, { kind: 'help' })).toBe(0);
    expect(printed[0]).toContain('npm run slack -- --click "<button label>"');
  });

  it('keeps the state file as readable JSON', async () => {
    await runCli(deps, command('/airflow ti demo-v2 etl_daily latest transform'));

    const text = await readFile(deps.stateFile, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['lastMessage']);
  });
});
