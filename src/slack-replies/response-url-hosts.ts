/**
 * The hosts Slack hands out `response_url`s on: `hooks.slack.com`, and `hooks.slack-gov.com` for
 * GovSlack, which runs on its own `slack-gov.com` domain. Always HTTPS on the default port.
 */
export const SLACK_RESPONSE_URL_HOSTS: readonly string[] = ['hooks.slack.com', 'hooks.slack-gov.com'];

/**
 * Whether the bot may post to `url` as a `response_url`: an HTTPS URL on one of Slack's hosts, or
 * a URL on one of `extraOrigins` (exact origins such as `http://127.0.0.1:3001`, for the local
 * stand-in). Anything else would let a request make the bot post, with its answers, anywhere.
 *
 * @example
 * isAllowedResponseUrl('https://hooks.slack.com/commands/T1/2/abc') // true
 * isAllowedResponseUrl('https://attacker.example/hooks') // false
 */
export function isAllowedResponseUrl(url: string, extraOrigins: readonly string[] = []): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials in a URL are never Slack's; they only serve to disguise the host.
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:' && parsed.port === '' && SLACK_RESPONSE_URL_HOSTS.includes(parsed.hostname)) return true;
  return extraOrigins.includes(parsed.origin);
}
