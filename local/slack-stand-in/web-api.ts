import * as chat from './chat-methods';
import * as directory from './directory-methods';
import * as files from './file-methods';
import type { RateLimiter } from './slack-rules';
import * as surfaces from './surface-methods';
import * as views from './view-methods';
import { WebApiError, type WebApiContext, type WebApiMethod } from './web-api-context';

/** The Web API methods the stand-in serves; everything else is `unknown_method`. */
export const WEB_API_METHODS: Readonly<Record<string, WebApiMethod>> = {
  'auth.test': directory.authTest,
  'chat.postMessage': chat.postMessage,
  'chat.postEphemeral': chat.postEphemeral,
  'chat.update': chat.update,
  'chat.unfurl': surfaces.unfurl,
  'views.open': views.open,
  'views.update': views.update,
  'views.push': views.push,
  'views.publish': surfaces.publish,
  'usergroups.users.list': directory.usergroupUsers,
  'conversations.info': directory.conversationInfo,
  'users.info': directory.userInfo,
  'files.getUploadURLExternal': files.getUploadUrlExternal,
  'files.completeUploadExternal': files.completeUploadExternal,
};

/** Who called: the token from `Authorization: Bearer …` or the `token` argument. */
export type WebApiCaller = { token: string | undefined };

/** The HTTP answer to a Web API call. */
export interface WebApiAnswer {
  /** 200, even for Slack's errors; 429 when rate limited. */
  status: number;
  /** `Retry-After` (seconds) on a 429. */
  retryAfter?: number;
  body: Record<string, unknown>;
}

/**
 * Answers one Web API call as Slack would: `unknown_method`, then `not_authed` / `invalid_auth`
 * for a missing or wrong token, then `429 ratelimited` with `Retry-After` over the method's rate
 * limit, then the method's own answer or error.
 */
export function callWebApi(
  method: string,
  args: Record<string, unknown>,
  caller: WebApiCaller,
  botToken: string,
  ctx: WebApiContext,
  rates: RateLimiter,
): WebApiAnswer {
  const handler = WEB_API_METHODS[method];
  try {
    if (handler === undefined) throw new WebApiError('unknown_method');
    if (caller.token === undefined || caller.token === '') throw new WebApiError('not_authed');
    if (caller.token !== botToken) throw new WebApiError('invalid_auth');
    const retryAfter = rates.admit(method, args);
    if (retryAfter !== undefined) return { status: 429, retryAfter, body: { ok: false, error: 'ratelimited' } };
    return { status: 200, body: { ok: true, ...handler(args, ctx) } };
  } catch (error) {
    if (!(error instanceof WebApiError)) throw error;
    return {
      status: 200,
      body: {
        ok: false,
        error: error.error,
        ...(error.errors.length > 0 ? { errors: error.errors } : {}),
        ...(error.detailLines.length > 0 ? { response_metadata: { messages: error.detailLines } } : {}),
      },
    };
  }
}
