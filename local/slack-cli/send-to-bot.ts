import { signSlackRequest } from '../slack-signing';

/** The bot's immediate answer to a request. */
export interface BotReply {
  status: number;
  contentType: string | null;
  text: string;
}

export interface SendToBotOptions {
  fetch: typeof fetch;
  /** `http://127.0.0.1:3000/slack/events` */
  url: string;
  signingSecret: string;
  /** Milliseconds since the epoch: the request is stamped and signed with this time. */
  now: number;
  /** A form body, as Slack sends it, or JSON (the Events API) with `contentType`. */
  body: string;
  /** @default 'application/x-www-form-urlencoded' */
  contentType?: string;
}

/**
 * Posts a body to the bot as Slack does: signed with the signing secret.
 *
 * @throws Error saying the bot is not running when it cannot be reached.
 */
export async function sendToBot(options: SendToBotOptions): Promise<BotReply> {
  const signature = signSlackRequest(options.signingSecret, options.body, Math.floor(options.now / 1000));
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        ...signature,
      },
      body: options.body,
    });
  } catch (error) {
    throw new Error(`The bot is not running at ${options.url} (start it with npm start).`, { cause: error });
  }
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}
