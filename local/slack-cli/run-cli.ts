import type { Clock } from '../../src/clock';
import { LOCAL_BOT_USER, LOCAL_SLASH_COMMAND } from '../local-settings';
import { buildBlockActionsBody } from './block-actions-body';
import { readCliState, writeCliState, type CliState, type RememberedMessage } from './cli-state';
import { describeEvent, describeImmediateReply } from './describe-event';
import { findButton, listButtons } from './find-button';
import { followReplies } from './follow-replies';
import { isRecord } from './is-record';
import type { CliRequest, FollowSettings } from './parse-args';
import { sendToBot, type BotReply } from './send-to-bot';
import { actionTs, identityOfUser, LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';
import { buildSlashCommandBody } from './slash-command-body';
import { createStandInClient, type StandInClient } from './stand-in-client';
import { buildViewSubmissionBody, fillFirstTextInput } from './view-submission-body';
import { hasMessageContent, isWorkingMessage } from './working-message';
import { CLI_HELP } from './help-text';
import { appHomeOpenedEvent, buildEventCallbackBody, linkSharedEvent } from './event-bodies';
import { currentValues, runSelect, runSuggest, selectFields } from './modal-fields';

/** What the CLI needs from the outside world. */
export interface CliDeps {
  fetch: typeof fetch;
  /** Writes one block of output (a line or several). */
  print: (text: string) => void;
  /** The bot's `POST /slack/events`. */
  botUrl: string;
  /** The Slack stand-in's base URL. */
  standInUrl: string;
  signingSecret: string;
  stateFile: string;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** How often the stand-in is polled; 100 ms by default. */
  pollMs?: number;
  /** How long to wait after the last event once answered; 1.5 s by default. */
  quietMs?: number;
  identity?: SlackIdentity;
}

/** Exit codes: done, no answer (or the bot refused), and a request that could not be sent. */
export const EXIT = { ok: 0, noAnswer: 1, usage: 2 } as const;

/**
 * Runs one CLI request and returns the process exit code. Nothing is thrown for the expected
 * failures (bot or stand-in not running, nothing to click): they are printed.
 */
export async function runCli(deps: CliDeps, request: CliRequest): Promise<number> {
  try {
    if (request.kind === 'help') {
      deps.print(CLI_HELP);
      return EXIT.ok;
    }
    const as = request.user === undefined ? deps : { ...deps, identity: identityOfUser(request.user) };
    switch (request.kind) {
      case 'command':
        return await runSlashCommand(as, request.commandLine, request);
      case 'click':
        return await runClick(as, request.button, request, request.message);
      case 'submit':
        return await runSubmit(as, request.text, request);
      case 'paste':
        return await runPaste(as, request.url, request);
      case 'home':
        return await runHome(as, request);
      case 'suggest':
        return await runSuggest(as, request.field, request.typed, request);
      case 'select':
        return await runSelect(as, request.field, request.option);
    }
  } catch (error) {
    deps.print(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.noAnswer;
  }
}

/** Sends `/airflow …` as Slack does and prints what comes back. */
export async function runSlashCommand(deps: CliDeps, commandLine: string, settings: FollowSettings): Promise<number> {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const { command, text } = splitCommandLine(commandLine);
  const standIn = createStandInClient(deps.standInUrl, deps.fetch);
  const responseUrl = await standIn.newResponseUrl({ channelId: identity.channel.id });
  const body = buildSlashCommandBody({ command, text, responseUrl, triggerId: await standIn.newTriggerId(), identity });
  if (!settings.json) deps.print(`${identity.user.name} in #${identity.channel.name}: ${command} ${text}`.trimEnd());
  return sendAndFollow(deps, standIn, body, settings, await readCliState(deps.stateFile));
}

/**
 * Clicks a button (or an overflow menu's entry) by label or 1-based position: on the last reply,
 * or with `messageTs` on a top-level message of the channel the stand-in holds (`latest`: the
 * newest, such as an alert the watcher just posted).
 */
export async function runClick(deps: CliDeps, labelOrIndex: string, settings: FollowSettings, messageTs?: string): Promise<number> {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const state = await readCliState(deps.stateFile);
  const standIn = createStandInClient(deps.standInUrl, deps.fetch);
  const message = messageTs === undefined ? state.lastMessage : await channelMessage(standIn, identity.channel.id, messageTs);
  const which = messageTs === undefined ? 'the last reply' : `message ${message?.ts ?? messageTs}`;
  if (message === undefined) {
    deps.print(
      messageTs === undefined
        ? 'Nothing to click yet: send a command first, such as npm run slack -- "/airflow help".'
        : messageTs === 'latest'
          ? `No message in #${identity.channel.name} yet: wait for an alert (the watcher posts them), or send a command.`
          : /^\d+\.\d+$/.test(messageTs)
            ? `No top-level message ${messageTs} in #${identity.channel.name}.`
            : `No top-level message in #${identity.channel.name} says "${messageTs}".`,
    );
    return EXIT.usage;
  }
  const button = findButton(message.blocks, labelOrIndex);
  if (button === undefined) {
    const labels = listButtons(message.blocks).map((b) => `[ ${b.text} ]`);
    deps.print(
      labels.length === 0
        ? `${capitalize(which)} has no buttons, so there is no "${labelOrIndex}" to click.`
        : `No button "${labelOrIndex}" on ${which}. Its buttons: ${labels.join('  ')}`,
    );
    return EXIT.usage;
  }
  const responseUrl = await standIn.newResponseUrl(
    message.id === undefined ? { channelId: message.channel } : { messageId: message.id },
  );
  const body = buildBlockActionsBody({
    button,
    message: { ...message, botUserId: LOCAL_BOT_USER.id, botId: LOCAL_BOT_USER.botId },
    responseUrl,
    triggerId: await standIn.newTriggerId(),
    now: deps.clock(),
    identity,
  });
  if (!settings.json) deps.print(`${identity.user.name} clicks [ ${button.text} ]${messageTs === undefined ? '' : ` on message ${message.ts}`}`);
  if (button.url !== undefined) return openLink(deps, body, button.url, settings);
  return sendAndFollow(deps, standIn, body, settings, state);
}

/**
 * A top-level message of the channel, as the stand-in holds it now: by `ts`, the newest one
 * (`latest`), or the newest one whose text holds the words given; only what everyone in the channel
 * sees (not ephemeral, not in a thread).
 */
async function channelMessage(standIn: StandInClient, channel: string, ts: string): Promise<RememberedMessage | undefined> {
  const topLevel = (await standIn.messages())
    .filter((m) => m.channel === channel && !m.ephemeral && m.threadTs === undefined)
    .sort((a, b) => Number(a.ts) - Number(b.ts) || a.updatedSeq - b.updatedSeq);
  const found =
    ts === 'latest'
      ? topLevel.at(-1)
      : /^\d+\.\d+$/.test(ts)
        ? topLevel.find((m) => m.ts === ts)
        : topLevel.findLast((m) => m.text.includes(ts));
  if (found === undefined) return undefined;
  const { id, ts: messageTs, ephemeral, text, blocks } = found;
  return { id, channel: found.channel, ts: messageTs, ephemeral, text, blocks };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A link button: Slack opens the URL in the browser and tells the app, which only acknowledges.
 * Nothing follows, so the URL is printed and the CLI is done.
 */
async function openLink(deps: CliDeps, body: string, url: string, settings: FollowSettings): Promise<number> {
  const reply = await sendToBot({ fetch: deps.fetch, url: deps.botUrl, signingSecret: deps.signingSecret, now: deps.clock(), body });
  if (settings.json) {
    deps.print(JSON.stringify({ status: reply.status, body: reply.text, opens: url }));
  } else {
    deps.print(describeImmediateReply(reply.status, reply.contentType, reply.text));
    deps.print(`Opens ${url}`);
  }
  return reply.status >= 300 ? EXIT.noAnswer : EXIT.ok;
}

/** Submits the last opened modal with `text` in its first text input. */
export async function runSubmit(deps: CliDeps, text: string, settings: FollowSettings): Promise<number> {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const state = await readCliState(deps.stateFile);
  const view = state.lastView;
  if (view === undefined) {
    deps.print('No modal is open: click a button that opens one first, such as --click "Add note".');
    return EXIT.usage;
  }
  const picked = currentValues(state, view);
  let values;
  try {
    // A modal of menus only (the builder) is submitted with what was picked, when no text is given;
    // otherwise every input as the modal opened, the text typed into its first text input, and what
    // was picked with --select over the menus' first values.
    values = text === '' && selectFields(view).length > 0 ? picked : { ...fillFirstTextInput(view.blocks, text), ...picked };
  } catch (error) {
    deps.print((error as Error).message);
    return EXIT.usage;
  }
  const standIn = createStandInClient(deps.standInUrl, deps.fetch);
  const body = buildViewSubmissionBody({ view, values, triggerId: await standIn.newTriggerId(), identity });
  if (!settings.json) deps.print(text === '' ? `${identity.user.name} submits the modal` : `${identity.user.name} submits the modal with: ${text}`);
  return sendAndFollow(deps, standIn, body, settings, state, { submittedViewId: view.id });
}

/**
 * The user posts a message holding `url` in their channel: Slack's `link_shared` event (signed
 * JSON) goes to the bot, and what it unfurls is printed. Every link is sent, whatever its host:
 * the bot's own check decides what is unfurled.
 */
export async function runPaste(deps: CliDeps, url: string, settings: FollowSettings): Promise<number> {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const now = deps.clock();
  const event = linkSharedEvent({ urls: [url], messageTs: actionTs(now), now, identity });
  if (!settings.json) deps.print(`${identity.user.name} in #${identity.channel.name}: ${url}`);
  const code = await sendEventAndFollow(deps, buildEventCallbackBody({ event, now, identity }), settings);
  if (code === EXIT.noAnswer && !settings.json) deps.print('Nothing was unfurled: the bot unfurls only links into the Airflow UI of a deployment it knows, for users who may read it.');
  return code;
}

/** The user opens the bot's Home tab: `app_home_opened` goes to the bot, and the tab it publishes is printed. */
export async function runHome(deps: CliDeps, settings: FollowSettings): Promise<number> {
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const now = deps.clock();
  if (!settings.json) deps.print(`${identity.user.name} opens the Home tab`);
  return sendEventAndFollow(deps, buildEventCallbackBody({ event: appHomeOpenedEvent({ now, identity }), now, identity }), settings);
}

/** An Events API request: acknowledged empty at once; the answer, if any, comes through the Web API. */
async function sendEventAndFollow(deps: CliDeps, body: string, settings: FollowSettings): Promise<number> {
  const standIn = createStandInClient(deps.standInUrl, deps.fetch);
  const afterSeq = (await standIn.eventsAfter(0)).at(-1)?.seq ?? 0;
  const reply = await sendToBot({ fetch: deps.fetch, url: deps.botUrl, signingSecret: deps.signingSecret, now: deps.clock(), body, contentType: 'application/json' });
  deps.print(settings.json ? JSON.stringify({ status: reply.status, body: reply.text }) : describeImmediateReply(reply.status, reply.contentType, reply.text));
  if (reply.status >= 300) {
    deps.print(`The bot refused the request (HTTP ${reply.status}).`);
    return EXIT.noAnswer;
  }
  const followed = await followReplies({
    standIn,
    afterSeq,
    answered: false,
    timeoutMs: settings.waitSeconds * 1000,
    quietMs: deps.quietMs ?? 1500,
    pollMs: deps.pollMs ?? 100,
    clock: deps.clock,
    sleep: deps.sleep,
    onEvent: (event) => deps.print(settings.json ? JSON.stringify(event) : describeEvent(event)),
  });
  if (!followed.answered) {
    deps.print(`No answer within ${settings.waitSeconds} s.`);
    return EXIT.noAnswer;
  }
  return EXIT.ok;
}

async function sendAndFollow(
  deps: CliDeps,
  standIn: StandInClient,
  body: string,
  settings: FollowSettings,
  state: CliState,
  submission?: { submittedViewId: string },
): Promise<number> {
  const afterSeq = (await standIn.eventsAfter(0)).at(-1)?.seq ?? 0;
  const reply = await sendToBot({ fetch: deps.fetch, url: deps.botUrl, signingSecret: deps.signingSecret, now: deps.clock(), body });
  deps.print(settings.json ? JSON.stringify({ status: reply.status, body: reply.text }) : describeImmediateReply(reply.status, reply.contentType, reply.text));
  if (reply.status >= 300) {
    deps.print(`The bot refused the request (HTTP ${reply.status}).`);
    return EXIT.noAnswer;
  }
  const immediate = immediateMessage(reply);
  const followed = await followReplies({
    standIn,
    afterSeq,
    answered: (immediate !== undefined && !isWorkingMessage(immediate)) || showsModalErrors(reply),
    timeoutMs: settings.waitSeconds * 1000,
    quietMs: deps.quietMs ?? 1500,
    pollMs: deps.pollMs ?? 100,
    clock: deps.clock,
    sleep: deps.sleep,
    onEvent: (event) => deps.print(settings.json ? JSON.stringify(event) : describeEvent(event)),
  });
  const identity = deps.identity ?? LOCAL_IDENTITY;
  const ack = immediate === undefined ? undefined : ackMessage(immediate, identity.channel.id, deps.clock());
  await writeCliState(deps.stateFile, await nextState(standIn, state, afterSeq, ack, submission, reply));
  if (!followed.answered && !(submission !== undefined && reply.text === '')) {
    deps.print(`No answer within ${settings.waitSeconds} s.`);
    return EXIT.noAnswer;
  }
  return EXIT.ok;
}

/** The message the immediate reply shows, when it is one. */
function immediateMessage(reply: BotReply): { text?: unknown; blocks?: unknown } | undefined {
  if (!(reply.contentType ?? '').includes('json')) return undefined;
  try {
    const body: unknown = JSON.parse(reply.text);
    return isRecord(body) && hasMessageContent(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

function showsModalErrors(reply: BotReply): boolean {
  try {
    const body: unknown = JSON.parse(reply.text);
    return isRecord(body) && body.response_action === 'errors';
  } catch {
    return false;
  }
}

/** The newest message and modal changed by this request become the ones `--click` and `--submit` act on. */
async function nextState(
  standIn: StandInClient,
  state: CliState,
  afterSeq: number,
  ack: RememberedMessage | undefined,
  submission: { submittedViewId: string } | undefined,
  reply: BotReply,
): Promise<CliState> {
  const next: CliState = { ...state };
  const changed = (await standIn.messages()).filter((m) => m.updatedSeq > afterSeq).sort((a, b) => a.updatedSeq - b.updatedSeq);
  const newest = changed.at(-1);
  if (newest !== undefined) {
    const { id, channel, ts, ephemeral, text, blocks } = newest;
    next.lastMessage = { id, channel, ts, ephemeral, text, blocks };
  } else if (ack !== undefined) {
    next.lastMessage = ack;
  }
  // A submission the bot accepted closes the modal.
  if (submission !== undefined && reply.text === '') delete next.lastView;
  const views = (await standIn.views()).filter((v) => v.updatedSeq > afterSeq).sort((a, b) => a.updatedSeq - b.updatedSeq);
  const newestView = views.at(-1);
  if (newestView !== undefined) next.lastView = newestView.view;
  return next;
}

/** The immediate reply as Slack shows it: an ephemeral message the stand-in never saw, so it has no id. */
function ackMessage(body: { text?: unknown; blocks?: unknown }, channel: string, now: number): RememberedMessage {
  return {
    channel,
    ts: actionTs(now),
    ephemeral: true,
    text: typeof body.text === 'string' ? body.text : '',
    blocks: Array.isArray(body.blocks) ? body.blocks : [],
  };
}

/** `/airflow ti x` → command `/airflow`, text `ti x`; without a leading `/`, the local slash command is assumed. */
function splitCommandLine(commandLine: string): { command: string; text: string } {
  const trimmed = commandLine.trim();
  if (!trimmed.startsWith('/')) return { command: LOCAL_SLASH_COMMAND, text: trimmed };
  const space = trimmed.search(/\s/);
  return space === -1 ? { command: trimmed, text: '' } : { command: trimmed.slice(0, space), text: trimmed.slice(space + 1).trim() };
}
