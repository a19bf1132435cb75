import { createHmac } from 'node:crypto';

/** The two headers Slack adds to every request it sends to an app. */
export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * Signs a request body the way Slack does (signature version `v0`): the hex HMAC-SHA256, keyed by
 * the app's signing secret, of `v0:<timestamp>:<raw body>`. Bolt recomputes the same value and
 * refuses the request when it differs or when the timestamp is more than five minutes away.
 *
 * @example
 * signSlackRequest('local-signing-secret', 'command=%2Fairflow&text=help', 1_767_225_600)
 * // { 'x-slack-signature': 'v0=…', 'x-slack-request-timestamp': '1767225600' }
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string | Buffer,
  timestampSeconds: number,
): SlackSignatureHeaders {
  const timestamp = String(Math.floor(timestampSeconds));
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return {
    'x-slack-signature': `v0=${hmac.digest('hex')}`,
    'x-slack-request-timestamp': timestamp,
  };
}
