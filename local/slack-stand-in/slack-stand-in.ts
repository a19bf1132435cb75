import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../src/clock';
import { LOCAL_APP_ID, LOCAL_BOT_USER, LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USERS } from '../local-settings';
import { readRequestBody } from '../read-request-body';
import { webApiArgs } from './request-args';
import { RESPONSE_URL_PATH, ResponseUrls, type ResponseUrlBinding } from './response-urls';
import { createSlackIds } from './slack-ids';
import { RateLimiter, SLACK_RATE_LIMITS, type RateLimits } from './slack-rules';
import { StandInState } from './stand-in-state';
import { receiveUpload, UPLOAD_PATH } from './file-methods';
import { TriggerIds } from './trigger-ids';
import type { StandInEvent, StandInFile, StandInMessage, StandInView } from './types';
import { callWebApi } from './web-api';
import type { StandInDirectory, WebApiContext } from './web-api-context';

export interface SlackStandInOptions {
  /** 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The only token the Web API accepts. */
  botToken: string;
  /** User group id → member user ids, for `usergroups.users.list`. */
  userGroups?: Record<string, string[]>;
  /** User id → name, for `users.info` and `chat.postEphemeral`; the two local users by default. */
  users?: Record<string, string>;
  /** User id → IANA time zone, for `users.info`'s `tz`; `Etc/UTC` for anyone not listed. */
  timeZones?: Record<string, string>;
  /** Channel id → name, for `conversations.info` and posting; the demo channel by default. */
  channels?: Record<string, string>;
  /**
   * The channels the bot was invited to, where it may post (`not_in_channel` elsewhere); every
   * channel of `channels` by default. Direct messages (`D…`) need no invitation.
   */
  botChannels?: string[];
  /**
   * Slack's rate limits, kept by default with Slack's numbers ({@link SLACK_RATE_LIMITS}): some may
   * be changed, or all lifted with `'off'` by a test that means to go over them (and says so).
   */
  rateLimits?: Partial<RateLimits> | 'off';
  clock?: Clock;
}

/** A local Slack: the Web API and response URLs the bot talks to, and a record of what it said. */
export interface SlackStandIn {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `http://127.0.0.1:<port>/api/`: the bot's `SLACK_API_URL`. */
  apiUrl: string;
  /**
   * A new `response_url`. Bound to a message, `replace_original`/`delete_original` act on it (a
   * button's URL); unbound, it posts to `channelId` (the demo channel by default), as a slash command's does.
   *
   * @throws Error when `messageId` names no message.
   */
  newResponseUrl(bind?: ResponseUrlBinding): string;
  /**
   * A new `trigger_id`, as Slack puts in an interaction's payload: it opens one view with
   * `views.open` or `views.push` within 3 seconds from now (by the stand-in's clock).
   */
  newTriggerId(): string;
  /** Invites the bot to a channel of the workspace, so it may post there. */
  inviteBot(channelId: string): void;
  /** Removes the bot from a channel: its posts there are then `not_in_channel`. */
  removeBot(channelId: string): void;
  /** Every request received, in order. */
  readonly events: readonly StandInEvent[];
  /** Every message as it stands now, in order of creation; deleted ones are gone. */
  readonly messages: StandInMessage[];
  /** Every view opened or pushed, as it stands now. */
  readonly views: StandInView[];
  /** Every file uploaded, with its bytes and where it was shared. */
  readonly files: StandInFile[];
  /** The first event, received or to come, that `predicate` accepts; rejects after `timeoutMs`. */
  waitForEvent(predicate: (event: StandInEvent) => boolean, timeoutMs: number): Promise<StandInEvent>;
  close(): Promise<void>;
}

const STAND_IN_PATH = '/_stand-in/';

/**
 * Starts the Slack stand-in on loopback. Besides Slack's own surfaces (`/api/<method>` and
 * response URLs) it has a read API for another process, such as `npm run slack`:
 * `GET /_stand-in/events?after=<seq>`, `GET /_stand-in/messages`, `GET /_stand-in/views`,
 * `POST /_stand-in/response-urls` with `{messageId?, channelId?}` → `{url}`, and
 * `POST /_stand-in/trigger-ids` → `{triggerId}`.
 *
 * @example
 * const slack = await startSlackStandIn({ botToken: 'xoxb-local-bot-token' });
 * const responseUrl = slack.newResponseUrl();
 * await slack.waitForEvent((e) => e.kind === 'response_url', 5000);
 * await slack.close();
 */
export async function startSlackStandIn(options: SlackStandInOptions): Promise<SlackStandIn> {
  const clock = options.clock ?? systemClock;
  const state = new StandInState();
  const ids = createSlackIds(clock);
  const directory: StandInDirectory = {
    team: LOCAL_TEAM,
    bot: { userId: LOCAL_BOT_USER.id, name: LOCAL_BOT_USER.name, botId: LOCAL_BOT_USER.botId },
    appId: LOCAL_APP_ID,
    users: options.users ?? { ...LOCAL_USERS },
    timeZones: options.timeZones ?? {},
    channels: options.channels ?? { [LOCAL_CHANNEL.id]: LOCAL_CHANNEL.name },
    botChannels: new Set(),
    userGroups: options.userGroups ?? {},
  };
  for (const channel of options.botChannels ?? Object.keys(directory.channels)) directory.botChannels.add(channel);
  const responseUrls = new ResponseUrls(Object.keys(directory.channels)[0] ?? LOCAL_CHANNEL.id, clock);
  const triggerIds = new TriggerIds(clock, ids);
  const rates = new RateLimiter(clock, options.rateLimits === 'off' ? 'off' : { ...SLACK_RATE_LIMITS, ...options.rateLimits });
  let baseUrl = '';

  const newResponseUrl = (bind?: ResponseUrlBinding) =>
    `${baseUrl}${RESPONSE_URL_PATH.slice(1)}${responseUrls.create({ state, ids }, bind)}`;

  function handle(request: IncomingMessage, response: ServerResponse, rawBody: string): void {
    const url = new URL(request.url ?? '/', baseUrl);
    const method = request.method ?? 'GET';
    const fullUrl = url.toString();
    const context = (seq: number): WebApiContext => ({ state, ids, directory, triggerIds, seq, baseUrl });

    if (url.pathname.startsWith('/api/')) {
      const apiMethod = url.pathname.slice('/api/'.length);
      let args: Record<string, unknown>;
      try {
        args = webApiArgs(request.headers['content-type'], rawBody, url.searchParams);
      } catch {
        const event = state.record({ kind: 'web_api', method: apiMethod, url: fullUrl, body: rawBody, at: clock() });
        sendJson(response, 200, { ok: false, error: 'invalid_json' });
        state.announce(event);
        return;
      }
      const { token: tokenArg, ...publicArgs } = args;
      const event = state.record({ kind: 'web_api', method: apiMethod, url: fullUrl, body: publicArgs, at: clock() });
      const token = bearerToken(request.headers.authorization) ?? (typeof tokenArg === 'string' ? tokenArg : undefined);
      const answer = callWebApi(apiMethod, publicArgs, { token }, options.botToken, context(event.seq), rates);
      sendJson(response, answer.status, answer.body, answer.retryAfter === undefined ? {} : { 'retry-after': String(answer.retryAfter) });
      state.announce(event);
      return;
    }

    if (url.pathname.startsWith(RESPONSE_URL_PATH) && method === 'POST') {
      const body = parseJsonOr(rawBody);
      const event = state.record({ kind: 'response_url', url: fullUrl, body, at: clock() });
      const answer = responseUrls.post(url.pathname.slice(RESPONSE_URL_PATH.length), body, context(event.seq));
      response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(answer.text);
      state.announce(event);
      return;
    }

    if (url.pathname.startsWith(STAND_IN_PATH)) {
      handleReadApi(url, method, rawBody, response);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('not_found');
  }

  function handleReadApi(url: URL, method: string, rawBody: string, response: ServerResponse): void {
    const route = `${method} ${url.pathname.slice(STAND_IN_PATH.length)}`;
    switch (route) {
      case 'GET events': {
        const after = Number(url.searchParams.get('after') ?? '0');
        sendJson(response, 200, state.eventsAfter(Number.isFinite(after) ? after : 0));
        return;
      }
      case 'GET messages':
        sendJson(response, 200, state.messages);
        return;
      case 'GET views':
        sendJson(response, 200, state.views);
        return;
      case 'GET files':
        sendJson(response, 200, state.files.map(({ content, ...file }) => ({ ...file, content: content?.toString('utf8') })));
        return;
      case 'POST trigger-ids':
        sendJson(response, 200, { triggerId: triggerIds.issue() });
        return;
      case 'POST response-urls': {
        const body = parseJsonOr(rawBody === '' ? '{}' : rawBody);
        const bind = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
        try {
          const url = newResponseUrl({
            ...(typeof bind.messageId === 'string' ? { messageId: bind.messageId } : {}),
            ...(typeof bind.channelId === 'string' ? { channelId: bind.channelId } : {}),
          });
          sendJson(response, 200, { url });
        } catch (error) {
          sendJson(response, 404, { error: (error as Error).message });
        }
        return;
      }
      default:
        sendJson(response, 404, { error: `No stand-in route ${route}.` });
    }
  }

  /** The upload URL of `files.getUploadURLExternal` takes bytes, not a Web API call. */
  async function handleUpload(request: IncomingMessage, response: ServerResponse, body: Buffer): Promise<boolean> {
    const path = new URL(request.url ?? '/', baseUrl).pathname;
    if (!path.startsWith(UPLOAD_PATH) || request.method !== 'POST') return false;
    const event = state.record({ kind: 'upload', url: `${baseUrl}${path.slice(1)}`, body: `${body.length} bytes`, at: clock() });
    const answer = await receiveUpload({ state, ids, directory, triggerIds, seq: event.seq, baseUrl }, path.slice(UPLOAD_PATH.length), request.headers['content-type'], body);
    response.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(answer.text);
    state.announce(event);
    return true;
  }

  const server = createServer((request, response) => {
    readRequestBody(request)
      .then(async (body) => {
        if (!(await handleUpload(request, response, body))) handle(request, response, body.toString('utf8'));
      })
      .catch((error: unknown) => {
        process.stderr.write(`[slack-stand-in] ${request.method} ${request.url} failed: ${String(error)}\n`);
        if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'internal_error' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}/`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}api/`,
    newResponseUrl,
    newTriggerId: () => triggerIds.issue(),
    inviteBot: (channelId) => {
      if (directory.channels[channelId] === undefined) throw new Error(`No channel ${channelId} in the stand-in's workspace to invite the bot to.`);
      directory.botChannels.add(channelId);
    },
    removeBot: (channelId) => {
      directory.botChannels.delete(channelId);
    },
    events: state.events,
    get messages() {
      return state.messages;
    },
    get views() {
      return state.views;
    },
    get files() {
      return state.files;
    },
    waitForEvent: (predicate, timeoutMs) => state.waitForEvent(predicate, timeoutMs),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
