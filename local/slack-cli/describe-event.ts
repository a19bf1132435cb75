import type { StandInEvent } from '../slack-stand-in/types';
import { isRecord } from './is-record';
import { renderMessageAsText, renderViewAsText } from './render-blocks';
import { hasMessageContent, isWorkingMessage } from './working-message';

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update']);
const VIEW_METHODS = new Set(['views.open', 'views.push', 'views.update']);
/** What a pasted link or an opened Home tab is answered with. */
const UNFURL = 'chat.unfurl';
const HOME = 'views.publish';
/** The last step of a file upload: the file is shared. */
const FILE_SHARED = 'files.completeUploadExternal';

/**
 * Whether an event is (part of) the bot's answer: a message that is not a "working…" reply, or
 * a modal. Look-ups such as `usergroups.users.list` and deletions are not answers.
 */
export function isAnswerEvent(event: StandInEvent): boolean {
  if (event.kind === 'response_url') {
    return isRecord(event.body) && event.body.delete_original !== true && hasMessageContent(event.body) && !isWorkingMessage(event.body);
  }
  const method = event.method ?? '';
  if (VIEW_METHODS.has(method) || method === FILE_SHARED || method === UNFURL || method === HOME) return true;
  return MESSAGE_METHODS.has(method) && hasMessageContent(event.body) && !isWorkingMessage(event.body);
}

/** An event as readable text: a heading line, then the message or modal it carries. */
export function describeEvent(event: StandInEvent): string {
  const body = isRecord(event.body) ? event.body : {};
  if (event.kind === 'response_url') {
    if (body.delete_original === true) return '← response_url: deletes the original message';
    const flags = [
      body.replace_original === true ? 'replaces the original' : 'new message',
      body.response_type === 'in_channel' ? 'in channel' : 'only you',
    ];
    return withBody(`← response_url (${flags.join(', ')})`, renderMessageAsText(body));
  }
  const method = event.method ?? 'unknown';
  if (MESSAGE_METHODS.has(method)) {
    const where = typeof body.channel === 'string' ? ` in ${body.channel}` : '';
    const thread = typeof body.thread_ts === 'string' ? ` (thread of ${body.thread_ts})` : '';
    return withBody(`← ${method}${where}${thread}`, renderMessageAsText(body));
  }
  if (VIEW_METHODS.has(method)) return withBody(`← ${method}`, renderViewAsText(body.view));
  if (method === UNFURL) {
    const unfurls = isRecord(body.unfurls) ? Object.entries(body.unfurls) : [];
    return unfurls.map(([url, shown]) => withBody(`← ${method}: ${url}`, isRecord(shown) ? renderMessageAsText(shown) : '')).join('\n') || `← ${method}`;
  }
  if (method === HOME) {
    const user = typeof body.user_id === 'string' ? ` of ${body.user_id}` : '';
    return withBody(`← ${method}: the Home tab${user}`, isRecord(body.view) ? renderMessageAsText(body.view) : '');
  }
  if (method === FILE_SHARED) {
    const where = typeof body.channel_id === 'string' ? ` in ${body.channel_id}` : '';
    const comment = typeof body.initial_comment === 'string' ? body.initial_comment : '';
    return withBody(`← ${method}: a file shared${where}`, comment);
  }
  if (event.kind === 'upload') return `· upload of ${String(event.body)}`;
  return `· ${method}`;
}

/** The bot's immediate HTTP answer as readable text. */
export function describeImmediateReply(status: number, contentType: string | null, text: string): string {
  const heading = `→ HTTP ${status}`;
  if (text === '') return `${heading} (acknowledged)`;
  let body: unknown = text;
  if ((contentType ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!isRecord(body)) return withBody(heading, text);
  if (body.response_action === 'errors' && isRecord(body.errors)) {
    const lines = Object.entries(body.errors).map(([field, message]) => `  ${field}: ${String(message)}`);
    return withBody(`${heading}: the modal shows errors`, lines.join('\n'));
  }
  if (hasMessageContent(body)) return withBody(heading, renderMessageAsText(body));
  return withBody(heading, JSON.stringify(body));
}

function withBody(heading: string, body: string): string {
  return body === '' ? heading : `${heading}\n${body}`;
}
