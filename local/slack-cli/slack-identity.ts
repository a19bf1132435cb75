import { randomBytes, randomInt } from 'node:crypto';
import { LOCAL_APP_ID, LOCAL_CHANNEL, LOCAL_TEAM, LOCAL_USER, LOCAL_USERS, LOCAL_VERIFICATION_TOKEN } from '../local-settings';

/** Who sends a request and where from: the fields every Slack payload repeats. */
export interface SlackIdentity {
  user: { id: string; name: string };
  team: { id: string; domain: string };
  channel: { id: string; name: string };
  appId: string;
  /** The deprecated verification token Slack still includes. */
  token: string;
}

/** The demo user in the demo channel, as `npm run slack` speaks. */
export const LOCAL_IDENTITY: SlackIdentity = {
  user: { ...LOCAL_USER },
  team: { ...LOCAL_TEAM },
  channel: { ...LOCAL_CHANNEL },
  appId: LOCAL_APP_ID,
  token: LOCAL_VERIFICATION_TOKEN,
};

/** Changes to the local identity, field by field. */
export interface IdentityOverrides {
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
}

/** The local identity with some fields changed (an unknown id keeps the local name unless one is given). */
export function identityWith(overrides: IdentityOverrides = {}): SlackIdentity {
  return {
    ...LOCAL_IDENTITY,
    user: { id: overrides.userId ?? LOCAL_USER.id, name: overrides.userName ?? LOCAL_USER.name },
    channel: { id: overrides.channelId ?? LOCAL_CHANNEL.id, name: overrides.channelName ?? LOCAL_CHANNEL.name },
    team: { ...LOCAL_TEAM, id: overrides.teamId ?? LOCAL_TEAM.id },
  };
}

/** The identity of `--user <id>`: the demo user's, with that id and the name the stand-in knows it by (the id when unknown). */
export function identityOfUser(userId: string | undefined): SlackIdentity {
  if (userId === undefined) return LOCAL_IDENTITY;
  return identityWith({ userId, userName: LOCAL_USERS[userId] ?? userId });
}

/**
 * A trigger id in Slack's format (`<digits>.<digits>.<hex>`) that no Slack stand-in issued: enough
 * for a request that opens no view. One that opens a view takes its trigger from the stand-in
 * (`newTriggerId()`, `POST /_stand-in/trigger-ids`), which refuses any other, as Slack does.
 */
export function newTriggerId(): string {
  return `${randomInt(1e9, 1e10)}.${randomInt(1e8, 1e9)}.${randomBytes(16).toString('hex')}`;
}

/** A Slack timestamp (`action_ts`, a message `ts`): seconds with microseconds. */
export function actionTs(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${String((nowMs % 1000) * 1000).padStart(6, '0')}`;
}
