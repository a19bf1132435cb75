import type { BlockAction, SlashCommand } from '@slack/bolt';
import { LIST_ROW_BLOCK_PREFIX } from '../views/task-instance-list';
import type { SlackRequestContext } from '../protocol/job';

/** Who and where, from a slash command. The answer goes to its `response_url`. */
export function contextFromCommand(command: SlashCommand): SlackRequestContext {
  return {
    userId: command.user_id,
    userName: command.user_name,
    teamId: command.team_id,
    channelId: command.channel_id,
    responseUrl: command.response_url,
    isEphemeral: true,
  };
}

/** Who and where, from a button click, including the message the button sat on. */
export function contextFromBlockAction(body: BlockAction): SlackRequestContext {
  const container = body.container as { message_ts?: unknown; channel_id?: unknown; is_ephemeral?: unknown };
  const channelId = body.channel?.id ?? (typeof container.channel_id === 'string' ? container.channel_id : undefined);
  const messageTs = body.message?.ts ?? (typeof container.message_ts === 'string' ? container.message_ts : undefined);
  return {
    userId: body.user.id,
    userName: body.user.username ?? body.user.name,
    teamId: body.team?.id ?? body.user.team_id,
    channelId,
    responseUrl: body.response_url,
    messageTs,
    // Slack sends no `message` for ephemeral messages; those can only be changed via response_url.
    isEphemeral: container.is_ephemeral === true || body.message === undefined,
    fromList: body.actions.some((action) => action.block_id.startsWith(LIST_ROW_BLOCK_PREFIX)),
  };
}
