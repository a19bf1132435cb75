import { LOCAL_IDENTITY, type SlackIdentity } from './slack-identity';

export interface SlashCommandInput {
  /** Such as `/airflow`. */
  command: string;
  /** What follows the command, as typed. */
  text: string;
  /** Where the bot answers later. */
  responseUrl: string;
  triggerId: string;
  /** The demo user in the demo channel by default. */
  identity?: SlackIdentity;
}

/**
 * The form body Slack posts for a slash command, fields in Slack's order, spaces as `+`.
 *
 * @example
 * buildSlashCommandBody({ command: '/airflow', text: 'ti demo-v2 etl_daily latest transform', responseUrl, triggerId })
 * // 'token=…&team_id=TLOCAL0001&…&command=%2Fairflow&text=ti+demo-v2+etl_daily+latest+transform&…'
 */
export function buildSlashCommandBody(input: SlashCommandInput): string {
  const who = input.identity ?? LOCAL_IDENTITY;
  return new URLSearchParams([
    ['token', who.token],
    ['team_id', who.team.id],
    ['team_domain', who.team.domain],
    ['channel_id', who.channel.id],
    ['channel_name', who.channel.name],
    ['user_id', who.user.id],
    ['user_name', who.user.name],
    ['command', input.command],
    ['text', input.text],
    ['api_app_id', who.appId],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId],
  ]).toString();
}
