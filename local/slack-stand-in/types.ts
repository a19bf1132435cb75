/** One request the Slack stand-in received, in order of arrival. */
export interface StandInEvent {
  /** 1, 2, 3…: the position in the feed (`GET /_stand-in/events?after=<seq>`). */
  seq: number;
  /** A post to a `response_url`, a Web API call, or the bytes of a file upload. */
  kind: 'response_url' | 'web_api' | 'upload';
  /** The Web API method, such as `chat.postMessage`. */
  method?: string;
  /** The URL the request was sent to. */
  url: string;
  /** The request's arguments, parsed from JSON or a form (a Web API `token` argument is left out). */
  body: unknown;
  /** When it arrived, in milliseconds since the epoch. */
  at: number;
}

/** How a message came to be. */
export type MessageOrigin = 'response_url' | 'chat.postMessage' | 'chat.postEphemeral';

/** A message as it stands now, after every replacement or update. */
export interface StandInMessage {
  /** The stand-in's own id, to bind a `response_url` to this message. */
  id: string;
  channel: string;
  ts: string;
  /** Only the user who asked sees it; the bot cannot `chat.update` it. */
  ephemeral: boolean;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  /** The user an ephemeral message is shown to, when known. */
  user?: string;
  origin: MessageOrigin;
  /** The `seq` of the event that created or last changed it. */
  updatedSeq: number;
}

/** A modal's view in Slack's own shape, as `views.open` answers it and `view_submission` carries it. */
export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  blocks: unknown[];
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  state: { values: Record<string, Record<string, unknown>> };
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  bot_id: string;
}

/** A view the bot opened, pushed or updated, as it stands now. */
export interface StandInView {
  view: SlackView;
  /** The method that opened it. */
  openedWith: 'views.open' | 'views.push';
  triggerId: string;
  /** The `seq` of the event that opened or last updated it. */
  updatedSeq: number;
}

/** A file uploaded through `files.getUploadURLExternal`, the upload URL and `files.completeUploadExternal`. */
export interface StandInFile {
  id: string;
  filename: string;
  /** The length announced before the upload. */
  length: number;
  /** The bytes received at the upload URL. */
  content?: Buffer;
  /** True once `files.completeUploadExternal` shared it. */
  completed: boolean;
  title?: string;
  channel?: string;
  threadTs?: string;
  initialComment?: string;
  /** The `seq` of the `files.getUploadURLExternal` call. */
  createdSeq: number;
}
