import type { SlackIds } from './slack-ids';
import type { StandInState } from './stand-in-state';
import type { TriggerIds } from './trigger-ids';

/** Who and what exists in the stand-in's workspace. */
export interface StandInDirectory {
  team: { id: string; domain: string };
  bot: { userId: string; name: string; botId: string };
  appId: string;
  /** User id → user name. */
  users: Readonly<Record<string, string>>;
  /** User id → IANA time zone (`users.info`'s `tz`); `Etc/UTC` for anyone not listed. */
  timeZones: Readonly<Record<string, string>>;
  /** Channel id → channel name (without `#`). */
  channels: Readonly<Record<string, string>>;
  /** The channels the bot is a member of (invited to), which it may post in; direct messages (`D…`) need no invitation. */
  botChannels: Set<string>;
  /** User group id (`S…`) → member user ids. */
  userGroups: Readonly<Record<string, readonly string[]>>;
}

/** What a Web API method works with. */
export interface WebApiContext {
  state: StandInState;
  ids: SlackIds;
  directory: StandInDirectory;
  triggerIds: TriggerIds;
  /** The `seq` of the event being handled. */
  seq: number;
  /** `http://127.0.0.1:<port>/`, for URLs the stand-in hands out. */
  baseUrl: string;
}

/** A Web API method: its arguments in, the fields of an `ok: true` answer out. */
export type WebApiMethod = (args: Record<string, unknown>, ctx: WebApiContext) => Record<string, unknown>;

/**
 * A Slack error answer (`{ ok: false, error }`), with the detail lines Slack gives for bad
 * arguments (`response_metadata.messages`) and, for `invalid_blocks`, its `errors` list.
 */
export class WebApiError extends Error {
  constructor(
    readonly error: string,
    readonly detailLines: string[] = [],
    readonly errors: string[] = [],
  ) {
    super(error);
    this.name = 'WebApiError';
  }
}

/** A required string argument; Slack's `invalid_arguments` when it is missing or empty. */
export function requiredString(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') {
    throw new WebApiError('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
  }
  return value;
}

/** A string argument that may be absent; an empty string counts as absent, as in Slack. */
export function optionalString(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An object argument, which a form sends as JSON text. */
export function requiredObject(args: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = args[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebApiError('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
  }
  return value as Record<string, unknown>;
}
